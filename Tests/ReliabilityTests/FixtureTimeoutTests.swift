import CLITestSupport
import Foundation
import XCTest

/// `--fixture-timeout`: a fixture that hangs becomes an error naming it and
/// the limit, the other fixtures still run, the exit is 2, and no engine
/// process outlives the run.
final class FixtureTimeoutTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var fixtures: URL { scratch.url.appendingPathComponent("Fixtures") }
    private var pidFile: String { scratch.path("stuck.pid") }
    private var registry: String { scratch.path("fixture-check.json") }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory()
        try FixtureFolder.make(in: fixtures, id: "healthy")
        // An engine that never answers, with its own timeout far beyond the
        // fixture's, so only --fixture-timeout can end it.
        try FixtureFolder.make(in: fixtures, id: "stuck",
                               manifest: FixtureFolder.healthyManifest(id: "stuck", asr: #"{"adapter": "stuck"}"#))
        let declaration = """
            {"adapters": {"stuck": {"kind": "asr", "timeout_s": 600,
              "command": ["\(CLI.conformanceAdapter)", "--hang-after", "1", "--spawn-sleeper", "\(pidFile)"]}}}
            """
        try Data(declaration.utf8).write(to: URL(fileURLWithPath: registry))
    }

    func testCheckAbandonsTheStuckFixtureAndGoesOn() throws {
        try FileManager.default.createDirectory(atPath: scratch.path("Goldens"), withIntermediateDirectories: true)
        let result = try CLI.run(["check", "--fixtures", fixtures.path, "--goldens", scratch.path("Goldens"),
                                  "--adapters", registry, "--fixture-timeout", "2", "--format", "json", "--record", "missing"],
                                 watchdogSeconds: 60)
        assertNoCrashOutput(result)
        XCTAssertFalse(result.killed)
        XCTAssertEqual(result.status, 2, result.stderr)
        assertNoNonFiniteJSON(result.stdout)
        XCTAssertTrue(result.stdout.contains("fixture stuck: no result within 2 s (--fixture-timeout 2)"), result.stdout)
        XCTAssertTrue(result.stdout.contains(#""id": "healthy""#), result.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.path("Goldens/healthy.json")), "the healthy fixture was not recorded")
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("Goldens/stuck.json")))
        try assertProcessesGone(listedIn: pidFile)
    }

    func testRunAbandonsTheStuckFixtureAndGoesOn() throws {
        let result = try CLI.run(["run", fixtures.appendingPathComponent("stuck").path, fixtures.appendingPathComponent("healthy").path,
                                  "--adapters", registry, "--fixture-timeout", "1.5", "--format", "json"],
                                 watchdogSeconds: 60)
        assertCleanError(result, naming: ["stuck", "--fixture-timeout 1.5"])
        XCTAssertTrue(result.stdout.contains("asr.partial_churn"), "the healthy fixture's metrics are missing:\n\(result.stdout)")
        try assertProcessesGone(listedIn: pidFile)
    }

    func testTimeoutMustBePositive() throws {
        let result = try CLI.run(["run", fixtures.appendingPathComponent("healthy").path, "--fixture-timeout", "0"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("--fixture-timeout"), result.stderr)
    }
}
