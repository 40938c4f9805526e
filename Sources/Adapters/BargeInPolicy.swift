import Traces

/// The reference barge-in policy of the full-duplex replay: cancel the
/// agent's playback on the first hypothesis heard during playback that has
/// at least `minWords` words.
///
/// Partials trigger it, and so do finals (an engine may finalize without
/// ever sending a partial); the engine's own `speech_start` does not, since
/// an endpointer fires on echo and noise long before words do. Words are
/// split on white space, as docs/metrics.md counts them.
public struct BargeInPolicy: Equatable, Sendable {
    public var minWords: Int

    public init(minWords: Int = 1) {
        self.minWords = max(1, minWords)
    }

    /// Whether `event`, heard while the agent is playing, cancels playback.
    public func cancels(on event: EmissionEvent) -> Bool {
        switch event.kind {
        case .partial, .final:
            return event.text.split(whereSeparator: \.isWhitespace).count >= minWords
        default:
            return false
        }
    }
}
