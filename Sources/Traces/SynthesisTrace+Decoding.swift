import FileFormats
import Foundation

extension SynthesisTrace {
    /// Reads a TTS trace (docs/formats.md) from `path`; errors name `file`
    /// and the line.
    public static func load(path: String, file: String? = nil) throws -> SynthesisTrace {
        try decode(lines: TraceLines.read(path: path, file: file ?? path))
    }

    /// Decodes a TTS trace from JSON Lines bytes.
    public static func decode(data: Data, file: String) throws -> SynthesisTrace {
        try decode(lines: TraceLines.split(data: data, file: file))
    }

    /// Checks a live engine's events against the rules the file decoder
    /// enforces: `t_ms` finite, non-negative, non-decreasing; kinds defined
    /// or `x-` extensions; extension fields `x_…`; one request and at most
    /// one end per `req`, chunks and the end after the request and no chunk
    /// after the end; chunk durations non-negative (not NaN).
    public static func validate(events: [SynthesisEvent], source: TraceSource) throws {
        var rules = SynthesisRules()
        for (index, event) in events.enumerated() {
            if let reason = rules.check(event) { throw source.error(event: index, tMs: event.tMs, reason) }
        }
    }

    /// A trace of `events` once `validate(events:source:)` accepts them.
    public init(validating events: [SynthesisEvent], source: TraceSource) throws {
        try Self.validate(events: events, source: source)
        self.init(events: events)
    }

    static func decode(lines: [TraceLine]) throws -> SynthesisTrace {
        var events: [SynthesisEvent] = []
        var rules = SynthesisRules()
        for line in lines {
            if let reason = TraceSchema.unknownFieldReason(line.object.keys, defined: TraceSchema.synthesisFields) {
                throw line.error(reason)
            }
            let name = try line.string("kind")
            let req = try line.optionalIndex("req") ?? 0
            let kind: SynthesisEvent.Kind
            switch name {
            case "request": kind = .request(text: try line.optionalString("text") ?? "")
            case "chunk": kind = .chunk(durationMs: try chunkDuration(line))
            case "end": kind = .end
            case _ where TraceSchema.isExtensionKind(name): kind = .other(name)
            default: throw line.error(TraceSchema.unknownKind(name, defined: TraceSchema.synthesisKinds))
            }
            let event = SynthesisEvent(tMs: line.tMs, req: req, kind: kind, extensions: line.extensions)
            if let reason = rules.check(event) { throw line.error(reason) }
            events.append(event)
        }
        return SynthesisTrace(events: events)
    }

    /// A chunk's playable length in ms: `duration_ms`, or `samples` /
    /// `sample_rate` resolved here so metrics see one unit.
    private static func chunkDuration(_ line: TraceLine) throws -> Double {
        if let ms = try line.optionalNumber("duration_ms") {
            guard ms >= 0 else { throw line.error("negative \"duration_ms\" (\(JSONValue.format(number: ms)))") }
            return ms
        }
        let samples = line.object["samples"], rate = line.object["sample_rate"]
        guard let samples, let rate, !samples.isNull, !rate.isNull else {
            throw line.error("chunk needs \"duration_ms\" or \"samples\" and \"sample_rate\"")
        }
        guard let count = samples.numberValue else { throw line.error("\"samples\" must be a number") }
        guard count >= 0, count.rounded() == count else { throw line.error("\"samples\" must be a non-negative whole number") }
        guard let hz = rate.numberValue else { throw line.error("\"sample_rate\" must be a number") }
        guard hz > 0 else { throw line.error("\"sample_rate\" must be positive") }
        return count * 1000 / hz
    }
}

/// The rules every TTS trace obeys, one event at a time in order; shared
/// by the file decoder and `SynthesisTrace.validate`.
struct SynthesisRules {
    private var time = TimeRule()
    private var requested = Set<Int>()
    private var ended = Set<Int>()

    mutating func check(_ event: SynthesisEvent) -> String? {
        if let reason = time.check(event.tMs) { return reason }
        if let bad = event.extensions.keys.sorted(by: codePointOrder).first(where: { !TraceSchema.isExtensionField($0) }) {
            return TraceSchema.unknownField(bad, defined: TraceSchema.synthesisFields)
        }
        let req = event.req
        switch event.kind {
        case .request:
            guard requested.insert(req).inserted else { return "second request event for req \(req)" }
        case .chunk(let durationMs):
            // Metrics need each chunk's request time, so order is checked here.
            guard requested.contains(req) else { return "chunk for req \(req) before its request event" }
            guard !ended.contains(req) else { return "chunk for req \(req) after its end event" }
            // NaN or negative is malformed. An absurd duration written with
            // finite numbers (samples / a tiny sample_rate overflowing to
            // +inf) is accepted as before; metrics report it as null.
            guard !durationMs.isNaN else { return "\"duration_ms\" is not a number" }
            guard durationMs >= 0 else { return "negative \"duration_ms\" (\(JSONValue.format(number: durationMs)))" }
        case .end:
            guard requested.contains(req) else { return "end for req \(req) before its request event" }
            guard ended.insert(req).inserted else { return "second end event for req \(req)" }
        case .other(let name):
            guard TraceSchema.isExtensionKind(name) else { return TraceSchema.unknownKind(name, defined: TraceSchema.synthesisKinds) }
        }
        return nil
    }
}
