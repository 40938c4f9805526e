import FileFormats
import Traces

/// The name of one metric as results and goldens spell it: flat, dotted
/// (`asr.partial_churn`, `tts.first_audio_byte_ms.p95`, `snr.bucket`).
///
/// A typed name so code that emits or looks up a metric can say
/// `MetricName.asrWER` instead of repeating a string literal; a literal
/// still works where a name is expected.
public struct MetricName: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (a: MetricName, b: MetricName) -> Bool { codePointOrder(a.rawValue, b.rawValue) }

    /// `name.p50`, `name.p95`, `name.max`: the summaries of a per-item
    /// metric over the items of a fixture.
    public var summaries: [MetricName] { MetricSummary.allCases.map { self.summary($0) } }

    /// One summary of a per-item metric (`name.p95`).
    public func summary(_ summary: MetricSummary) -> MetricName { MetricName(rawValue + summary.suffix) }
}

/// The per-fixture summaries of a per-item metric (nearest-rank
/// percentiles and the maximum over utterances, requests, barge-ins …).
public enum MetricSummary: String, CaseIterable, Sendable {
    case p50, p95, max
    /// `.p50`, `.p95`, `.max`.
    public var suffix: String { "." + rawValue }
}

/// Which way a metric should move: the default `direction` of a tolerance.
public enum MetricDirection: String, CaseIterable, Sendable {
    /// Smaller is an improvement (latencies, error rates, counts of failures).
    case lowerIsBetter = "lower_is_better"
    /// Larger is an improvement (grounding, echo loss).
    case higherIsBetter = "higher_is_better"
    /// A property of the fixture: any change beyond tolerance is a mismatch.
    case exact
}

/// What a metric's number counts or measures.
public enum MetricUnit: String, CaseIterable, Sendable {
    case milliseconds = "ms"
    case seconds = "s"
    case hertz = "Hz"
    case decibels = "dB"
    /// A whole number of things (utterances, barge-ins, words).
    case count
    /// A dimensionless number, usually 0…1 (rates, fractions, scores).
    case ratio
    /// A string label (a bucket).
    case label
}

/// One catalog entry: a metric, its one-line definition, unit and default
/// direction. `summarized` metrics are computed per item and reported per
/// fixture only as `.p50`, `.p95`, `.max` (see `emittedNames`).
public struct MetricDefinition: Equatable, Sendable {
    public var name: MetricName
    public var definition: String
    public var unit: MetricUnit
    public var direction: MetricDirection
    public var summarized: Bool

    public init(_ name: MetricName, _ unit: MetricUnit, _ direction: MetricDirection, summarized: Bool = false, _ definition: String) {
        self.name = name
        self.unit = unit
        self.direction = direction
        self.summarized = summarized
        self.definition = definition
    }

    /// The names this metric appears under in results: the name itself, or
    /// its three summaries.
    public var emittedNames: [MetricName] { summarized ? name.summaries : [name] }
}

// MARK: - Names

extension MetricName {
    // ASR (per fixture; the latencies are per matched speech segment)
    public static let asrUtterances: MetricName = "asr.utterances"
    public static let asrErasedWords: MetricName = "asr.erased_words"
    public static let asrPartialChurn: MetricName = "asr.partial_churn"
    public static let asrRevisions: MetricName = "asr.revisions"
    public static let asrInsertedUtterances: MetricName = "asr.inserted_utterances"
    public static let asrMissedSegments: MetricName = "asr.missed_segments"
    public static let asrFirstPartialLatency: MetricName = "asr.first_partial_latency_ms"
    public static let asrFirstStableTokenLatency: MetricName = "asr.first_stable_token_latency_ms"
    public static let asrFinalizationDelay: MetricName = "asr.finalization_delay_ms"
    public static let asrWER: MetricName = "asr.wer"
    public static let asrCER: MetricName = "asr.cer"
    public static let asrEntityErrorRate: MetricName = "asr.entity_error_rate"
    public static let asrConfidenceECE: MetricName = "asr.confidence_ece"
    public static let asrConfidenceNCE: MetricName = "asr.confidence_nce"
    // TTS
    public static let ttsRequests: MetricName = "tts.requests"
    public static let ttsFirstAudioByte: MetricName = "tts.first_audio_byte_ms"
    public static let ttsCadenceP50: MetricName = "tts.cadence_p50_ms"
    public static let ttsCadenceP95: MetricName = "tts.cadence_p95_ms"
    public static let ttsCadenceMax: MetricName = "tts.cadence_max_ms"
    public static let ttsUnderrunCount: MetricName = "tts.underrun_count"
    public static let ttsUnderrunMs: MetricName = "tts.underrun_ms"
    public static let ttsAudioMs: MetricName = "tts.audio_ms"
    public static let ttsRTF: MetricName = "tts.rtf"
    // Turn taking
    public static let bargeInCount: MetricName = "barge_in.count"
    public static let bargeInMissed: MetricName = "barge_in.missed"
    public static let bargeInLate: MetricName = "barge_in.late"
    public static let bargeInFalse: MetricName = "barge_in.false"
    public static let bargeInLatency: MetricName = "barge_in.latency_ms"
    public static let turnsResponseGap: MetricName = "turns.response_gap_ms"
    public static let turnsOverlap: MetricName = "turns.overlap_ms"
    // Audio features
    public static let audioDuration: MetricName = "audio.duration_s"
    public static let audioSampleRate: MetricName = "audio.sample_rate"
    public static let audioChannels: MetricName = "audio.channels"
    public static let durationBucket: MetricName = "duration_bucket"
    public static let snrDB: MetricName = "snr.db"
    public static let snrBucket: MetricName = "snr.bucket"
    public static let vadSpeechRatio: MetricName = "vad.speech_ratio"
    public static let echoDelay: MetricName = "echo.delay_ms"
    public static let echoERL: MetricName = "echo.erl_db"
    public static let echoDoubleTalkRatio: MetricName = "echo.double_talk_ratio"
    public static let echoCoherence: MetricName = "echo.coherence"
    public static let echoERLE: MetricName = "echo.erle_db"
    // Voice RAG
    public static let ragQueryCount: MetricName = "rag.query_count"
    public static let ragAnswerCount: MetricName = "rag.answer_count"
    public static let ragTopKOverlap: MetricName = "rag.topk_overlap"
    public static let ragMRR: MetricName = "rag.mrr"
    public static let ragCitationCoverage: MetricName = "rag.citation_coverage"
    public static let ragCitationSupport: MetricName = "rag.citation_support"
    public static let ragGroundedAnswerRate: MetricName = "rag.grounded_answer_rate"
    public static let ragRetrievalLatency: MetricName = "rag.retrieval_latency_ms"
}

// MARK: - Catalog

/// Every metric the harness emits (metrics_version 2), with its definition,
/// unit and default direction. `docs/metrics.md` carries the same tables;
/// a test keeps the two equal both ways.
public enum MetricCatalog {
    public static let all: [MetricDefinition] = [
        // ASR
        .init(.asrUtterances, .count, .exact,
              "Number of utterance ids in the ASR trace."),
        .init(.asrErasedWords, .count, .lowerIsBetter,
              "Words erased by successive hypotheses: Σ (|H[i−1]| − lcp(H[i−1], H[i])) over every utterance."),
        .init(.asrPartialChurn, .ratio, .lowerIsBetter,
              "Normalized erasure: Σ erased words / max(1, Σ words of the finals), over every utterance."),
        .init(.asrRevisions, .count, .lowerIsBetter,
              "Updates (partial → partial or → final) that erased at least one word, over every utterance."),
        .init(.asrInsertedUtterances, .count, .lowerIsBetter,
              "Utterances aligned with no speech segment: heard before any speech (echo) or more than 3 s after its end (noise)."),
        .init(.asrMissedSegments, .count, .lowerIsBetter,
              "User-speech segments no utterance is aligned with."),
        .init(.asrFirstPartialLatency, .milliseconds, .lowerIsBetter, summarized: true,
              "t(first partial of the match) − segment start (t(final) when there is no partial), per matched segment."),
        .init(.asrFirstStableTokenLatency, .milliseconds, .lowerIsBetter, summarized: true,
              "t(H[j]) − segment start, j the first update from which every hypothesis starts with the final's first word, per matched segment."),
        .init(.asrFinalizationDelay, .milliseconds, .lowerIsBetter, summarized: true,
              "t(final of the match's last utterance) − segment end, per matched segment."),
        .init(.asrWER, .ratio, .lowerIsBetter,
              "Word error rate (S + D + I) / N_ref of all finals joined with a space against annotations.reference, both normalized."),
        .init(.asrCER, .ratio, .lowerIsBetter,
              "Character error rate over the normalized strings, spaces included (as jiwer counts it)."),
        .init(.asrEntityErrorRate, .ratio, .lowerIsBetter,
              "Share of annotations.entities whose normalized words are not a contiguous run of the normalized finals' words."),
        .init(.asrConfidenceECE, .ratio, .lowerIsBetter,
              "Expected calibration error of word confidences: Σ_bins (n_b/N)·|accuracy_b − mean confidence_b| over 10 equal-width bins."),
        .init(.asrConfidenceNCE, .ratio, .higherIsBetter,
              "Normalized cross entropy of word confidences (NIST sclite): (H_max + Σ_correct log2 c + Σ_wrong log2(1−c)) / H_max."),
        // TTS
        .init(.ttsRequests, .count, .exact,
              "Number of request ids in the TTS trace."),
        .init(.ttsFirstAudioByte, .milliseconds, .lowerIsBetter, summarized: true,
              "t(first chunk) − t(request), per request."),
        .init(.ttsCadenceP50, .milliseconds, .lowerIsBetter, summarized: true,
              "Median gap between consecutive chunk arrivals of a request."),
        .init(.ttsCadenceP95, .milliseconds, .lowerIsBetter, summarized: true,
              "95th-percentile (nearest-rank) gap between consecutive chunk arrivals of a request."),
        .init(.ttsCadenceMax, .milliseconds, .lowerIsBetter, summarized: true,
              "Largest gap between consecutive chunk arrivals of a request."),
        .init(.ttsUnderrunCount, .count, .lowerIsBetter,
              "Playback-buffer underruns (playback starts start_delay_ms after the first chunk, real time), summed over requests."),
        .init(.ttsUnderrunMs, .milliseconds, .lowerIsBetter,
              "Total time playback starved waiting for the next chunk, summed over requests."),
        .init(.ttsAudioMs, .milliseconds, .exact, summarized: true,
              "Audio synthesized for a request: Σ chunk durations."),
        .init(.ttsRTF, .ratio, .lowerIsBetter, summarized: true,
              "Real-time factor of a request: (t(end, else last chunk) − t(request)) / audio_ms."),
        // Turn taking
        .init(.bargeInCount, .count, .exact,
              "User-speech onsets that fell inside agent playback [start, stop)."),
        .init(.bargeInMissed, .count, .lowerIsBetter,
              "Barge-ins not cancelled within budgets.barge_in_ms (default 500 ms), late ones included."),
        .init(.bargeInLate, .count, .lowerIsBetter,
              "Barge-ins whose playback stop is a cancel later than budgets.barge_in_ms (also counted in barge_in.missed)."),
        .init(.bargeInFalse, .count, .lowerIsBetter,
              "Cancelled playbacks with no user-speech onset in [start, stop): echo or noise cut the agent off."),
        .init(.bargeInLatency, .milliseconds, .lowerIsBetter, summarized: true,
              "Playback stop − user onset, per barge-in: how long the agent kept talking over the user."),
        .init(.turnsResponseGap, .milliseconds, .lowerIsBetter, summarized: true,
              "Playback start − user-speech end, for each speech end followed by playback before the next onset."),
        .init(.turnsOverlap, .milliseconds, .lowerIsBetter,
              "Total time user speech and agent playback overlap."),
        // Audio features
        .init(.audioDuration, .seconds, .exact,
              "Length of the mic recording."),
        .init(.audioSampleRate, .hertz, .exact,
              "Sample rate of the mic recording."),
        .init(.audioChannels, .count, .exact,
              "Channels of the mic recording."),
        .init(.durationBucket, .label, .exact,
              "Duration slice of the mic recording: <2s, 2-5s, 5-15s, 15-60s, >=60s."),
        .init(.snrDB, .decibels, .exact,
              "Estimate of 10·log10(P_speech / P_noise), P_speech the P.56 active speech level, P_noise the mean noise power."),
        .init(.snrBucket, .label, .exact,
              "SNR slice: <0, 0-5, 5-10, 10-15, 15-20, 20-30, >=30 dB (lower bound inclusive)."),
        .init(.vadSpeechRatio, .ratio, .exact,
              "Fraction of 10 ms frames the VAD marks as speech."),
        .init(.echoDelay, .milliseconds, .exact,
              "Echo path delay: how far the mic lags the far-end reference."),
        .init(.echoERL, .decibels, .higherIsBetter,
              "Echo return loss: far-end power over echo power at the mic, on far-end single-talk."),
        .init(.echoDoubleTalkRatio, .ratio, .exact,
              "Fraction of far-end-active frames where the user also speaks."),
        .init(.echoCoherence, .ratio, .exact,
              "Coherence (0..1) between far-end and mic."),
        .init(.echoERLE, .decibels, .higherIsBetter,
              "Echo return loss enhancement of the AEC output track."),
        // Voice RAG
        .init(.ragQueryCount, .count, .exact,
              "Spoken queries in the RAG trace."),
        .init(.ragAnswerCount, .count, .exact,
              "Queries that got an answer."),
        .init(.ragTopKOverlap, .ratio, .higherIsBetter,
              "Mean over annotated queries of |top-k ∩ expected| / min(k, |expected|)."),
        .init(.ragMRR, .ratio, .higherIsBetter,
              "Mean over annotated queries of 1 / rank of the first expected document retrieved (0 when none)."),
        .init(.ragCitationCoverage, .ratio, .higherIsBetter,
              "Answers citing at least one document / answers."),
        .init(.ragCitationSupport, .ratio, .higherIsBetter,
              "Citations naming a document retrieved for that query / citations."),
        .init(.ragGroundedAnswerRate, .ratio, .higherIsBetter,
              "Answers that cite, cite only retrieved documents and, when known, an expected one / answers."),
        .init(.ragRetrievalLatency, .milliseconds, .lowerIsBetter, summarized: true,
              "t(retrieval) − t(query), per query."),
    ]

    private static let byName: [MetricName: MetricDefinition] =
        Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Every name a result can hold, summaries expanded, in code-point order.
    public static var emittedNames: [MetricName] { all.flatMap(\.emittedNames).sorted() }

    /// The entry of `name`: an exact catalog name, or a summary
    /// (`.p50/.p95/.max`) of a summarized one; nil for an unknown name.
    public static func definition(of name: MetricName) -> MetricDefinition? {
        if let exact = byName[name] { return exact.summarized ? nil : exact }
        for summary in MetricSummary.allCases where name.rawValue.hasSuffix(summary.suffix) {
            let base = MetricName(String(name.rawValue.dropLast(summary.suffix.count)))
            if let entry = byName[base], entry.summarized { return entry }
        }
        return nil
    }

    /// The default direction of `name`; nil for an unknown name.
    public static func direction(of name: MetricName) -> MetricDirection? { definition(of: name)?.direction }
}
