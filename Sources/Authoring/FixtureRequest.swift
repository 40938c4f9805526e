import StreamingMetrics
import Traces

/// What an engineer brings to `fixture-check add`: the files of an
/// incident or a synthetic scene, and what they know about it.
public struct FixtureRequest: Sendable {
    public var id: String
    public var micPath: String
    /// The playback reference: what the device played.
    public var farEndPath: String?
    /// The user's voice alone, when known.
    public var nearEndPath: String?
    /// `--provenance` as typed; validated, not trusted.
    public var provenanceKind: String?
    public var consentRef: String?
    /// Declared slices; the derived ones are added by the author.
    public var slices: [String: String]
    /// User-speech segments on the mic timeline, in milliseconds.
    public var speech: [SpeechSegment]
    public var reference: String?
    public var asrTracePath: String?
    public var ttsTracePath: String?
    public var turnsTracePath: String?
    /// An ASR part run live through this declared adapter instead of a trace.
    public var asrAdapter: String?
    /// A TTS part run live through this declared adapter, saying `ttsRequests`.
    public var ttsAdapter: String?
    public var ttsRequests: [SynthesisRequest]
    public var description: String?

    public init(id: String, micPath: String, farEndPath: String? = nil, nearEndPath: String? = nil,
                provenanceKind: String?, consentRef: String? = nil, slices: [String: String] = [:],
                speech: [SpeechSegment] = [], reference: String? = nil, asrTracePath: String? = nil,
                ttsTracePath: String? = nil, turnsTracePath: String? = nil, asrAdapter: String? = nil,
                ttsAdapter: String? = nil, ttsRequests: [SynthesisRequest] = [], description: String? = nil) {
        self.id = id
        self.micPath = micPath
        self.farEndPath = farEndPath
        self.nearEndPath = nearEndPath
        self.provenanceKind = provenanceKind
        self.consentRef = consentRef
        self.slices = slices
        self.speech = speech
        self.reference = reference
        self.asrTracePath = asrTracePath
        self.ttsTracePath = ttsTracePath
        self.turnsTracePath = turnsTracePath
        self.asrAdapter = asrAdapter
        self.ttsAdapter = ttsAdapter
        self.ttsRequests = ttsRequests
        self.description = description
    }

    /// The audio tracks given, by manifest role, mic first.
    public var audioTracks: [(role: String, path: String)] {
        [("mic", micPath), ("far_end", farEndPath), ("near_end", nearEndPath)].compactMap { role, path in
            path.map { (role, $0) }
        }
    }

    /// The traces given, by manifest section (`asr`, `tts`, `turns`).
    public var traces: [(section: String, path: String)] {
        [("asr", asrTracePath), ("tts", ttsTracePath), ("turns", turnsTracePath)].compactMap { section, path in
            path.map { (section, $0) }
        }
    }
}
