import Traces

/// One user-speech onset that fell inside agent playback (docs/metrics.md,
/// "Turn taking and barge-in").
public struct BargeIn: Equatable, Sendable {
    public var onsetMs: Double
    public var playback: PlaybackInterval
    /// `stop − onset`: how long the agent kept talking over the user.
    public var latencyMs: Double { playback.stopMs - onsetMs }

    /// Cancelled within the budget; anything else is a missed barge-in.
    public func succeeded(budgetMs: Double) -> Bool {
        playback.reason == .cancel && latencyMs <= budgetMs
    }

    /// Cancelled, but later than the budget: a late barge-in (also missed).
    public func isLate(budgetMs: Double) -> Bool {
        playback.reason == .cancel && latencyMs > budgetMs
    }
}

/// Turn-taking and barge-in metrics (docs/metrics.md, metrics_version 2)
/// from playback intervals and the user's speech segments.
public enum TurnTakingMetrics {
    /// Default `budgets.barge_in_ms`.
    public static let defaultBargeInBudgetMs = 500.0

    /// Every speech onset `u` with `start ≤ u < stop` of some playback.
    public static func bargeIns(playback: [PlaybackInterval], segments: [SpeechSegment]) -> [BargeIn] {
        segments.map(\.startMs).sorted().compactMap { onset in
            playback.first { $0.startMs <= onset && onset < $0.stopMs }.map { BargeIn(onsetMs: onset, playback: $0) }
        }
    }

    /// Cancelled playbacks that contain no user-speech onset
    /// (`start ≤ u < stop`): echo or noise cut the agent off while nobody
    /// spoke. A cancel that came late for a real onset is late, not false.
    public static func falseBargeIns(playback: [PlaybackInterval], segments: [SpeechSegment]) -> [PlaybackInterval] {
        playback.filter { interval in
            interval.reason == .cancel && !segments.contains { interval.startMs <= $0.startMs && $0.startMs < interval.stopMs }
        }
    }

    /// For each speech end followed by a playback start before the next
    /// onset, `start − end`: how long the user waited for the agent.
    public static func responseGaps(playback: [PlaybackInterval], segments: [SpeechSegment]) -> [Double] {
        let speech = segments.sorted { $0.startMs < $1.startMs }
        return speech.indices.compactMap { i in
            let end = speech[i].endMs
            let nextOnset = speech[(i + 1)...].map(\.startMs).first { $0 >= end } ?? .infinity
            return playback.map(\.startMs).filter { $0 >= end && $0 < nextOnset }.min().map { $0 - end }
        }
    }

    /// Total time user speech and playback overlap, each merged first so
    /// overlapping segments are not counted twice.
    public static func overlapMs(playback: [PlaybackInterval], segments: [SpeechSegment]) -> Double {
        let speech = merged(segments.map { ($0.startMs, $0.endMs) })
        let playing = merged(playback.map { ($0.startMs, $0.stopMs) })
        var total = 0.0
        for s in speech {
            for p in playing {
                total += max(0, min(s.1, p.1) - max(s.0, p.0))
            }
        }
        return total
    }

    /// The `barge_in.*` (count, missed, late, false, latency) and `turns.*` metrics. Throws `TurnOrderViolation`
    /// when the log's playback events do not pair up.
    public static func metrics(_ log: TurnLog, segments: [SpeechSegment], budgetMs: Double = defaultBargeInBudgetMs) throws -> MetricSet {
        let playback = try log.playbackIntervals()
        let bargeIns = bargeIns(playback: playback, segments: segments)
        var metrics: MetricSet = [
            MetricName.bargeInCount.rawValue: .number(Double(bargeIns.count)),
            MetricName.bargeInMissed.rawValue: .number(Double(bargeIns.filter { !$0.succeeded(budgetMs: budgetMs) }.count)),
            MetricName.bargeInLate.rawValue: .number(Double(bargeIns.filter { $0.isLate(budgetMs: budgetMs) }.count)),
            MetricName.bargeInFalse.rawValue: .number(Double(falseBargeIns(playback: playback, segments: segments).count)),
            MetricName.turnsOverlap.rawValue: .finite(overlapMs(playback: playback, segments: segments)),
        ]
        metrics.merge(Percentile.summary(MetricName.bargeInLatency.rawValue, bargeIns.map(\.latencyMs))) { $1 }
        metrics.merge(Percentile.summary(MetricName.turnsResponseGap.rawValue, responseGaps(playback: playback, segments: segments))) { $1 }
        return metrics
    }

    private static func merged(_ intervals: [(Double, Double)]) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        for interval in intervals.sorted(by: { $0.0 < $1.0 }) {
            if let last = out.last, interval.0 <= last.1 {
                out[out.count - 1].1 = max(last.1, interval.1)
            } else {
                out.append(interval)
            }
        }
        return out
    }
}
