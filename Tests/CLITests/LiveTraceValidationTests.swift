import CLITestSupport
import Foundation
import XCTest

/// A live engine's output passes the same rules as a recorded trace: two
/// finals for one utterance from an adapter is the same error as from a
/// file, naming the adapter — never a negative finalization delay.
final class LiveTraceValidationTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testTwoFinalsForOneUtteranceFromAnAdapterAreRefusedNamingIt() throws {
        let dir = try TemporaryDirectory()
        let engine = dir.path("two-finals.py")
        try Data("""
        import json, sys
        def send(m):
            sys.stdout.write(json.dumps(m) + "\\n"); sys.stdout.flush()
        for line in sys.stdin:
            kind = json.loads(line).get("type")
            if kind == "audio":
                send({"type": "ack"})
            elif kind == "end":
                send({"type": "final", "utt": 0, "text": "turn left"})
                send({"type": "final", "utt": 0, "text": "turn left again"})
                send({"type": "done"})
                break
        """.utf8).write(to: URL(fileURLWithPath: engine))
        let fixture = Self.repository.appendingPathComponent("Fixtures/asr-partial-churn-001").path
        let result = try CLI.run(["run", fixture, "--asr-command", "python3 \(engine)"])
        XCTAssertEqual(result.status, 2, result.stdout)
        XCTAssertTrue(result.stderr.contains("adapter python3 \(engine)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("second final for utterance 0"), result.stderr)
        XCTAssertFalse(result.stdout.contains("\"asr.finalization_delay_ms.p50\""), "no metric from a refused trace")
    }

    /// `--asr-language`, `--asr-sample-rate` and `--asr-timeout` reach an
    /// undeclared engine: this one refuses to start unless it is told
    /// ko-KR at 8 kHz.
    func testASRCommandSettingsReachTheEngine() throws {
        let dir = try TemporaryDirectory()
        let engine = dir.path("picky.py")
        try Data("""
        import json, sys
        def send(m):
            sys.stdout.write(json.dumps(m) + "\\n"); sys.stdout.flush()
        for line in sys.stdin:
            m = json.loads(line)
            if m.get("type") == "start" and (m.get("language") != "ko-KR" or m.get("sample_rate") != 8000):
                print("picky: wrong start " + line.strip(), file=sys.stderr); sys.exit(3)
            if m.get("type") == "audio":
                send({"type": "ack"})
            elif m.get("type") == "end":
                send({"type": "final", "utt": 0, "text": "turn left at the light then continue for two miles"})
                send({"type": "done"})
                break
        """.utf8).write(to: URL(fileURLWithPath: engine))
        let fixture = Self.repository.appendingPathComponent("Fixtures/asr-partial-churn-001").path
        let command = ["run", fixture, "--asr-command", "python3 \(engine)"]
        let defaults = try CLI.run(command)
        XCTAssertEqual(defaults.status, 2, "en-US at 16 kHz by default")
        XCTAssertTrue(defaults.stderr.contains("picky: wrong start"), defaults.stderr)
        let told = try CLI.run(command + ["--asr-language", "ko-KR", "--asr-sample-rate", "8000", "--asr-timeout", "20"])
        XCTAssertEqual(told.status, 0, told.stderr)
    }
}

