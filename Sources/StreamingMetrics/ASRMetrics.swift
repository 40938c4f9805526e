import Traces

/// Per-fixture ASR metrics of SPEC §3 from an emission trace, the user's
/// speech segments and the reference transcript.
public enum ASRMetrics {
    /// Utterance `k` (its `utt` id) is matched with the `k`th speech
    /// segment in time order; an utterance past the last segment gets nil
    /// latencies, and segments without an utterance are ignored.
    public static func utterances(_ trace: EmissionTrace, segments: [SpeechSegment]) -> [UtteranceMetrics] {
        let ordered = segments.sorted { $0.startMs < $1.startMs }
        let byUtt = Dictionary(grouping: trace.events.filter { $0.kind == .partial || $0.kind == .final }, by: \.utt)
        return byUtt.keys.sorted().map { utt in
            UtteranceMetrics(utt: utt, events: byUtt[utt]!, segment: utt < ordered.count ? ordered[utt] : nil)
        }
    }

    /// The `asr.*` metrics: churn and revisions summed over utterances,
    /// latencies as p50/p95/max over utterances, WER/CER of the finals
    /// joined with a space against `reference`.
    public static func metrics(_ trace: EmissionTrace, segments: [SpeechSegment], reference: String?) -> MetricSet {
        let utterances = utterances(trace, segments: segments)
        let erased = utterances.reduce(0) { $0 + $1.erasedWords }
        let finalWords = utterances.reduce(0) { $0 + $1.finalWordCount }
        var metrics: MetricSet = [
            "asr.utterances": .number(Double(utterances.count)),
            "asr.erased_words": .number(Double(erased)),
            "asr.partial_churn": .number(Double(erased) / Double(max(1, finalWords))),
            "asr.revisions": .number(Double(utterances.reduce(0) { $0 + $1.revisions })),
        ]
        metrics.merge(Percentile.summary("asr.first_partial_latency_ms", utterances.compactMap(\.firstPartialLatencyMs))) { $1 }
        metrics.merge(Percentile.summary("asr.first_stable_token_latency_ms", utterances.compactMap(\.firstStableTokenLatencyMs))) { $1 }
        metrics.merge(Percentile.summary("asr.finalization_delay_ms", utterances.compactMap(\.finalizationDelayMs))) { $1 }

        let hypothesis = utterances.compactMap(\.finalText).joined(separator: " ")
        metrics["asr.wer"] = .finite(reference.flatMap { ErrorRate.wer(reference: $0, hypothesis: hypothesis) })
        metrics["asr.cer"] = .finite(reference.flatMap { ErrorRate.cer(reference: $0, hypothesis: hypothesis) })
        return metrics
    }
}
