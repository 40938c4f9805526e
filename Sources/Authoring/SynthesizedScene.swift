import Adapters
import FixtureKit
import StreamingMetrics
import Traces

/// Everything a recipe produced, in memory, ready to be written as a
/// fixture folder.
public struct SynthesizedScene: Sendable {
    public var sampleRate: Int
    /// The mic as the recognizer heard it (16-bit, as the file holds it).
    public var mic: [Int16]
    /// The user's voice alone, when the mic holds anything else.
    public var nearEnd: [Float]?
    /// The agent's voice as played (cut off at a cancel).
    public var farEnd: [Float]?
    /// The user's speech, known exactly from its placement.
    public var userSpeech: SpeechSegment
    public var emissions: EmissionTrace?
    public var synthesis: SynthesisTrace?
    public var turns: TurnLog?
    /// The SNR the mix has by construction; nil without noise.
    public var snrDB: Double?

    public init(sampleRate: Int, mic: [Int16], nearEnd: [Float]?, farEnd: [Float]?, userSpeech: SpeechSegment,
                emissions: EmissionTrace?, synthesis: SynthesisTrace?, turns: TurnLog?, snrDB: Double?) {
        self.sampleRate = sampleRate
        self.mic = mic
        self.nearEnd = nearEnd
        self.farEnd = farEnd
        self.userSpeech = userSpeech
        self.emissions = emissions
        self.synthesis = synthesis
        self.turns = turns
        self.snrDB = snrDB
    }

    /// The derived slices: `duration_bucket` from the mic's length, and
    /// `snr_bucket` from the constructed SNR (`>=30` without noise: clean
    /// synthetic speech has no noise at all).
    public var derivedSlices: [String: String] {
        [
            "duration_bucket": DurationBucket(seconds: Double(mic.count) / Double(sampleRate)).rawValue,
            "snr_bucket": Self.snrBucket(db: snrDB ?? .infinity),
        ]
    }

    /// docs/metrics.md `snr.bucket` label of the SNR the scene was mixed at.
    public static func snrBucket(db: Double) -> String { SNRBucket(db: db).rawValue }
}
