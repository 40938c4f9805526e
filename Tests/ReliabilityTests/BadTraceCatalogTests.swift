import CLITestSupport
import Foundation
import XCTest

/// Bad JSON Lines traces, run through `fixture-check run`: each is exit 2
/// with an error naming the file and the line, and the other metrics of the
/// fixture still printed, with no NaN or Infinity.
final class BadTraceCatalogTests: XCTestCase {
    private var scratch: TemporaryDirectory!

    override func setUpWithError() throws { scratch = try TemporaryDirectory() }

    /// Runs a fixture whose `file` holds `lines`, with the manifest naming
    /// it as its `part` trace.
    private func run(asr lines: String) throws -> CLIResult {
        let fixture = try FixtureFolder.make(in: scratch.url, id: "bad-asr", files: ["asr.jsonl": Data(lines.utf8)])
        let result = try CLI.run(["run", fixture.path, "--format", "json"])
        assertNoNonFiniteJSON(result.stdout)
        return result
    }

    private func run(part: String, file: String, _ bytes: Data, extra: String = "") throws -> CLIResult {
        let manifest = FixtureFolder.healthyManifest(id: "bad-\(part)", extra: #", "\#(part)": {"trace": "\#(file)"}"# + extra)
        let fixture = try FixtureFolder.make(in: scratch.url, id: "bad-\(part)", manifest: manifest, files: [file: bytes])
        let result = try CLI.run(["run", fixture.path, "--format", "json"])
        assertNoNonFiniteJSON(result.stdout)
        return result
    }

    func testNonUTF8Line() throws {
        var bytes = Data(#"{"t_ms": 100, "kind": "partial", "text": "ok"}"#.utf8 + [0x0A])
        bytes.append(contentsOf: [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D, 0x0A])
        let fixture = try FixtureFolder.make(in: scratch.url, id: "latin1", files: ["asr.jsonl": bytes])
        let result = try CLI.run(["run", fixture.path, "--format", "json"])
        assertCleanError(result, naming: ["asr.jsonl:2"])
    }

    func testInvalidJSONLine() throws {
        let result = try run(asr: """
            {"t_ms": 100, "kind": "partial", "text": "turn"}
            {"t_ms": 200, "kind": "partial", "text": "turn left"
            """)
        assertCleanError(result, naming: ["asr.jsonl:2"])
    }

    func testLineThatIsNotAnObject() throws {
        assertCleanError(try run(asr: "[1, 2, 3]\n"), naming: ["asr.jsonl:1"])
    }

    func testMissingTime() throws {
        assertCleanError(try run(asr: #"{"kind": "final", "text": "hi"}"#), naming: ["asr.jsonl:1", "t_ms"])
    }

    func testTimeOfTheWrongType() throws {
        assertCleanError(try run(asr: #"{"t_ms": "100", "kind": "final", "text": "hi"}"#), naming: ["asr.jsonl:1", "t_ms"])
    }

    func testTextOfTheWrongType() throws {
        assertCleanError(try run(asr: #"{"t_ms": 100, "kind": "final", "text": 42}"#), naming: ["asr.jsonl:1", "text"])
    }

    func testUtteranceOfTheWrongType() throws {
        assertCleanError(try run(asr: #"{"t_ms": 100, "utt": -1, "kind": "final", "text": "hi"}"#), naming: ["asr.jsonl:1", "utt"])
    }

    func testTimeGoingBackwards() throws {
        let result = try run(asr: """
            {"t_ms": 500, "kind": "partial", "text": "turn"}

            {"t_ms": 400, "kind": "final", "text": "turn left"}
            """)
        // Blank lines still count, so the number matches an editor's.
        assertCleanError(result, naming: ["asr.jsonl:3"])
    }

    func testNegativeTime() throws {
        assertCleanError(try run(asr: #"{"t_ms": -5, "kind": "final", "text": "hi"}"#), naming: ["asr.jsonl:1"])
    }

    func testAbsurdTimeBeyondDoubleIsRefused() throws {
        assertCleanError(try run(asr: #"{"t_ms": 1e999, "kind": "final", "text": "hi"}"#), naming: ["asr.jsonl:1"])
    }

    func testNaNLiteral() throws {
        assertCleanError(try run(asr: #"{"t_ms": NaN, "kind": "final", "text": "hi"}"#), naming: ["asr.jsonl:1"])
    }

    func testFinalTwiceForOneUtterance() throws {
        let result = try run(asr: """
            {"t_ms": 100, "utt": 0, "kind": "final", "text": "turn left"}
            {"t_ms": 200, "utt": 0, "kind": "final", "text": "turn right"}
            """)
        assertCleanError(result, naming: ["asr.jsonl:2", "second final"])
    }

    func testNegativeChunkDuration() throws {
        let tts = """
            {"t_ms": 0, "req": 0, "kind": "request", "text": "hello"}
            {"t_ms": 300, "req": 0, "kind": "chunk", "duration_ms": -40}
            """
        assertCleanError(try run(part: "tts", file: "tts.jsonl", Data(tts.utf8)), naming: ["tts.jsonl:2", "duration_ms"])
    }

    /// An absurd but finite duration is a defined result: metrics computed
    /// as written, every number finite in the output.
    func testAbsurdChunkDurationGivesFiniteMetrics() throws {
        let tts = """
            {"t_ms": 0, "req": 0, "kind": "request", "text": "hello"}
            {"t_ms": 300, "req": 0, "kind": "chunk", "duration_ms": 1e300}
            {"t_ms": 400, "req": 0, "kind": "chunk", "samples": 1e15, "sample_rate": 1e-300}
            {"t_ms": 500, "req": 0, "kind": "end"}
            """
        let result = try run(part: "tts", file: "tts.jsonl", Data(tts.utf8))
        assertNoCrashOutput(result)
        XCTAssertEqual(result.status, 0, result.stderr)
        assertNoNonFiniteJSON(result.stdout)
    }

    func testChunkWithoutItsRequest() throws {
        let tts = #"{"t_ms": 300, "req": 4, "kind": "chunk", "duration_ms": 40}"#
        assertCleanError(try run(part: "tts", file: "tts.jsonl", Data(tts.utf8)), naming: ["tts.jsonl:1", "before its request"])
    }

    func testStopWithoutStart() throws {
        let turns = """
            {"t_ms": 100, "kind": "vad_start"}

            {"t_ms": 200, "kind": "tts_play_stop", "reason": "cancel"}
            """
        let result = try run(part: "turns", file: "turns.jsonl", Data(turns.utf8))
        assertCleanError(result, naming: ["turns.jsonl:3", "tts_play_stop without a tts_play_start"])
    }

    func testStopReasonOfTheWrongType() throws {
        let turns = """
            {"t_ms": 0, "kind": "tts_play_start"}
            {"t_ms": 200, "kind": "tts_play_stop", "reason": 7}
            """
        assertCleanError(try run(part: "turns", file: "turns.jsonl", Data(turns.utf8)), naming: ["turns.jsonl:2", "reason"])
    }

    func testRetrievalTraceAnswerBeforeItsQuery() throws {
        let rag = #"{"t_ms": 100, "query": 0, "kind": "answer", "text": "x", "citations": []}"#
        let result = try run(part: "rag", file: "rag.jsonl", Data(rag.utf8))
        assertCleanError(result, naming: ["rag.jsonl:1"])
    }

    func testEmptyTraceIsADefinedResultWithNullMetrics() throws {
        let result = try run(asr: "")
        assertNoCrashOutput(result)
        XCTAssertNotEqual(result.status, 2, "an empty trace is no error: metrics are null")
        XCTAssertTrue(result.stdout.contains("null"), result.stdout)
    }
}
