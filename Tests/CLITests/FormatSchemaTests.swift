import CLITestSupport
import Foundation
import XCTest

/// `Scripts/validate-formats` (docs/formats.md): every bundled file and the
/// JSON the built executable writes conform to the schemas in
/// `docs/schemas`, and the schemas refuse what the decoders refuse.
final class FormatSchemaTests: XCTestCase {
    /// The repository root: this file is `Tests/CLITests/FormatSchemaTests.swift`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct ScriptResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the script with the project venv's Python (`Scripts/setup`
    /// installs `jsonschema` there), from the repository root.
    func validate(_ arguments: [String]) throws -> ScriptResult {
        let python = Self.root.appendingPathComponent(".venv/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw NSError(domain: "FormatSchemaTests", code: 1,
                          userInfo: [NSLocalizedDescriptionKey: "\(python.path) is missing: run Scripts/setup"])
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [Self.root.appendingPathComponent("Scripts/validate-formats").path] + arguments
        process.currentDirectoryURL = Self.root
        let scratch = try TemporaryDirectory()
        let outURL = scratch.url.appendingPathComponent("stdout"), errURL = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return ScriptResult(status: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    func testEveryBundledFileAndEveryJSONOutputMatchesItsSchema() throws {
        let result = try validate([CLI.executable.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let last = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(last.hasSuffix(" passed, 0 failed"), last)
        let passed = Int(last.split(separator: " ").first ?? "") ?? 0
        XCTAssertGreaterThan(passed, 100, "too few documents validated: \(last)")
    }

    /// A copy of the repository's schemas and one fixture whose manifest
    /// has an unknown key and whose ASR trace has an `interim` line: both are
    /// reported, with file, line and JSON path, and the run fails.
    func testTheSchemasRefuseWhatTheDecodersRefuse() throws {
        let scratch = try TemporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(at: scratch.url.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try fm.copyItem(at: Self.root.appendingPathComponent("docs/schemas"),
                        to: scratch.url.appendingPathComponent("docs/schemas"))
        let folder = scratch.url.appendingPathComponent("Fixtures/asr-partial-churn-001")
        try fm.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fm.copyItem(at: Self.root.appendingPathComponent("Fixtures/asr-partial-churn-001"), to: folder)

        let manifestURL = folder.appendingPathComponent("fixture.json")
        var manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
        manifest["asr_trace"] = "asr.jsonl"
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        let traceURL = folder.appendingPathComponent("asr.jsonl")
        let trace = try String(contentsOf: traceURL, encoding: .utf8)
        let lines = trace.split(separator: "\n", omittingEmptySubsequences: false).count
        try (#"{"t_ms": 0, "utt": 0, "kind": "interim", "text": "turn"}"# + "\n" + trace).write(to: traceURL, atomically: true, encoding: .utf8)
        XCTAssertGreaterThan(lines, 0)

        let result = try validate([CLI.executable.path, "--root", scratch.url.path, "--files-only"])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("Fixtures/asr-partial-churn-001/fixture.json: $: 'asr_trace'"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Fixtures/asr-partial-churn-001/asr.jsonl:1: $.kind: 'interim'"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix(" passed, 2 failed\n"), result.stdout)
    }
}
