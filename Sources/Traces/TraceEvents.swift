/// The event streams of SPEC §2, as typed values. Decoding lives beside
/// them (`TraceDecoder`); metrics live in `StreamingMetrics`.

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
        /// Any other kind, kept for slicing.
        case other(String)

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

    public init(tMs: Double, utt: Int = 0, kind: Kind, text: String = "", stability: Double? = nil, confidence: Double? = nil) {
        self.tMs = tMs
        self.utt = utt
        self.kind = kind
        self.text = text
        self.stability = stability
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
        /// Any other kind, kept.
        case other(String)
    }

    public var tMs: Double
    public var req: Int
    public var kind: Kind

    public init(tMs: Double, req: Int = 0, kind: Kind) {
        self.tMs = tMs
        self.req = req
        self.kind = kind
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
        /// Unknown kinds are kept, never fatal.
        case other(String)
    }

    public var tMs: Double
    public var kind: Kind

    public init(tMs: Double, kind: Kind) {
        self.tMs = tMs
        self.kind = kind
    }
}

/// The turn-taking log of one session.
public struct TurnLog: Equatable, Sendable {
    public var events: [TurnEvent]
    public init(events: [TurnEvent]) { self.events = events }
}
