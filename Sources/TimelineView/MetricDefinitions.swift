/// One-line definitions of every metric (metrics_version 1), as
/// docs/metrics.md and SPEC §3 give them: the hover text of a page's
/// metrics table. One table, so a definition change is one edit here and
/// one in the docs.
public enum MetricDefinitions {
    /// Metric name (without a `.p50`/`.p95`/`.max` suffix) → definition.
    public static let table: [String: String] = [
        "asr.utterances": "Number of utterance ids in the ASR trace.",
        "asr.erased_words": "Words erased by successive hypotheses: Σ (|H[i−1]| − lcp(H[i−1], H[i])) over utterances.",
        "asr.partial_churn": "Normalized erasure: Σ erased words / max(1, Σ words of the finals).",
        "asr.revisions": "Updates (partial → partial or → final) that erased at least one word.",
        "asr.first_partial_latency_ms": "t(first partial) − speech start (t(final) − start when there is no partial).",
        "asr.first_stable_token_latency_ms": "t(H[j]) − speech start, j the first update from which every hypothesis starts with the final's first word.",
        "asr.finalization_delay_ms": "t(final) − speech end of the matching segment.",
        "asr.wer": "Word error rate (S + D + I) / N_ref of the finals joined with a space against annotations.reference, both normalized.",
        "asr.cer": "Character error rate over the normalized strings, spaces included (as jiwer counts it).",
        "tts.requests": "Number of request ids in the TTS trace.",
        "tts.first_audio_byte_ms": "t(first chunk) − t(request).",
        "tts.cadence_p50_ms": "Median gap between consecutive chunk arrivals of a request.",
        "tts.cadence_p95_ms": "95th-percentile (nearest-rank) gap between consecutive chunk arrivals of a request.",
        "tts.cadence_max_ms": "Largest gap between consecutive chunk arrivals of a request.",
        "tts.underrun_count": "Playback-buffer underruns (playback starts start_delay_ms after the first chunk, real time), summed over requests.",
        "tts.underrun_ms": "Total time playback starved waiting for the next chunk, summed over requests.",
        "tts.audio_ms": "Audio synthesized for a request: Σ chunk durations.",
        "tts.rtf": "Real-time factor: (t(end, else last chunk) − t(request)) / audio_ms.",
        "barge_in.count": "User-speech onsets that fell inside agent playback [start, stop).",
        "barge_in.missed": "Barge-ins not cancelled within budgets.barge_in_ms (default 500 ms).",
        "barge_in.false": "Cancelled playbacks with no user onset in [stop − barge_in_ms, stop]: echo or noise cut the agent off.",
        "barge_in.latency_ms": "Playback stop − user onset: how long the agent kept talking over the user.",
        "turns.response_gap_ms": "Playback start − user-speech end, for each speech end followed by playback before the next onset.",
        "turns.overlap_ms": "Total time user speech and agent playback overlap.",
        "audio.duration_s": "Length of the mic recording in seconds.",
        "audio.sample_rate": "Sample rate of the mic recording (Hz).",
        "audio.channels": "Channels of the mic recording.",
        "duration_bucket": "Duration slice of the mic recording: <2s, 2-5s, 5-15s, 15-60s, >=60s.",
        "snr.db": "Estimate of 10·log10(P_speech / P_noise) over the whole mic track.",
        "snr.bucket": "SNR slice: <0, 0-5, 5-10, 10-15, 15-20, 20-30, >=30 dB (lower bound inclusive).",
        "vad.speech_ratio": "Fraction of 10 ms frames the VAD marks as speech.",
        "echo.delay_ms": "Echo path delay: how far the mic lags the far-end reference.",
        "echo.erl_db": "Echo return loss: far-end power over echo power at the mic, on far-end single-talk.",
        "echo.double_talk_ratio": "Fraction of far-end-active frames where the user also speaks.",
        "echo.coherence": "Coherence (0..1) between far-end and mic.",
        "echo.erle_db": "Echo return loss enhancement of the AEC output track.",
    ]

    private static let summaries: [(suffix: String, text: String)] = [
        (".p50", "p50 (nearest rank)"),
        (".p95", "p95 (nearest rank)"),
        (".max", "Maximum"),
    ]

    /// What a per-fixture summary ranges over, by metric family.
    private static func items(of base: String) -> String {
        if base.hasPrefix("asr.") { return "utterances" }
        if base.hasPrefix("tts.") { return "requests" }
        if base.hasPrefix("barge_in.") { return "barge-ins" }
        if base.hasPrefix("turns.") { return "responses" }
        return "items"
    }

    /// The definition of `name`, with the summary it takes for a
    /// `.p50`/`.p95`/`.max` name; nil for a metric with no recorded definition.
    public static func definition(of name: String) -> String? {
        if let exact = table[name] { return exact }
        for summary in summaries where name.hasSuffix(summary.suffix) {
            let base = String(name.dropLast(summary.suffix.count))
            if let definition = table[base] { return "\(definition) \(summary.text) over \(items(of: base))." }
        }
        return nil
    }
}
