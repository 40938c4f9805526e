import FileFormats
import Foundation

extension EmissionTrace {
    /// Reads an ASR emission trace (docs/formats.md) from `path`; errors
    /// name `file` (the name the fixture uses) and the line.
    public static func load(path: String, file: String? = nil, clock: TraceClock = .audio) throws -> EmissionTrace {
        let name = file ?? path
        return try decode(lines: TraceLines.read(path: path, file: name), clock: clock)
    }

    /// Decodes an ASR emission trace from JSON Lines bytes.
    public static func decode(data: Data, file: String, clock: TraceClock = .audio) throws -> EmissionTrace {
        try decode(lines: TraceLines.split(data: data, file: file), clock: clock)
    }

    /// Checks events that did not come from a file — a live engine's output
    /// — against exactly the rules the file decoder enforces: `t_ms`
    /// finite, non-negative and non-decreasing; kinds defined or `x-`
    /// extensions; extension fields named `x_…`; one final per utterance
    /// and no partial after it; `stability`, `confidence` and word
    /// confidences finite and in 0…1. Throws a `TraceError` naming
    /// `source` and the event (`adapter sphinx: event 7 (t_ms 1200): …`).
    public static func validate(events: [EmissionEvent], source: TraceSource) throws {
        var rules = EmissionRules()
        for (index, event) in events.enumerated() {
            if let reason = rules.check(event) { throw source.error(event: index, tMs: event.tMs, reason) }
        }
    }

    /// A trace of `events` once `validate(events:source:)` accepts them.
    public init(validating events: [EmissionEvent], clock: TraceClock = .audio, source: TraceSource) throws {
        try Self.validate(events: events, source: source)
        self.init(clock: clock, events: events)
    }

    static func decode(lines: [TraceLine], clock: TraceClock) throws -> EmissionTrace {
        var events: [EmissionEvent] = []
        var rules = EmissionRules()
        for line in lines {
            if let reason = TraceSchema.unknownFieldReason(line.object.keys, defined: TraceSchema.emissionFields) {
                throw line.error(reason)
            }
            let name = try line.string("kind")
            let kind = EmissionEvent.Kind(name: name)
            if case .other = kind, !TraceSchema.isExtensionKind(name) {
                throw line.error(TraceSchema.unknownKind(name, defined: TraceSchema.emissionKinds))
            }
            let utt = try line.optionalIndex("utt") ?? 0
            let text: String
            switch kind {
            case .partial, .final: text = try line.string("text")
            default: text = try line.optionalString("text") ?? ""
            }
            let event = EmissionEvent(
                tMs: line.tMs, utt: utt, kind: kind, text: text,
                stability: try line.optionalUnit("stability"),
                confidence: try line.optionalUnit("confidence"),
                words: try words(line, kind: kind),
                extensions: line.extensions)
            if let reason = rules.check(event) { throw line.error(reason) }
            events.append(event)
        }
        return EmissionTrace(clock: clock, events: events)
    }

    /// A final's `"words": [{"text": w, "confidence": c}, …]`.
    private static func words(_ line: TraceLine, kind: EmissionEvent.Kind) throws -> [RecognizedWord]? {
        guard let value = line.object["words"], !value.isNull else { return nil }
        guard kind == .final else { throw line.error("\"words\" is only defined on a final") }
        guard let items = value.arrayValue else { throw line.error("\"words\" must be an array") }
        return try items.enumerated().map { index, item in
            let field = "\"words\"[\(index)]"
            guard let object = item.objectValue else { throw line.error("\(field) must be an object") }
            if let reason = TraceSchema.unknownFieldReason(object.keys, defined: TraceSchema.wordFields) {
                throw line.error("\(field): \(reason)")
            }
            guard let text = object["text"]?.stringValue else { throw line.error("\(field) needs a string \"text\"") }
            guard let confidence = object["confidence"]?.numberValue else {
                throw line.error("\(field) needs a number \"confidence\"")
            }
            return RecognizedWord(text: text, confidence: confidence)
        }
    }
}

/// The rules every ASR emission trace obeys, checked one event at a time
/// in order; shared by the file decoder and `EmissionTrace.validate`.
struct EmissionRules {
    private var time = TimeRule()
    private var finalized = Set<Int>()

    /// Why `event` breaks a rule, or nil.
    mutating func check(_ event: EmissionEvent) -> String? {
        if let reason = time.check(event.tMs) { return reason }
        if case .other(let name) = event.kind, !TraceSchema.isExtensionKind(name) {
            return TraceSchema.unknownKind(name, defined: TraceSchema.emissionKinds)
        }
        if let bad = event.extensions.keys.sorted(by: codePointOrder).first(where: { !TraceSchema.isExtensionField($0) }) {
            return TraceSchema.unknownField(bad, defined: TraceSchema.emissionFields)
        }
        if let reason = unitIntervalReason("\"stability\"", event.stability)
            ?? unitIntervalReason("\"confidence\"", event.confidence) {
            return reason
        }
        if let words = event.words {
            guard event.kind == .final else { return "\"words\" is only defined on a final" }
            for (index, word) in words.enumerated() {
                if let reason = unitIntervalReason("\"words\"[\(index)].confidence", word.confidence) { return reason }
            }
        }
        switch event.kind {
        case .partial where finalized.contains(event.utt):
            return "partial after the final of utterance \(event.utt)"
        case .final where !finalized.insert(event.utt).inserted:
            return "second final for utterance \(event.utt)"
        default:
            return nil
        }
    }
}
