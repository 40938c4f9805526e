import Traces

/// The latencies of one matched speech segment (metrics_version 2): the
/// first partial and first stable token come from the first utterance
/// aligned with the segment (in `utt` order), the final from the last.
public struct SegmentLatencies: Equatable, Sendable {
    public var segment: SpeechSegment
    public var utts: [Int]
    public var firstPartialLatencyMs: Double?
    public var firstStableTokenLatencyMs: Double?
    public var finalizationDelayMs: Double?

    public init(match: SpeechAlignment.Match, utterances: [Int: UtteranceMetrics]) {
        segment = match.segment
        utts = match.utts
        let first = match.utts.first.flatMap { utterances[$0] }
        let last = match.utts.last.flatMap { utterances[$0] }
        firstPartialLatencyMs = first?.firstPartialLatencyMs
        firstStableTokenLatencyMs = first?.firstStableTokenLatencyMs
        finalizationDelayMs = last?.finalizationDelayMs
    }
}

/// Per-fixture ASR metrics (docs/metrics.md, "ASR") from an emission trace,
/// the user's speech segments and the reference transcript.
public enum ASRMetrics {
    /// Per-utterance metrics in `utt` order, each against the segment it is
    /// aligned with (`SpeechAlignment`); an inserted utterance has nil
    /// latencies, its churn, revisions and text still count.
    public static func utterances(_ trace: EmissionTrace, segments: [SpeechSegment]) -> [UtteranceMetrics] {
        let segmentOf = SpeechAlignment(trace, segments: segments).segmentOfUtterance
        let byUtt = Dictionary(grouping: trace.events.filter { $0.kind == .partial || $0.kind == .final }, by: \.utt)
        return byUtt.keys.sorted().map { utt in
            UtteranceMetrics(utt: utt, events: byUtt[utt]!, segment: segmentOf[utt])
        }
    }

    /// The latencies of every matched segment, in start order.
    public static func segmentLatencies(_ trace: EmissionTrace, segments: [SpeechSegment]) -> [SegmentLatencies] {
        let alignment = SpeechAlignment(trace, segments: segments)
        let utterances = Dictionary(uniqueKeysWithValues: utterances(trace, segments: segments).map { ($0.utt, $0) })
        return alignment.matches.map { SegmentLatencies(match: $0, utterances: utterances) }
    }

    /// The `asr.*` metrics: churn, revisions and WER over every utterance;
    /// `asr.inserted_utterances` and `asr.missed_segments` from the
    /// alignment; latencies as p50/p95/max over matched segments; WER/CER of
    /// the finals joined with a space against `reference`;
    /// `asr.entity_error_rate` of `entities` (`annotations.entities`, null
    /// without them) and `asr.confidence_ece` / `asr.confidence_nce` of the
    /// finals' word confidences (null without them or without a reference).
    public static func metrics(_ trace: EmissionTrace, segments: [SpeechSegment], reference: String?,
                               entities: [String]? = nil) -> MetricSet {
        let utterances = utterances(trace, segments: segments)
        let alignment = SpeechAlignment(trace, segments: segments)
        let byUtt = Dictionary(uniqueKeysWithValues: utterances.map { ($0.utt, $0) })
        let matched = alignment.matches.map { SegmentLatencies(match: $0, utterances: byUtt) }
        let erased = utterances.reduce(0) { $0 + $1.erasedWords }
        let finalWords = utterances.reduce(0) { $0 + $1.finalWordCount }
        var metrics: MetricSet = [
            MetricName.asrUtterances.rawValue: .number(Double(utterances.count)),
            MetricName.asrErasedWords.rawValue: .number(Double(erased)),
            MetricName.asrPartialChurn.rawValue: .number(Double(erased) / Double(max(1, finalWords))),
            MetricName.asrRevisions.rawValue: .number(Double(utterances.reduce(0) { $0 + $1.revisions })),
            MetricName.asrInsertedUtterances.rawValue: .number(Double(alignment.inserted.count)),
            MetricName.asrMissedSegments.rawValue: .number(Double(alignment.missed.count)),
        ]
        metrics.merge(Percentile.summary(MetricName.asrFirstPartialLatency.rawValue, matched.compactMap(\.firstPartialLatencyMs))) { $1 }
        metrics.merge(Percentile.summary(MetricName.asrFirstStableTokenLatency.rawValue, matched.compactMap(\.firstStableTokenLatencyMs))) { $1 }
        metrics.merge(Percentile.summary(MetricName.asrFinalizationDelay.rawValue, matched.compactMap(\.finalizationDelayMs))) { $1 }

        let hypothesis = utterances.compactMap(\.finalText).joined(separator: " ")
        metrics[MetricName.asrWER.rawValue] = .finite(reference.flatMap { ErrorRate.wer(reference: $0, hypothesis: hypothesis) })
        metrics[MetricName.asrCER.rawValue] = .finite(reference.flatMap { ErrorRate.cer(reference: $0, hypothesis: hypothesis) })
        metrics[MetricName.asrEntityErrorRate.rawValue] =
            .finite(entities.flatMap { EntityMetrics.entityErrorRate(entities: $0, hypothesis: hypothesis) })
        let finals = trace.events.filter { $0.kind == .final }.sorted { $0.utt < $1.utt }
        let scored = ConfidenceMetrics.scoredWords(finals: finals, reference: reference)
        metrics[MetricName.asrConfidenceECE.rawValue] = .finite(ConfidenceMetrics.expectedCalibrationError(scored))
        metrics[MetricName.asrConfidenceNCE.rawValue] = .finite(ConfidenceMetrics.normalizedCrossEntropy(scored))
        return metrics
    }
}
