import CLITestSupport
import Foundation
import XCTest

/// Every `fixture-check` command in the README's shell blocks runs as
/// written, in order, from a copy of the repository root: none is bad
/// usage (64) or bad input (2). Exit 1 is a gate's answer (the promotion
/// run differs from the goldens, a compare that pauses), not a broken
/// example.
final class ReadmeCommandsTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The README's `sh` blocks as commands (continuation lines joined),
    /// without the set-up scripts, which the suite itself runs under.
    static func commands() throws -> [String] {
        let readme = try String(contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
        var commands: [String] = [], inBlock = false, pending = ""
        for line in readme.components(separatedBy: "\n") {
            if line.hasPrefix("```") { inBlock = line == "```sh"; continue }
            guard inBlock else { continue }
            pending += line
            if pending.hasSuffix("\\") { pending.removeLast(); continue }
            let command = pending.trimmingCharacters(in: .whitespaces)
            pending = ""
            if !command.isEmpty, !command.hasPrefix("Scripts/"), !command.hasPrefix("#") { commands.append(command) }
        }
        return commands
    }

    func testEveryReadmeCommandRunsAsWritten() throws {
        let commands = try Self.commands()
        XCTAssertGreaterThanOrEqual(commands.count, 14, "the README's examples were not found")
        let scratch = try TemporaryDirectory()
        for item in ["Fixtures", "Goldens", "docs/examples", "fixture-check.json"] {
            let target = scratch.url.appendingPathComponent(item)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.repository.appendingPathComponent(item), to: target)
        }
        let path = CLI.productsDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for command in commands {
            let result = try CLI.shell(command, environment: ["PATH": path, "GITHUB_STEP_SUMMARY": scratch.path("summary.md")],
                                       cwd: scratch.url, watchdogSeconds: 300)
            XCTAssertTrue([0, 1].contains(result.status), "README command failed (exit \(result.status)): \(command)\n\(result.stderr)")
        }
        // What the examples promise to leave behind.
        for made in ["junit.xml", "page.html", "coverage.html", "baseline.json", "trend.html", "summary.md",
                     "Fixtures/barge-in-sdk-echo-002/fixture.json", "Goldens/barge-in-sdk-echo-002.json",
                     "Fixtures/synth-example-noisy-call-001/fixture.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.path(made)), "the README's commands did not make \(made)")
        }
    }
}
