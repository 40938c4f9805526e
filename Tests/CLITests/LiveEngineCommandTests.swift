import CLITestSupport
import Foundation
import XCTest

/// `--asr-command` runs every fixture through a candidate engine instead
/// of its recorded trace (the promotion run), in `run`, `check` and `view`.
final class LiveEngineCommandTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/asr-partial-churn-001").path
    static var engine: String { CLI.productsDirectory.appendingPathComponent("conformance-adapter").path }

    func testRunReplacesTheRecordedTraceWithTheEngine() throws {
        let recorded = try CLI.run(["run", Self.fixture, "--format", "json"])
        let live = try CLI.run(["run", Self.fixture, "--format", "json", "--asr-command", Self.engine])
        XCTAssertEqual(live.status, 0, live.stderr)
        func firstPartial(_ result: CLIResult) throws -> Double? {
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let metrics = try XCTUnwrap((json["fixtures"] as? [[String: Any]])?.first?["metrics"] as? [String: Any])
            return metrics["asr.first_partial_latency_ms.p50"] as? Double
        }
        // The conformance engine emits one word per loud 100 ms block, on the
        // audio clock: its first partial differs from the recorded one, and
        // is the same on every run.
        XCTAssertNotEqual(try firstPartial(live), try firstPartial(recorded))
        let again = try CLI.run(["run", Self.fixture, "--format", "json", "--asr-command", Self.engine])
        XCTAssertEqual(again.stdout, live.stdout)
    }

    func testViewShowsTheTraceTheEngineProduced() throws {
        let dir = try TemporaryDirectory()
        let output = dir.path("page.html")
        let result = try CLI.run(["view", Self.fixture, "--asr-command", Self.engine, "--output", output])
        XCTAssertEqual(result.status, 0, result.stderr)
        let page = try String(contentsOfFile: output, encoding: .utf8)
        XCTAssertTrue(page.contains("w1 w2 w3"), "the engine's hypotheses, not the recorded ones")
        // The page shows the reference (equal to the recorded final here), so
        // look for the recorded text as a hypothesis row's hover text.
        XCTAssertFalse(page.contains("ms: turn left at the light then"), "the recorded trace is not shown")
    }

    func testACrashingEngineIsExit2SayingSo() throws {
        let result = try CLI.run(["run", Self.fixture, "--asr-command", "\(Self.engine) --crash-after 3"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("exited"), result.stderr)
    }
}
