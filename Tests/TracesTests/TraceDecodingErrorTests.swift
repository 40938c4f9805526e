import Foundation
import XCTest
@testable import Traces

/// Malformed traces are refused with the file and the 1-based line (docs/formats.md).
final class TraceDecodingErrorTests: XCTestCase {
    func emissionError(_ text: String) -> TraceError? {
        do {
            _ = try EmissionTrace.decode(data: Data(text.utf8), file: "asr.jsonl")
            return nil
        } catch {
            return error as? TraceError
        }
    }

    func assertRefused(_ text: String, line: Int, mentions needle: String, file: StaticString = #filePath, at: UInt = #line) {
        guard let error = emissionError(text) else { return XCTFail("accepted: \(text)", file: file, line: at) }
        XCTAssertEqual(error.file, "asr.jsonl", file: file, line: at)
        XCTAssertEqual(error.line, line, "\(error)", file: file, line: at)
        XCTAssertTrue(error.description.hasPrefix("asr.jsonl:\(line): "), error.description, file: file, line: at)
        XCTAssertTrue(error.reason.contains(needle), "\(error.reason) should mention \(needle)", file: file, line: at)
    }

    let good = #"{"t_ms": 10, "kind": "partial", "text": "hi"}"#

    func testBadJSONNamesTheLine() {
        assertRefused(good + "\n{\"t_ms\": 20, \"kind\": \"final\", \"text\": \"hi\"\n", line: 2, mentions: "invalid JSON")
    }

    func testMissingAndNonNumericTime() {
        assertRefused(#"{"kind": "partial", "text": "a"}"#, line: 1, mentions: "missing \"t_ms\"")
        assertRefused(good + "\n" + #"{"t_ms": "30", "kind": "partial", "text": "a"}"#, line: 2, mentions: "\"t_ms\" must be a number")
        assertRefused(#"{"t_ms": -1, "kind": "partial", "text": "a"}"#, line: 1, mentions: "negative")
    }

    func testTimeGoingBackwardsNamesTheLaterLine() {
        assertRefused(good + "\n" + #"{"t_ms": 9, "kind": "partial", "text": "hi there"}"#, line: 2, mentions: "backwards")
    }

    func testNaNIsCalledOut() {
        assertRefused(#"{"t_ms": NaN, "kind": "partial", "text": "a"}"#, line: 1, mentions: "NaN")
    }

    func testNonUTF8Line() {
        var data = Data((good + "\n").utf8)
        data.append(contentsOf: [0x7B, 0xFF, 0xFE, 0x7D, 0x0A])
        XCTAssertThrowsError(try EmissionTrace.decode(data: data, file: "asr.jsonl")) { error in
            XCTAssertEqual(error as? TraceError, TraceError(file: "asr.jsonl", line: 2, reason: "not valid UTF-8"))
        }
    }

    func testWrongFieldTypes() {
        assertRefused(#"{"t_ms": 1, "kind": "partial", "text": 5}"#, line: 1, mentions: "\"text\" must be a string")
        assertRefused(#"{"t_ms": 1, "kind": "partial", "text": "a", "utt": 1.5}"#, line: 1, mentions: "\"utt\"")
        assertRefused(#"{"t_ms": 1, "kind": "partial", "text": "a", "utt": -1}"#, line: 1, mentions: "\"utt\"")
        assertRefused(#"{"t_ms": 1, "kind": 3}"#, line: 1, mentions: "\"kind\" must be a string")
        assertRefused(#"{"t_ms": 1, "kind": "partial", "text": "a", "stability": 1.5}"#, line: 1, mentions: "between 0 and 1")
        assertRefused(#"[1, 2]"#, line: 1, mentions: "object")
    }

    func testTwoFinalsForOneUtterance() {
        let text = """
        {"t_ms": 10, "utt": 0, "kind": "final", "text": "a"}
        {"t_ms": 20, "utt": 1, "kind": "final", "text": "b"}
        {"t_ms": 30, "utt": 0, "kind": "final", "text": "c"}
        """
        assertRefused(text, line: 3, mentions: "second final for utterance 0")
    }

    func testBlankLinesAreSkippedButCounted() {
        assertRefused("\n\n   \n" + #"{"t_ms": 1}"#, line: 4, mentions: "missing \"kind\"")
    }

    func testUnreadableFileIsNamed() {
        XCTAssertThrowsError(try EmissionTrace.load(path: "/nonexistent/asr.jsonl", file: "fx/asr.jsonl")) { error in
            XCTAssertEqual((error as? TraceError)?.description, "fx/asr.jsonl: cannot read the file")
        }
    }

    func testSynthesisErrors() {
        func refused(_ text: String) -> TraceError? {
            do { _ = try SynthesisTrace.decode(data: Data(text.utf8), file: "tts.jsonl"); return nil } catch { return error as? TraceError }
        }
        let request = #"{"t_ms": 0, "req": 0, "kind": "request", "text": "hi"}"#
        XCTAssertEqual(refused(request + "\n" + #"{"t_ms": 5, "kind": "chunk"}"#)?.line, 2)
        XCTAssertTrue(refused(request + "\n" + #"{"t_ms": 5, "kind": "chunk"}"#)!.reason.contains("duration_ms"))
        XCTAssertTrue(refused(request + "\n" + #"{"t_ms": 5, "kind": "chunk", "samples": 960}"#)!.reason.contains("sample_rate"))
        XCTAssertTrue(refused(request + "\n" + #"{"t_ms": 5, "kind": "chunk", "duration_ms": -40}"#)!.reason.contains("negative"))
        XCTAssertTrue(refused(request + "\n" + #"{"t_ms": 5, "kind": "chunk", "samples": 960, "sample_rate": 0}"#)!.reason.contains("positive"))
        XCTAssertTrue(refused(request + "\n" + #"{"t_ms": 5, "kind": "chunk", "duration_ms": "40"}"#)!.reason.contains("must be a number"))
        XCTAssertEqual(refused(#"{"t_ms": 5, "req": 1, "kind": "chunk", "duration_ms": 40}"#)?.reason, "chunk for req 1 before its request event")
        XCTAssertEqual(refused(request + "\n" + request)?.reason, "second request event for req 0")
    }

    func testTurnLogOrderingViolationsNameTheLine() {
        func refused(_ text: String) -> TraceError? {
            do { _ = try TurnLog.decode(data: Data(text.utf8), file: "turns.jsonl"); return nil } catch { return error as? TraceError }
        }
        let stopWithoutStart = refused("""
        {"t_ms": 0, "kind": "vad_start"}
        {"t_ms": 10, "kind": "tts_play_stop", "reason": "complete"}
        """)
        XCTAssertEqual(stopWithoutStart?.line, 2)
        XCTAssertTrue(stopWithoutStart!.reason.contains("without a tts_play_start"))

        let nested = refused("""
        {"t_ms": 0, "kind": "tts_play_start"}

        {"t_ms": 10, "kind": "tts_play_start"}
        {"t_ms": 20, "kind": "tts_play_stop", "reason": "complete"}
        """)
        XCTAssertEqual(nested?.line, 3)
        XCTAssertTrue(nested!.reason.contains("still playing"))

        let neverStopped = refused(#"{"t_ms": 0, "kind": "tts_play_start"}"#)
        XCTAssertEqual(neverStopped?.line, 1)
        XCTAssertTrue(neverStopped!.reason.contains("never stopped"))

        let badReason = refused("""
        {"t_ms": 0, "kind": "tts_play_start"}
        {"t_ms": 5, "kind": "tts_play_stop", "reason": "paused"}
        """)
        XCTAssertEqual(badReason?.line, 2)
    }
}
