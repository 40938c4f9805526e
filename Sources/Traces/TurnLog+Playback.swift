/// A stretch of agent playback from the turn log: `[startMs, stopMs)`.
public struct PlaybackInterval: Equatable, Sendable {
    public var startMs: Double
    public var stopMs: Double
    /// Why it stopped; nil when the log gave no reason.
    public var reason: TurnEvent.StopReason?

    public init(startMs: Double, stopMs: Double, reason: TurnEvent.StopReason?) {
        self.startMs = startMs
        self.stopMs = stopMs
        self.reason = reason
    }
}

/// A turn log whose playback events do not pair up (docs/metrics.md: stop without
/// start, nested starts, time going backwards, playback never stopped).
public struct TurnOrderViolation: Error, Equatable, CustomStringConvertible, Sendable {
    /// 0-based index of the offending event in `TurnLog.events`.
    public var eventIndex: Int
    public var reason: String
    public var description: String { "turn log event \(eventIndex + 1): \(reason)" }
}

extension TurnLog {
    /// Pairs `tts_play_start`/`tts_play_stop` into playback intervals.
    /// A log that ends while playing is refused too: without its stop
    /// neither barge-in latency nor overlap is defined.
    public func playbackIntervals() throws -> [PlaybackInterval] {
        var intervals: [PlaybackInterval] = []
        var open: (index: Int, tMs: Double)?
        var previous: Double?
        for (index, event) in events.enumerated() {
            if let previous, event.tMs < previous {
                throw TurnOrderViolation(eventIndex: index, reason: "time goes backwards")
            }
            previous = event.tMs
            switch event.kind {
            case .ttsPlayStart:
                if let open {
                    throw TurnOrderViolation(eventIndex: index, reason: "tts_play_start while playback started at event \(open.index + 1) is still playing")
                }
                open = (index, event.tMs)
            case .ttsPlayStop(let reason):
                guard let started = open else {
                    throw TurnOrderViolation(eventIndex: index, reason: "tts_play_stop without a tts_play_start")
                }
                intervals.append(PlaybackInterval(startMs: started.tMs, stopMs: event.tMs, reason: reason))
                open = nil
            default:
                break
            }
        }
        if let open {
            throw TurnOrderViolation(eventIndex: open.index, reason: "tts_play_start never stopped")
        }
        return intervals
    }
}
