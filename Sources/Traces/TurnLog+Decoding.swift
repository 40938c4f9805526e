import Foundation

extension TurnLog {
    /// Reads a turn-taking log (SPEC §2) from `path`; errors name `file` and
    /// the line, including playback ordering violations.
    public static func load(path: String, file: String? = nil) throws -> TurnLog {
        try decode(lines: TraceLines.read(path: path, file: file ?? path))
    }

    /// Decodes a turn-taking log from JSON Lines bytes.
    public static func decode(data: Data, file: String) throws -> TurnLog {
        try decode(lines: TraceLines.split(data: data, file: file))
    }

    static func decode(lines: [TraceLine]) throws -> TurnLog {
        var events: [TurnEvent] = []
        for line in lines {
            let name = try line.string("kind")
            let kind: TurnEvent.Kind
            switch name {
            case "tts_play_start": kind = .ttsPlayStart
            case "tts_play_stop":
                var reason: TurnEvent.StopReason?
                if let raw = try line.optionalString("reason") {
                    guard let known = TurnEvent.StopReason(rawValue: raw) else {
                        throw line.error("\"reason\" must be \"complete\" or \"cancel\", got \"\(raw)\"")
                    }
                    reason = known
                }
                kind = .ttsPlayStop(reason: reason)
            case "vad_start": kind = .vadStart
            case "vad_end": kind = .vadEnd
            case "cancel_sent": kind = .cancelSent
            default: kind = .other(name)
            }
            events.append(TurnEvent(tMs: line.tMs, kind: kind))
        }
        let log = TurnLog(events: events)
        do {
            _ = try log.playbackIntervals()
        } catch let violation as TurnOrderViolation {
            throw lines[violation.eventIndex].error(violation.reason)
        }
        return log
    }
}
