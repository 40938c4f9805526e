import Traces

/// One user-speech onset that fell inside agent playback (SPEC §3).
public struct BargeIn: Equatable, Sendable {
    public var onsetMs: Double
    public var playback: PlaybackInterval
    /// `stop − onset`: how long the agent kept talking over the user.
    public var latencyMs: Double { playback.stopMs - onsetMs }

    /// Cancelled within the budget; anything else is a missed barge-in.
    public func succeeded(budgetMs: Double) -> Bool {
        playback.reason == .cancel && latencyMs <= budgetMs
    }
}

/// Turn-taking and barge-in metrics of SPEC §3 from playback intervals and
/// the user's speech segments.
public enum TurnTakingMetrics {
    /// Default `budgets.barge_in_ms`.
    public static let defaultBargeInBudgetMs = 500.0

    /// Every speech onset `u` with `start ≤ u < stop` of some playback.
    public static func bargeIns(playback: [PlaybackInterval], segments: [SpeechSegment]) -> [BargeIn] {
        segments.map(\.startMs).sorted().compactMap { onset in
            playback.first { $0.startMs <= onset && onset < $0.stopMs }.map { BargeIn(onsetMs: onset, playback: $0) }
        }
    }

    /// Cancelled playbacks with no user onset in `[stop − budget, stop]`:
    /// echo or noise cutting the agent off.
    public static func falseBargeIns(playback: [PlaybackInterval], segments: [SpeechSegment], budgetMs: Double) -> Int {
        playback.filter { interval in
            interval.reason == .cancel && !segments.contains { (interval.stopMs - budgetMs...interval.stopMs).contains($0.startMs) }
        }.count
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

    /// The `barge_in.*` and `turns.*` metrics. Throws `TurnOrderViolation`
    /// when the log's playback events do not pair up.
    public static func metrics(_ log: TurnLog, segments: [SpeechSegment], budgetMs: Double = defaultBargeInBudgetMs) throws -> MetricSet {
        let playback = try log.playbackIntervals()
        let bargeIns = bargeIns(playback: playback, segments: segments)
        var metrics: MetricSet = [
            "barge_in.count": .number(Double(bargeIns.count)),
            "barge_in.missed": .number(Double(bargeIns.filter { !$0.succeeded(budgetMs: budgetMs) }.count)),
            "barge_in.false": .number(Double(falseBargeIns(playback: playback, segments: segments, budgetMs: budgetMs))),
            "turns.overlap_ms": .finite(overlapMs(playback: playback, segments: segments)),
        ]
        metrics.merge(Percentile.summary("barge_in.latency_ms", bargeIns.map(\.latencyMs))) { $1 }
        metrics.merge(Percentile.summary("turns.response_gap_ms", responseGaps(playback: playback, segments: segments))) { $1 }
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
