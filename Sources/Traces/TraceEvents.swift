import FileFormats

/// The event streams of docs/formats.md, as typed values. Decoding and
/// validation live beside them; metrics live in `StreamingMetrics`.
///
/// Extensions: a kind starting `x-` is kept as `.other(name)` and a field
/// starting `x_` in `extensions`; no metric reads either. Any other
/// undefined kind or field is refused when decoded or validated.

/// Which clock an ASR emission trace's `t_ms` is on.
public enum TraceClock: String, CaseIterable, Sendable, Equatable {
    /// Milliseconds of audio fed to the engine so far (deterministic).
    case audio
    /// Milliseconds of wall-clock time since the stream started.
    case wall
}

/// One event an ASR engine emitted while streaming.
public struct EmissionEvent: Equatable, Sendable {
    /// What kind of emission this is.
    public enum Kind: Equatable, Sendable {
        /// An interim hypothesis that may still change.
        case partial
        /// The engine's last word on the utterance.
        case final
        /// The engine's own endpointer saw speech begin (never ground truth).
        case speechStart
        /// The engine's own endpointer saw speech end (never ground truth).
        case speechEnd
        /// An extension kind (`x-…`), kept for slicing and display. The
        /// decoder and `EmissionTrace(validating:)` refuse any other name.
        case other(String)

        /// The case of a defined name, else `.other(name)` (which only
        /// validation tells apart as an extension or an unknown kind).
        public init(name: String) {
            switch name {
            case "partial": self = .partial
            case "final": self = .final
            case "speech_start": self = .speechStart
            case "speech_end": self = .speechEnd
            default: self = .other(name)
            }
        }

        public var name: String {
            switch self {
            case .partial: "partial"
            case .final: "final"
            case .speechStart: "speech_start"
            case .speechEnd: "speech_end"
            case .other(let name): name
            }
        }
    }

    public var tMs: Double
    public var utt: Int
    public var kind: Kind
    public var text: String
    public var stability: Double?
    public var confidence: Double?
    /// A final's words with their confidences (`"words"`), when the engine
    /// gives them; nil otherwise.
    public var words: [RecognizedWord]?
    /// Extension fields (`x_…`), kept as written; never used by a metric.
    public var extensions: [String: JSONValue]

    public init(tMs: Double, utt: Int = 0, kind: Kind, text: String = "", stability: Double? = nil, confidence: Double? = nil,
                words: [RecognizedWord]? = nil, extensions: [String: JSONValue] = [:]) {
        self.tMs = tMs
        self.utt = utt
        self.kind = kind
        self.text = text
        self.stability = stability
        self.confidence = confidence
        self.words = words
        self.extensions = extensions
    }
}

/// One word of a final with the engine's confidence that it is right
/// (`{"text": "left", "confidence": 0.92}`), for calibration metrics.
public struct RecognizedWord: Equatable, Hashable, Sendable {
    public var text: String
    /// In 0...1.
    public var confidence: Double

    public init(text: String, confidence: Double) {
        self.text = text
        self.confidence = confidence
    }
}

/// A streaming-ASR emission trace: events in time order on one clock.
public struct EmissionTrace: Equatable, Sendable {
    public var clock: TraceClock
    public var events: [EmissionEvent]

    public init(clock: TraceClock = .audio, events: [EmissionEvent]) {
        self.clock = clock
        self.events = events
    }
}

/// One event of a TTS synthesis trace (wall-clock ms from fixture start).
public struct SynthesisEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Text submitted for synthesis.
        case request(text: String)
        /// A chunk of audio arrived; its playable length in ms.
        case chunk(durationMs: Double)
        /// The engine finished the request.
        case end
        /// An extension kind (`x-…`), kept; never used by a metric.
        case other(String)
    }

    public var tMs: Double
    public var req: Int
    public var kind: Kind
    /// Extension fields (`x_…`), kept as written; never used by a metric.
    public var extensions: [String: JSONValue]

    public init(tMs: Double, req: Int = 0, kind: Kind, extensions: [String: JSONValue] = [:]) {
        self.tMs = tMs
        self.req = req
        self.kind = kind
        self.extensions = extensions
    }
}

/// A TTS trace: requests, chunks and ends of one or more requests.
public struct SynthesisTrace: Equatable, Sendable {
    public var events: [SynthesisEvent]
    public init(events: [SynthesisEvent]) { self.events = events }
}

/// One entry of the client's turn-taking log.
public struct TurnEvent: Equatable, Sendable {
    /// Why playback stopped.
    public enum StopReason: String, Equatable, Sendable {
        case complete
        case cancel
    }

    public enum Kind: Equatable, Sendable {
        case ttsPlayStart
        case ttsPlayStop(reason: StopReason?)
        case vadStart
        case vadEnd
        case cancelSent
        /// An extension kind (`x-…`), kept; never used by a metric.
        case other(String)
    }

    public var tMs: Double
    public var kind: Kind
    /// Extension fields (`x_…`), kept as written; never used by a metric.
    public var extensions: [String: JSONValue]

    public init(tMs: Double, kind: Kind, extensions: [String: JSONValue] = [:]) {
        self.tMs = tMs
        self.kind = kind
        self.extensions = extensions
    }
}

/// The turn-taking log of one session.
public struct TurnLog: Equatable, Sendable {
    public var events: [TurnEvent]
    public init(events: [TurnEvent]) { self.events = events }
}
