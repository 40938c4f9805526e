import Foundation

extension EmissionTrace {
    /// Reads an ASR emission trace (SPEC §2) from `path`; errors name
    /// `file` (the name the fixture uses) and the line.
    public static func load(path: String, file: String? = nil, clock: TraceClock = .audio) throws -> EmissionTrace {
        let name = file ?? path
        return try decode(lines: TraceLines.read(path: path, file: name), clock: clock)
    }

    /// Decodes an ASR emission trace from JSON Lines bytes.
    public static func decode(data: Data, file: String, clock: TraceClock = .audio) throws -> EmissionTrace {
        try decode(lines: TraceLines.split(data: data, file: file), clock: clock)
    }

    static func decode(lines: [TraceLine], clock: TraceClock) throws -> EmissionTrace {
        var events: [EmissionEvent] = []
        var finalized = Set<Int>()
        for line in lines {
            let kind = EmissionEvent.Kind(name: try line.string("kind"))
            let utt = try line.optionalIndex("utt") ?? 0
            let text: String
            switch kind {
            case .partial, .final: text = try line.string("text")
            default: text = try line.optionalString("text") ?? ""
            }
            if case .partial = kind, finalized.contains(utt) {
                throw line.error("partial after the final of utterance \(utt)")
            }
            if case .final = kind, !finalized.insert(utt).inserted {
                throw line.error("second final for utterance \(utt)")
            }
            events.append(EmissionEvent(
                tMs: line.tMs, utt: utt, kind: kind, text: text,
                stability: try line.optionalUnit("stability"),
                confidence: try line.optionalUnit("confidence")))
        }
        return EmissionTrace(clock: clock, events: events)
    }
}
