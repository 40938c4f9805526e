import FileFormats
import Foundation

extension TurnLog {
    /// Reads a turn-taking log (docs/formats.md) from `path`; errors name
    /// `file` and the line, including playback ordering violations.
    public static func load(path: String, file: String? = nil) throws -> TurnLog {
        try decode(lines: TraceLines.read(path: path, file: file ?? path))
    }

    /// Decodes a turn-taking log from JSON Lines bytes.
    public static func decode(data: Data, file: String) throws -> TurnLog {
        try decode(lines: TraceLines.split(data: data, file: file))
    }

    /// Checks a turn log that did not come from a file (a duplex replay, a
    /// live client) against the rules the file decoder enforces: `t_ms`
    /// finite, non-negative, non-decreasing; kinds defined or `x-`
    /// extensions; extension fields `x_…`; playback starts and stops that
    /// pair up.
    public static func validate(events: [TurnEvent], source: TraceSource) throws {
        var time = TimeRule()
        for (index, event) in events.enumerated() {
            if let reason = time.check(event.tMs) ?? check(event) { throw source.error(event: index, tMs: event.tMs, reason) }
        }
        do {
            _ = try TurnLog(events: events).playbackIntervals()
        } catch let violation as TurnOrderViolation {
            throw source.error(event: violation.eventIndex, tMs: events[violation.eventIndex].tMs, violation.reason)
        }
    }

    /// A log of `events` once `validate(events:source:)` accepts them.
    public init(validating events: [TurnEvent], source: TraceSource) throws {
        try Self.validate(events: events, source: source)
        self.init(events: events)
    }

    static func decode(lines: [TraceLine]) throws -> TurnLog {
        var events: [TurnEvent] = []
        for line in lines {
            if let reason = TraceSchema.unknownFieldReason(line.object.keys, defined: TraceSchema.turnFields) {
                throw line.error(reason)
            }
            let name = try line.string("kind")
            let kind: TurnEvent.Kind
            switch name {
            case "tts_play_start": kind = .ttsPlayStart
            case "tts_play_stop":
                var reason: TurnEvent.StopReason?
                if let raw = try line.optionalString("reason") {
                    guard let known = TurnEvent.StopReason(rawValue: raw) else {
                        throw line.error("\"reason\" must be \"complete\" or \"cancel\", got \"\(raw)\""
                                         + NearestName.didYouMean(raw, among: ["complete", "cancel"]))
                    }
                    reason = known
                }
                kind = .ttsPlayStop(reason: reason)
            case "vad_start": kind = .vadStart
            case "vad_end": kind = .vadEnd
            case "cancel_sent": kind = .cancelSent
            case _ where TraceSchema.isExtensionKind(name): kind = .other(name)
            default: throw line.error(TraceSchema.unknownKind(name, defined: TraceSchema.turnKinds))
            }
            let event = TurnEvent(tMs: line.tMs, kind: kind, extensions: line.extensions)
            if let reason = check(event) { throw line.error(reason) }
            events.append(event)
        }
        let log = TurnLog(events: events)
        do {
            _ = try log.playbackIntervals()
        } catch let violation as TurnOrderViolation {
            throw lines[violation.eventIndex].error(violation.reason)
        }
        return log
    }

    /// The per-event rules beyond time: extension kinds and fields.
    private static func check(_ event: TurnEvent) -> String? {
        if case .other(let name) = event.kind, !TraceSchema.isExtensionKind(name) {
            return TraceSchema.unknownKind(name, defined: TraceSchema.turnKinds)
        }
        if let bad = event.extensions.keys.sorted(by: codePointOrder).first(where: { !TraceSchema.isExtensionField($0) }) {
            return TraceSchema.unknownField(bad, defined: TraceSchema.turnFields)
        }
        return nil
    }
}
