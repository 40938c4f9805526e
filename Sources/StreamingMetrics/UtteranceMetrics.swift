import Traces

/// ASR metrics (docs/metrics.md) of one utterance: its partials in time order, then
/// its final, against the matching user-speech segment.
public struct UtteranceMetrics: Equatable, Sendable {
    public var utt: Int
    /// Words erased by successive updates: `Σ (|H[i-1]| − lcp(H[i-1], H[i]))`.
    public var erasedWords: Int
    /// Updates that erased at least one word.
    public var revisions: Int
    /// Words in the final (0 when there is none).
    public var finalWordCount: Int
    /// The final's text; nil when the trace ended without one.
    public var finalText: String?
    public var firstPartialLatencyMs: Double?
    public var firstStableTokenLatencyMs: Double?
    public var finalizationDelayMs: Double?

    /// `erased_words / max(1, |f|)`.
    public var partialChurn: Double { Double(erasedWords) / Double(max(1, finalWordCount)) }

    /// Computes the metrics of utterance `utt` from its events (partials and
    /// final, in time order; other kinds are ignored) and its speech segment,
    /// when there is one. Without a final, `H` is the partials alone and the
    /// metrics that need `f` are nil.
    public init(utt: Int, events: [EmissionEvent], segment: SpeechSegment?) {
        self.utt = utt
        let partials = events.filter { $0.kind == .partial }
        let final = events.first { $0.kind == .final }
        let updates = partials + (final.map { [$0] } ?? [])
        let hypotheses = updates.map { Self.words($0.text) }

        var erased = 0, revisions = 0
        for i in hypotheses.indices.dropFirst() {
            let lost = hypotheses[i - 1].count - Self.commonPrefixLength(hypotheses[i - 1], hypotheses[i])
            erased += lost
            if lost > 0 { revisions += 1 }
        }
        erasedWords = erased
        self.revisions = revisions
        finalText = final?.text
        let finalWords = final.map { Self.words($0.text) } ?? []
        finalWordCount = finalWords.count

        let first = partials.first ?? final
        firstPartialLatencyMs = zip(first, segment).map { $0.tMs - $1.startMs }
        finalizationDelayMs = zip(final, segment).map { $0.tMs - $1.endMs }

        // The first update from which every hypothesis is non-empty and
        // starts with the final's first word: when the caption stopped
        // rewriting its opening word.
        var stableIndex: Int?
        if final != nil, let anchor = finalWords.first {
            for i in hypotheses.indices.reversed() {
                guard hypotheses[i].first == anchor else { break }
                stableIndex = i
            }
        }
        firstStableTokenLatencyMs = zip(stableIndex.map { updates[$0] }, segment).map { $0.tMs - $1.startMs }
    }

    /// `words(s)` of docs/metrics.md: split on Unicode white space and nothing else,
    /// so case and punctuation flips count as revisions.
    public static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0.isWhitespace })
    }

    /// `lcp(a, b)`: length of the longest common word prefix.
    public static func commonPrefixLength(_ a: [Substring], _ b: [Substring]) -> Int {
        var n = 0
        while n < a.count, n < b.count, a[n] == b[n] { n += 1 }
        return n
    }
}

/// Both optionals, or nil.
private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
