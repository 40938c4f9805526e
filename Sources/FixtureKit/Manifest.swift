import FileFormats
import StreamingMetrics
import Traces

/// A fixture's `fixture.json` (schema `fixture/v1`, docs/formats.md), decoded and
/// checked, with every path resolved to a real file inside the folder.
public struct FixtureManifest: Equatable, Sendable {
    /// The audio tracks, as absolute paths.
    public struct Audio: Equatable, Sendable {
        public var mic: String
        /// What the device played (the echo reference).
        public var farEnd: String?
        /// The user's voice alone, when known.
        public var nearEnd: String?
        /// The echo canceller's output, for ERLE.
        public var aecOut: String?
    }

    /// Where ASR emissions come from.
    public enum ASRSource: Equatable, Sendable {
        /// A recorded trace on its clock.
        case trace(TraceFile, clock: TraceClock)
        /// A live adapter fed `audio.mic` (docs/adapters.md).
        case adapter(name: String)
    }

    /// Where TTS events come from.
    public enum TTSSource: Equatable, Sendable {
        case trace(TraceFile)
        /// A live adapter given the manifest's `requests`.
        case adapter(name: String, requests: [SynthesisRequest])
    }

    /// The TTS part: its source and when playback starts after the first
    /// chunk (`start_delay_ms`, the client's jitter buffer; default 0).
    public struct TTS: Equatable, Sendable {
        public var source: TTSSource
        public var startDelayMs: Double
    }

    /// The folder the manifest was read from, as given.
    public var folder: String
    public var id: String
    public var description: String?
    public var provenance: Provenance
    public var slices: [String: String]
    public var audio: Audio
    /// User speech on the mic timeline; nil means "run the VAD".
    public var speech: [SpeechSegment]?
    public var reference: String?
    /// `annotations.entities`: spans of the reference that must come out
    /// right (card digits, order numbers), for `asr.entity_error_rate`.
    public var entities: [String]?
    public var asr: ASRSource?
    public var tts: TTS?
    /// The turn-taking log.
    public var turns: TraceFile?
    /// `budgets.barge_in_ms`.
    public var bargeInBudgetMs: Double
    /// The spoken-query retrieval trace (`rag/v1`) and the k of top-k.
    public var retrieval: Retrieval?

    /// `"rag": {"trace": FILE, "k": n}`: a voice-RAG fixture (seed incident 3).
    public struct Retrieval: Equatable, Sendable {
        public var trace: TraceFile
        public var topK: Int
    }

    /// A recorded trace: the resolved absolute path, and the name the
    /// manifest gives it (what error messages show).
    public struct TraceFile: Equatable, Sendable {
        public var path: String
        public var name: String

        public init(path: String, name: String) {
            self.path = path
            self.name = name
        }
    }
}

/// Why a manifest was refused: the `fixture.json` path, the field at fault
/// (dotted, e.g. `audio.mic`) and what is wrong.
public typealias ManifestError = FieldError
