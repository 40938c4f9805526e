import FixtureAudio
import SignalFeatures
import StreamingMetrics
import Traces

/// Audio features of one recording, as `fixture-check features` reports
/// them (docs/gate.md `features` shape).
public struct FeatureReport: Sendable {
    public var audio: AudioInfo
    /// What the analysis measured; nil only for reports built by hand.
    public var features: AudioFeatures?
    /// Whether a far-end and an AEC output track were given.
    public var hasFarEnd = false
    public var hasAECOutput = false

    public init(audio: AudioInfo, features: AudioFeatures? = nil) {
        self.audio = audio
        self.features = features
    }

    /// Measures the recording at `micPath`; with a far-end (playback)
    /// reference, echo too; with an AEC output track, ERLE.
    ///
    /// Three streaming passes over the files (SignalFeatures.FeatureAnalysis,
    /// three more when pass 1's noise lay on speech): memory does not grow
    /// with the recording's length. `parallel: false` keeps the work on the
    /// calling thread (same numbers, less CPU), for callers that measure
    /// several recordings at once.
    public static func measure(micPath: String, farEndPath: String? = nil, aecOutPath: String? = nil,
                               parallel: Bool = true) throws -> FeatureReport {
        try measure(micPath: micPath, farEndPath: farEndPath, aecOutPath: aecOutPath, parallel: parallel,
                    blockFrames: LockStepTracks.cachedBlockFrames)
    }

    /// `blockFrames`: the block every pass but a sampled pass 2 reads
    /// (tests measure with other sizes: the features do not change).
    static func measure(micPath: String, farEndPath: String?, aecOutPath: String?, parallel: Bool,
                        blockFrames: Int) throws -> FeatureReport {
        // Pass 2 samples a long recording a large block at a time.
        func open(for pass: FeatureAnalysis.Pass, stride: Int = 1) throws -> LockStepTracks {
            let references = pass.readsReferenceTracks
            return try LockStepTracks(micPath: micPath, farEndPath: references ? farEndPath : nil,
                                      aecOutPath: references ? aecOutPath : nil, readsAhead: parallel,
                                      blockFrames: stride > 1 ? LockStepTracks.sampledBlockFrames : blockFrames)
        }
        let survey = try open(for: .survey)
        defer { survey.close() }
        let info = survey.mic.info
        var unread: LockStepTracks? = survey
        let features = try FeatureAnalysis.analyze(sampleRate: info.sampleRate, hasFarEnd: farEndPath != nil,
                                                   hasAECOutput: aecOutPath != nil, parallel: parallel) { analysis, pass in
            let stride = pass == .noiseSpectrum ? analysis.noiseBlockStride : 1
            // The first survey reads the tracks already open for their format.
            let tracks = try unread ?? open(for: pass, stride: stride)
            unread = nil
            defer { tracks.close() }
            try tracks.forEachBlock(every: stride) { mic, far, aec in analysis.push(mic: mic, far: far, aec: aec) }
        }
        var report = FeatureReport(audio: info, features: features)
        report.hasFarEnd = farEndPath != nil
        report.hasAECOutput = aecOutPath != nil
        return report
    }

    /// `snr.db`, finite or nil.
    public var snrDB: Double? { features?.snrDB.flatMap { $0.isFinite ? $0 : nil } }

    /// The SNR bucket, nil when there is no SNR.
    public var snrBucket: SNRBucket? { snrDB.map(SNRBucket.init(db:)) }

    /// The VAD's speech segments on the mic timeline, in ms; the harness
    /// takes them as user speech when a fixture has no annotation.
    public var speechSegments: [SpeechSegment] {
        guard let features else { return [] }
        let cellMs = features.cellSeconds * 1_000
        return features.speechSegments.map {
            SpeechSegment(startMs: Double($0.lowerBound) * cellMs, endMs: Double($0.upperBound) * cellMs)
        }
    }

    /// The features under the flat metric names of docs/metrics.md.
    public var metrics: MetricSet {
        var set: MetricSet = [
            "audio.duration_s": .finite(audio.durationSeconds),
            "audio.sample_rate": .number(Double(audio.sampleRate)),
            "audio.channels": .number(Double(audio.channels)),
            "duration_bucket": .string(DurationBucket(seconds: audio.durationSeconds).rawValue),
            "snr.db": .finite(snrDB),
            "snr.bucket": snrBucket.map { .string($0.rawValue) } ?? .null,
            "vad.speech_ratio": .finite(features?.speechRatio),
        ]
        if hasFarEnd {
            let echo = features?.echo
            set["echo.delay_ms"] = .finite(echo?.delayMs)
            set["echo.erl_db"] = .finite(echo?.erlDB)
            set["echo.double_talk_ratio"] = .finite(echo?.doubleTalkRatio)
            set["echo.coherence"] = .finite(echo?.coherence)
            if hasAECOutput { set["echo.erle_db"] = .finite(echo?.erleDB) }
        }
        return set
    }
}
