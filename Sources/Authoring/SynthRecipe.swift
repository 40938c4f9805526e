import Adapters

/// A `synth/v1` recipe: everything needed to make one synthetic fixture
/// reproducibly (docs/synth.md).
public struct SynthRecipe: Equatable, Sendable {
    /// The schema this version reads.
    public static let schema = "synth/v1"

    /// Where the recipe was read from (errors and relative paths).
    public var file: String
    /// SHA-256 of the recipe file's bytes, recorded in the provenance.
    public var sha256: String
    public var id: String
    public var description: String?
    public var seed: UInt64
    public var sampleRate: Int
    public var slices: [String: String]
    public var speech: UserSpeech
    /// Reference transcript; defaults to the spoken text.
    public var reference: String?
    /// Audio after the last sound, so an engine can finalize.
    public var tailMs: Double
    public var noise: Noise?
    public var agent: Agent?
    public var duplex: Duplex?
    /// The ASR adapter run on the mic (audio clock), if any.
    public var asrAdapter: String?

    /// A voice from a TTS adapter.
    public struct Voice: Equatable, Sendable {
        public var text: String
        public var voice: String?
        /// Words per minute, passed to the espeak adapter as `--rate`.
        public var rate: Int?
        /// The TTS adapter in `fixture-check.json`.
        public var adapter: String

        public init(text: String, voice: String? = nil, rate: Int? = nil, adapter: String = "espeak") {
            self.text = text
            self.voice = voice
            self.rate = rate
            self.adapter = adapter
        }
    }

    /// Where the user's voice comes from.
    public enum SpeechSource: Equatable, Sendable {
        case tts(Voice)
        /// An audio file, path resolved (inside the recipe's folder).
        case file(String)
    }

    /// The user's utterance and where it sits on the mic timeline.
    public struct UserSpeech: Equatable, Sendable {
        public var source: SpeechSource
        public var onsetMs: Double
        public var gainDb: Double
    }

    /// Additive noise at a target SNR.
    public struct Noise: Equatable, Sendable {
        public var kind: NoiseKind
        public var snrDb: Double
        /// Hum fundamental (50 or 60 Hz mains).
        public var humHz: Double
        public var harmonics: Int
        /// Babble talkers.
        public var talkers: [Voice]
    }

    /// The agent's voice: played as the far end and echoed into the mic.
    public struct Agent: Equatable, Sendable {
        public var voice: Voice
        public var timing: TTSTimingModel
        public var echo: EchoPath?
    }

    /// A full-duplex scene: the reference barge-in policy cancels playback
    /// on the ASR adapter's hypotheses, and a turn log is written.
    public struct Duplex: Equatable, Sendable {
        public var minWords: Int
        public var bargeInBudgetMs: Double?
    }

    /// The transcript the fixture is scored against.
    public var effectiveReference: String? {
        if let reference { return reference }
        if case .tts(let voice) = speech.source { return voice.text }
        return nil
    }
}
