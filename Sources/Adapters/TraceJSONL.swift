import FileFormats
import Traces

/// Trace JSON Lines (docs/metrics.md formats) for traces an adapter run produced, so a live run
/// can be saved as a fixture's recorded traces. Keys are written in the
/// canonical (sorted) order and numbers at the canonical precision.
public enum TraceJSONL {
    /// One line per emission event.
    public static func lines(_ trace: EmissionTrace) -> String {
        trace.events.map { event in
            var members: [String: JSONValue] = [
                "t_ms": .finite(event.tMs), "utt": .number(Double(event.utt)),
                "kind": .string(event.kind.name), "text": .string(event.text),
            ]
            if let stability = event.stability { members["stability"] = .finite(stability) }
            if let confidence = event.confidence { members["confidence"] = .finite(confidence) }
            if let words = event.words {
                members["words"] = .array(words.map { .object(["text": .string($0.text), "confidence": .finite($0.confidence)]) })
            }
            return JSONValue.object(members).serialized(pretty: false) + "\n"
        }.joined()
    }

    /// One line per synthesis event; chunks carry `duration_ms`.
    public static func lines(_ trace: SynthesisTrace) -> String {
        trace.events.map { event in
            var members: [String: JSONValue] = ["t_ms": .finite(event.tMs), "req": .number(Double(event.req))]
            switch event.kind {
            case .request(let text): members["kind"] = .string("request"); members["text"] = .string(text)
            case .chunk(let duration): members["kind"] = .string("chunk"); members["duration_ms"] = .finite(duration)
            case .end: members["kind"] = .string("end")
            case .other(let name): members["kind"] = .string(name)
            }
            return JSONValue.object(members).serialized(pretty: false) + "\n"
        }.joined()
    }

    /// One line per turn-taking event.
    public static func lines(_ log: TurnLog) -> String {
        log.events.map { event in
            var members: [String: JSONValue] = ["t_ms": .finite(event.tMs)]
            switch event.kind {
            case .ttsPlayStart: members["kind"] = .string("tts_play_start")
            case .ttsPlayStop(let reason):
                members["kind"] = .string("tts_play_stop")
                if let reason { members["reason"] = .string(reason.rawValue) }
            case .vadStart: members["kind"] = .string("vad_start")
            case .vadEnd: members["kind"] = .string("vad_end")
            case .cancelSent: members["kind"] = .string("cancel_sent")
            case .other(let name): members["kind"] = .string(name)
            }
            return JSONValue.object(members).serialized(pretty: false) + "\n"
        }.joined()
    }
}
