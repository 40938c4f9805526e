import CLITestSupport
import Foundation
import XCTest

/// Engines that crash, hang, flood or write garbage (conformance-adapter's
/// failure modes, docs/adapters.md): each is exit 2 naming the adapter, with
/// its stderr tail, and no engine process left behind.
final class AdapterMisbehaviourCatalogTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var fixture: FixtureFolder!

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory()
        fixture = try FixtureFolder.make(in: scratch.url, id: "live", files: ["mic.wav": WAVBytes.tone(seconds: 1).data])
    }

    private func run(asrCommand flags: String) throws -> CLIResult {
        let result = try CLI.run(["run", fixture.path, "--format", "json", "--asr-command", "\(CLI.conformanceAdapter) \(flags)"])
        assertNoNonFiniteJSON(result.stdout)
        return result
    }

    func testHealthyAdapterRuns() throws {
        let result = try run(asrCommand: "")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("asr.partial_churn"), result.stdout)
    }

    func testAdapterThatCrashes() throws {
        assertCleanError(try run(asrCommand: "--crash-after 3"), naming: ["conformance-adapter", "simulated crash"])
    }

    func testAdapterThatWritesGarbage() throws {
        assertCleanError(try run(asrCommand: "--garbage-after 2"), naming: ["conformance-adapter", "simulated garbage"])
    }

    func testAdapterThatFloods() throws {
        assertCleanError(try run(asrCommand: "--flood-after 2"), naming: ["conformance-adapter"])
    }

    func testAdapterThatWritesAnEndlessLine() throws {
        assertCleanError(try run(asrCommand: "--long-line-after 1"), naming: ["conformance-adapter"])
    }

    func testAdapterThatCannotStart() throws {
        let result = try CLI.run(["run", fixture.path, "--asr-command", scratch.path("no-such-engine")])
        assertCleanError(result, naming: ["no-such-engine"])
    }

    func testAdapterThatHangsTimesOutAndLeavesNoProcess() throws {
        let pidFile = scratch.path("sleeper.pid")
        let registry = scratch.path("fixture-check.json")
        let declaration = """
            {"adapters": {"stuck": {"kind": "asr", "timeout_s": 1,
              "command": ["\(CLI.conformanceAdapter)", "--hang-after", "2", "--spawn-sleeper", "\(pidFile)"]}}}
            """
        try Data(declaration.utf8).write(to: URL(fileURLWithPath: registry))
        let result = try CLI.run(["run", fixture.path, "--adapters", registry, "--asr", "stuck"], watchdogSeconds: 30)
        assertCleanError(result, naming: ["stuck", "simulated hang"])
        try assertProcessesGone(listedIn: pidFile)
    }
}

/// Every pid in `pidFile` (the adapter and its sleeper child) is gone.
func assertProcessesGone(listedIn pidFile: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let text = try String(contentsOfFile: pidFile, encoding: .utf8)
    let pids = text.split(whereSeparator: \.isWhitespace).compactMap { pid_t(String($0)) }
    XCTAssertFalse(pids.isEmpty, file: file, line: line)
    for pid in pids {
        // Reparented orphans are reaped by init asynchronously: allow a moment.
        var alive = true
        for _ in 0..<50 where alive {
            alive = kill(pid, 0) == 0 && !isZombie(pid)
            if alive { usleep(20_000) }
        }
        XCTAssertFalse(alive, "process \(pid) outlived the run", file: file, line: line)
    }
}

private func isZombie(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    return stat[stat.index(close, offsetBy: 2)] == "Z"
}
