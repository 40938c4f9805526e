import CLITestSupport
import Foundation
import XCTest
import FixtureAudio

/// `fixture-check run DIR…` (docs/gate.md): the JSON shape, an aligned text
/// table, and exit 2 when any fixture errored while the others still print.
final class RunCommandTests: XCTestCase {
    /// A fixture folder at `dir/name` with annotated speech and one ASR trace.
    func makeFixture(_ dir: TemporaryDirectory, _ name: String, annotated: Bool = true) throws -> String {
        let folder = dir.url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let samples = (0..<16_000).map { Float(sin(Double($0) * 0.05)) * 0.1 }
        try AudioWriter.write(path: folder.appendingPathComponent("mic.wav").path, samples: samples, sampleRate: 16_000, channels: 1, encoding: .wavPCM16)
        try Data("""
        {"t_ms": 400, "kind": "partial", "text": "turn"}
        {"t_ms": 700, "kind": "partial", "text": "Turn right"}
        {"t_ms": 950, "kind": "final", "text": "turn left"}
        """.utf8).write(to: folder.appendingPathComponent("asr.jsonl"))
        let annotations = annotated ? #""annotations": {"speech": [[200, 900]], "reference": "Turn left."},"# : ""
        try Data("""
        {"schema": "fixture/v1", "id": "\(name)", "provenance": {"kind": "synthetic"},
         "slices": {"language": "en-US"}, "audio": {"mic": "mic.wav"}, \(annotations)
         "asr": {"trace": "asr.jsonl"}}
        """.utf8).write(to: folder.appendingPathComponent("fixture.json"))
        return folder.path
    }

    func testJSONShapeForAFixtureAnywhereOnDisk() throws {
        let dir = try TemporaryDirectory()
        let folder = try makeFixture(dir, "turn-left")
        // Run from an unrelated working directory: paths resolve against the fixture folder.
        let result = try CLI.run(["run", folder, "--format", "json"], cwd: URL(fileURLWithPath: "/"))
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["metrics_version"] as? String, "2")
        let fixtures = try XCTUnwrap(json["fixtures"] as? [[String: Any]])
        XCTAssertEqual(fixtures.count, 1)
        XCTAssertEqual(fixtures[0]["id"] as? String, "turn-left")
        XCTAssertEqual(fixtures[0]["slices"] as? [String: String], ["language": "en-US", "duration_bucket": "<2s"])
        XCTAssertEqual((fixtures[0]["errors"] as? [Any])?.count, 0)
        let metrics = try XCTUnwrap(fixtures[0]["metrics"] as? [String: Any])
        // [turn | Turn right | turn left]: erased 1 + 2 = 3 over 2 words
        XCTAssertEqual(metrics["asr.partial_churn"] as? Double, 1.5)
        XCTAssertEqual(metrics["asr.revisions"] as? Int, 2)
        XCTAssertEqual(metrics["asr.first_partial_latency_ms.p50"] as? Int, 200)
        XCTAssertEqual(metrics["asr.wer"] as? Int, 0)
        XCTAssertTrue(metrics["asr.first_stable_token_latency_ms.p50"] is Int)
        XCTAssertTrue(metrics.keys.allSatisfy { !$0.contains(" ") })
    }

    func testOneBrokenFixtureExits2AndTheOthersStillPrint() throws {
        let dir = try TemporaryDirectory()
        let good = try makeFixture(dir, "good")
        let unannotated = try makeFixture(dir, "needs-vad", annotated: false)
        // A turn log whose playback stops without starting: the turns part
        // errors, the ASR part of the same fixture still reports.
        let brokenTurns = try makeFixture(dir, "broken-turns")
        try Data(#"{"t_ms": 100, "kind": "tts_play_stop", "reason": "cancel"}"#.utf8)
            .write(to: URL(fileURLWithPath: brokenTurns + "/turns.jsonl"))
        let manifest = brokenTurns + "/fixture.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: #""asr": {"trace": "asr.jsonl"}"#, with: #""asr": {"trace": "asr.jsonl"}, "turns": {"trace": "turns.jsonl"}"#)
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let missing = dir.path("not-a-fixture")
        let result = try CLI.run(["run", good, unannotated, brokenTurns, missing, "--format", "json"])
        XCTAssertEqual(result.status, 2)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let fixtures = try XCTUnwrap(json["fixtures"] as? [[String: Any]])
        XCTAssertEqual(fixtures.map { $0["id"] as? String }, ["good", "needs-vad", "broken-turns", "not-a-fixture"])
        XCTAssertEqual((fixtures[0]["errors"] as? [String])?.count, 0)
        // Without annotations the VAD supplies the speech: no error.
        XCTAssertEqual((fixtures[1]["errors"] as? [String])?.count, 0, "\(fixtures[1])")
        let turnsError = try XCTUnwrap((fixtures[2]["errors"] as? [String])?.first)
        XCTAssertTrue(turnsError.contains("turns.jsonl:1:"), turnsError)
        let metrics = try XCTUnwrap(fixtures[2]["metrics"] as? [String: Any])
        XCTAssertEqual(metrics["asr.partial_churn"] as? Double, 1.5)
        XCTAssertEqual(metrics["asr.first_partial_latency_ms.p50"] as? Int, 200)
        XCTAssertTrue(result.stderr.contains(missing + ": no such fixture folder"), result.stderr)
    }

    func testTextTableIsAligned() throws {
        let dir = try TemporaryDirectory()
        let output = dir.path("run.txt")
        let result = try CLI.run(["run", try makeFixture(dir, "turn-left"), "--output", output])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        XCTAssertTrue(text.contains("turn-left  ok"), text)
        XCTAssertTrue(text.contains("slices: duration_bucket=<2s language=en-US"), text)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("  asr.") || $0.hasPrefix("  audio.") }
        XCTAssertGreaterThan(rows.count, 10)
        let valueColumns = Set(rows.map { row in row.distance(from: row.startIndex, to: row.range(of: #"\S+$"#, options: .regularExpression)!.lowerBound) })
        XCTAssertEqual(valueColumns.count, 1, "values start in one column:\n\(text)")
        XCTAssertTrue(text.contains("asr.partial_churn"), text)
    }

    func testBadUsage() throws {
        let empty = try TemporaryDirectory()
        let walked = try CLI.run(["run"], cwd: empty.url)
        XCTAssertEqual(walked.status, 2, "no folder named: walks --fixtures, which must exist")
        XCTAssertTrue(walked.stderr.contains("Fixtures: no such fixtures folder"), walked.stderr)
        XCTAssertEqual(try CLI.run(["run", "x", "--format", "junit"]).status, 64)
    }
}
