import Foundation
import XCTest
@testable import Traces

/// Well-formed traces decode into the event types of docs/formats.md.
final class TraceDecodingTests: XCTestCase {
    func testEmissionTraceDefaultsAndOptionalFields() throws {
        let text = """
        {"t_ms": 620, "kind": "partial", "text": "turn left", "stability": 0.5}
        {"t_ms": 700, "kind": "speech_end"}
        {"t_ms": 2710, "utt": 0, "kind": "final", "text": "turn left at the light.", "confidence": 0.9}
        {"t_ms": 2800, "utt": 1, "kind": "x-hotword", "text": "hey", "x_engine": {"beam": 8}}
        """
        let trace = try EmissionTrace.decode(data: Data(text.utf8), file: "asr.jsonl", clock: .wall)
        XCTAssertEqual(trace.clock, .wall)
        XCTAssertEqual(trace.events, [
            EmissionEvent(tMs: 620, utt: 0, kind: .partial, text: "turn left", stability: 0.5),
            EmissionEvent(tMs: 700, utt: 0, kind: .speechEnd),
            EmissionEvent(tMs: 2710, utt: 0, kind: .final, text: "turn left at the light.", confidence: 0.9),
            EmissionEvent(tMs: 2800, utt: 1, kind: .other("x-hotword"), text: "hey", extensions: ["x_engine": .object(["beam": .number(8)])]),
        ])
    }

    func testCRLFAndTrailingBlankLines() throws {
        let text = "{\"t_ms\": 1, \"kind\": \"partial\", \"text\": \"a\"}\r\n\r\n{\"t_ms\": 1, \"kind\": \"final\", \"text\": \"a\"}\r\n\n"
        XCTAssertEqual(try EmissionTrace.decode(data: Data(text.utf8), file: "x").events.count, 2)
    }

    func testChunkDurationsFromSamplesAreResolvedToMilliseconds() throws {
        let text = """
        {"t_ms": 0,   "req": 0, "kind": "request", "text": "Sure, here is..."}
        {"t_ms": 350, "req": 0, "kind": "chunk", "duration_ms": 40}
        {"t_ms": 390, "req": 0, "kind": "chunk", "samples": 960, "sample_rate": 24000}
        {"t_ms": 400, "req": 0, "kind": "chunk", "samples": 441, "sample_rate": 22050}
        {"t_ms": 900, "req": 0, "kind": "end"}
        {"t_ms": 950, "req": 0, "kind": "x-cache_stats", "x_hits": 3}
        """
        let trace = try SynthesisTrace.decode(data: Data(text.utf8), file: "tts.jsonl")
        XCTAssertEqual(trace.events, [
            SynthesisEvent(tMs: 0, req: 0, kind: .request(text: "Sure, here is...")),
            SynthesisEvent(tMs: 350, req: 0, kind: .chunk(durationMs: 40)),
            SynthesisEvent(tMs: 390, req: 0, kind: .chunk(durationMs: 40)),   // 960 / 24 kHz
            SynthesisEvent(tMs: 400, req: 0, kind: .chunk(durationMs: 20)),   // 441 / 22.05 kHz
            SynthesisEvent(tMs: 900, req: 0, kind: .end),
            SynthesisEvent(tMs: 950, req: 0, kind: .other("x-cache_stats"), extensions: ["x_hits": .number(3)]),
        ])
    }

    func testTurnLogKindsAndExtensionKindsKept() throws {
        let text = """
        {"t_ms": 0,    "kind": "tts_play_start"}
        {"t_ms": 1210, "kind": "vad_start"}
        {"t_ms": 1300, "kind": "cancel_sent"}
        {"t_ms": 1430, "kind": "tts_play_stop", "reason": "cancel"}
        {"t_ms": 1500, "kind": "x-aec_reset"}
        {"t_ms": 2000, "kind": "vad_end"}
        {"t_ms": 2100, "kind": "tts_play_start"}
        {"t_ms": 2200, "kind": "tts_play_stop"}
        """
        let log = try TurnLog.decode(data: Data(text.utf8), file: "turns.jsonl")
        XCTAssertEqual(log.events.map(\.kind), [
            .ttsPlayStart, .vadStart, .cancelSent, .ttsPlayStop(reason: .cancel), .other("x-aec_reset"), .vadEnd,
            .ttsPlayStart, .ttsPlayStop(reason: nil),
        ])
        XCTAssertEqual(try log.playbackIntervals(), [
            PlaybackInterval(startMs: 0, stopMs: 1430, reason: .cancel),
            PlaybackInterval(startMs: 2100, stopMs: 2200, reason: nil),
        ])
    }

    func testFinalWordsWithConfidencesAreDecoded() throws {
        let text = """
        {"t_ms": 900, "kind": "final", "text": "turn left", "words": [{"text": "turn", "confidence": 0.9}, {"text": "left", "confidence": 0.4}]}
        """
        let trace = try EmissionTrace.decode(data: Data(text.utf8), file: "asr.jsonl")
        XCTAssertEqual(trace.events[0].words, [RecognizedWord(text: "turn", confidence: 0.9), RecognizedWord(text: "left", confidence: 0.4)])
    }
}
