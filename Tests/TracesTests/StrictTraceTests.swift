import FileFormats
import Foundation
import XCTest
import Traces

/// Strict traces with extensions (docs/formats.md): an undefined kind or
/// field is an error naming the file, the line and the nearest defined
/// name; `x-` kinds and `x_` fields are kept. Live-engine events go through
/// the same rules.
final class StrictTraceTests: XCTestCase {
    enum Format { case asr, tts, turns }

    func decode(_ format: Format, _ text: String) throws {
        let data = Data(text.utf8)
        switch format {
        case .asr: _ = try EmissionTrace.decode(data: data, file: "asr.jsonl")
        case .tts: _ = try SynthesisTrace.decode(data: data, file: "tts.jsonl")
        case .turns: _ = try TurnLog.decode(data: data, file: "turns.jsonl")
        }
    }

    /// Each bad trace with the whole message it must produce.
    let table: [(Format, String, String)] = [
        (.asr, #"{"t_ms": 10, "kind": "interim", "text": "turn"}"#,
         #"asr.jsonl:1: unknown kind "interim" (did you mean "partial"?); extension kinds start with "x-""#),
        (.asr, #"{"t_ms": 10, "utterance": 0, "kind": "partial", "text": "turn"}"#,
         #"asr.jsonl:1: unknown field "utterance" (did you mean "utt"?); extension fields start with "x_""#),
        (.asr, "{\"t_ms\": 10, \"kind\": \"partial\", \"text\": \"a\"}\n\n{\"t_ms\": 20, \"kind\": \"finale\", \"text\": \"a\"}",
         #"asr.jsonl:3: unknown kind "finale" (did you mean "final"?); extension kinds start with "x-""#),
        (.asr, #"{"t_ms": 10, "kind": "final", "text": "a", "confidense": 0.5}"#,
         #"asr.jsonl:1: unknown field "confidense" (did you mean "confidence"?); extension fields start with "x_""#),
        (.asr, #"{"t_ms": 10, "kind": "final", "text": "a", "x-vendor": 1}"#,
         #"asr.jsonl:1: unknown field "x-vendor" (did you mean "x_vendor"?); extension fields start with "x_""#),
        (.asr, #"{"t_ms": 10, "kind": "x_debug"}"#,
         #"asr.jsonl:1: unknown kind "x_debug" (did you mean "x-debug"?); extension kinds start with "x-""#),
        (.asr, #"{"timestamp": 10, "t_ms": 10, "kind": "partial", "text": "a"}"#,
         #"asr.jsonl:1: unknown field "timestamp" (did you mean "t_ms"?); extension fields start with "x_""#),
        (.asr, #"{"t_ms": 10, "kind": "final", "text": "a", "words": [{"text": "a", "confidence": 1.5}]}"#,
         #"asr.jsonl:1: "words"[0].confidence must be between 0 and 1, got 1.5"#),
        (.asr, #"{"t_ms": 10, "kind": "final", "text": "a", "words": [{"text": "a", "conf": 0.5}]}"#,
         #"asr.jsonl:1: "words"[0]: unknown field "conf" (did you mean "confidence"?); extension fields start with "x_""#),
        (.asr, #"{"t_ms": 10, "kind": "partial", "text": "a", "words": []}"#,
         #"asr.jsonl:1: "words" is only defined on a final"#),
        (.asr, #"{"t_ms": 10, "kind": "final", "text": "a", "words": {"a": 1}}"#,
         #"asr.jsonl:1: "words" must be an array"#),
        (.asr, "{\"t_ms\": 10, \"kind\": \"final\", \"text\": \"a\"}\n{\"t_ms\": 20, \"kind\": \"partial\", \"text\": \"b\"}",
         #"asr.jsonl:2: partial after the final of utterance 0"#),
        (.asr, #"{"t_ms": 10, "kind": "partial", "text": "a", "confidence": -0.1}"#,
         #"asr.jsonl:1: "confidence" must be between 0 and 1, got -0.1"#),
        (.tts, #"{"t_ms": 0, "req": 0, "kind": "requset", "text": "hi"}"#,
         #"tts.jsonl:1: unknown kind "requset" (did you mean "request"?); extension kinds start with "x-""#),
        (.tts, "{\"t_ms\": 0, \"kind\": \"request\"}\n{\"t_ms\": 5, \"kind\": \"chunk\", \"duration\": 40}",
         #"tts.jsonl:2: unknown field "duration" (did you mean "duration_ms"?); extension fields start with "x_""#),
        (.tts, #"{"t_ms": 0, "request_id": 0, "kind": "request"}"#,
         #"tts.jsonl:1: unknown field "request_id" (did you mean "req"?); extension fields start with "x_""#),
        (.turns, #"{"t_ms": 0, "kind": "tts_play_begin"}"#,
         #"turns.jsonl:1: unknown kind "tts_play_begin" (did you mean "tts_play_start"?); extension kinds start with "x-""#),
        (.turns, "{\"t_ms\": 0, \"kind\": \"tts_play_start\"}\n{\"t_ms\": 5, \"kind\": \"tts_play_stop\", \"reson\": \"cancel\"}",
         #"turns.jsonl:2: unknown field "reson" (did you mean "reason"?); extension fields start with "x_""#),
        (.turns, "{\"t_ms\": 0, \"kind\": \"tts_play_start\"}\n{\"t_ms\": 5, \"kind\": \"tts_play_stop\", \"reason\": \"canceled\"}",
         #"turns.jsonl:2: "reason" must be "complete" or "cancel", got "canceled" (did you mean "cancel"?)"#),
        (.turns, #"{"t_ms": 0, "kind": "vad_stop"}"#,
         #"turns.jsonl:1: unknown kind "vad_stop" (did you mean "vad_start"?); extension kinds start with "x-""#),
    ]

    func testBadLinesTable() {
        for (format, text, expected) in table {
            XCTAssertThrowsError(try decode(format, text), expected) { error in
                XCTAssertEqual((error as? TraceError)?.description, expected)
            }
        }
    }

    func testExtensionsAreKeptAndNeverChangeMetricsInputs() throws {
        let text = """
        {"t_ms": 10, "kind": "x-endpointer_debug", "x_energy": 0.3}
        {"t_ms": 20, "kind": "partial", "text": "a", "x_beam": [1, 2]}
        {"t_ms": 30, "kind": "final", "text": "a b"}
        """
        let trace = try EmissionTrace.decode(data: Data(text.utf8), file: "asr.jsonl")
        XCTAssertEqual(trace.events[0].kind, .other("x-endpointer_debug"))
        XCTAssertEqual(trace.events[0].extensions, ["x_energy": .number(0.3)])
        XCTAssertEqual(trace.events[1].extensions, ["x_beam": .array([.number(1), .number(2)])])
        XCTAssertEqual(trace.events[2].extensions, [:])
    }

    // MARK: - Live-engine output through the same rules

    func testValidatorAcceptsWhatTheDecoderAccepts() throws {
        let events = [
            EmissionEvent(tMs: 100, kind: .partial, text: "a"),
            EmissionEvent(tMs: 100, kind: .other("x-debug"), extensions: ["x_k": .bool(true)]),
            EmissionEvent(tMs: 200, kind: .final, text: "a b", words: [RecognizedWord(text: "a", confidence: 1), RecognizedWord(text: "b", confidence: 0)]),
        ]
        XCTAssertEqual(try EmissionTrace(validating: events, source: .adapter("sphinx")).events, events)
    }

    func testValidatorTable() {
        let cases: [([EmissionEvent], TraceSource, String)] = [
            ([EmissionEvent(tMs: 10, kind: .final, text: "a"), EmissionEvent(tMs: 20, kind: .final, text: "b")], .adapter("sphinx"),
             "adapter sphinx: event 2 (t_ms 20): second final for utterance 0"),
            ([EmissionEvent(tMs: 10, kind: .final, text: "a"), EmissionEvent(tMs: 20, kind: .final, text: "b")], .file("asr.jsonl"),
             "asr.jsonl:2: second final for utterance 0"),
            ([EmissionEvent(tMs: 20, kind: .partial, text: "a"), EmissionEvent(tMs: 10, kind: .partial, text: "b")], .adapter("cloud"),
             "adapter cloud: event 2 (t_ms 10): time goes backwards: t_ms 10 after 20"),
            ([EmissionEvent(tMs: .nan, kind: .partial, text: "a")], .adapter("cloud"),
             "adapter cloud: event 1 (t_ms null): \"t_ms\" must be a finite number"),
            ([EmissionEvent(tMs: 5, kind: .partial, text: "a", stability: .infinity)], .adapter("cloud"),
             "adapter cloud: event 1 (t_ms 5): \"stability\" must be between 0 and 1, got inf"),
            ([EmissionEvent(tMs: 5, kind: .partial, text: "a", confidence: 1.01)], .adapter("cloud"),
             "adapter cloud: event 1 (t_ms 5): \"confidence\" must be between 0 and 1, got 1.01"),
            ([EmissionEvent(tMs: 5, kind: .other("interim"), text: "a")], .adapter("cloud"),
             "adapter cloud: event 1 (t_ms 5): unknown kind \"interim\" (did you mean \"partial\"?); extension kinds start with \"x-\""),
            ([EmissionEvent(tMs: 5, kind: .partial, text: "a", extensions: ["utterance": .number(1)])], .adapter("cloud"),
             "adapter cloud: event 1 (t_ms 5): unknown field \"utterance\" (did you mean \"utt\"?); extension fields start with \"x_\""),
            ([EmissionEvent(tMs: 5, kind: .final, text: "a"), EmissionEvent(tMs: 6, kind: .partial, text: "b")], .adapter("cloud"),
             "adapter cloud: event 2 (t_ms 6): partial after the final of utterance 0"),
            ([EmissionEvent(tMs: 5, kind: .final, text: "a", words: [RecognizedWord(text: "a", confidence: -1)])], .adapter("cloud"),
             "adapter cloud: event 1 (t_ms 5): \"words\"[0].confidence must be between 0 and 1, got -1"),
        ]
        for (events, source, expected) in cases {
            XCTAssertThrowsError(try EmissionTrace.validate(events: events, source: source), expected) { error in
                XCTAssertEqual((error as? TraceError)?.description, expected)
            }
        }
    }

    func testSynthesisAndTurnValidators() {
        let tts = [SynthesisEvent(tMs: 0, kind: .request(text: "hi")), SynthesisEvent(tMs: 10, kind: .end),
                   SynthesisEvent(tMs: 20, kind: .chunk(durationMs: 40))]
        XCTAssertThrowsError(try SynthesisTrace(validating: tts, source: .adapter("espeak"))) { error in
            XCTAssertEqual("\(error)", "adapter espeak: event 3 (t_ms 20): chunk for req 0 after its end event")
        }
        let negative = [SynthesisEvent(tMs: 0, kind: .request(text: "hi")), SynthesisEvent(tMs: 10, kind: .chunk(durationMs: -1))]
        XCTAssertThrowsError(try SynthesisTrace.validate(events: negative, source: .adapter("espeak"))) { error in
            XCTAssertEqual("\(error)", "adapter espeak: event 2 (t_ms 10): negative \"duration_ms\" (-1)")
        }
        let turns = [TurnEvent(tMs: 0, kind: .ttsPlayStart), TurnEvent(tMs: 5, kind: .other("barge"))]
        XCTAssertThrowsError(try TurnLog.validate(events: turns, source: .adapter("duplex"))) { error in
            XCTAssertTrue("\(error)".hasPrefix("adapter duplex: event 2 (t_ms 5): unknown kind \"barge\""), "\(error)")
        }
        let unpaired = [TurnEvent(tMs: 0, kind: .ttsPlayStop(reason: .cancel))]
        XCTAssertThrowsError(try TurnLog(validating: unpaired, source: .adapter("duplex"))) { error in
            XCTAssertEqual("\(error)", "adapter duplex: event 1 (t_ms 0): tts_play_stop without a tts_play_start")
        }
    }

    // MARK: - NearestName

    func testNearestName() {
        XCTAssertEqual(NearestName.nearest(to: "interim", among: TraceSchema.emissionKinds, aliases: TraceSchema.aliases), "partial")
        XCTAssertEqual(NearestName.nearest(to: "utterance", among: TraceSchema.emissionFields), "utt")
        XCTAssertEqual(NearestName.nearest(to: "Speech-Start", among: TraceSchema.emissionKinds), "speech_start")
        XCTAssertEqual(NearestName.nearest(to: "fianl", among: TraceSchema.emissionKinds), "final")
        XCTAssertNil(NearestName.nearest(to: "x", among: []))
        XCTAssertEqual(NearestName.didYouMean("relase", among: ["release", "debug"]), " (did you mean \"release\"?)")
        XCTAssertEqual(EditDistance.levenshtein(Array("kitten"), Array("sitting")), 3)
    }
}
