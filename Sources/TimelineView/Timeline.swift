import FixtureKit
import StreamingMetrics
import Traces

/// One fixture laid out on a single time axis (ms from fixture start):
/// audio envelopes, speech, ASR hypotheses, TTS playback and turn taking.
/// Pure data; `TimelinePage` draws it.
public struct Timeline: Sendable {
    public var fixtureID: String
    public var description: String?
    public var slices: [String: String]
    /// Length of the shared time axis.
    public var durationMs: Double
    public var tracks: [TrackLane]
    /// `annotations.speech`, when the manifest has it.
    public var annotatedSpeech: [SpeechSegment]?
    public var vad: VADLane?
    public var snrBucket: String?
    public var snrDb: Double?
    /// The clock of the ASR trace's `t_ms`.
    public var asrClock: TraceClock?
    public var utterances: [UtteranceLane]
    /// `annotations.reference`, when the manifest has it.
    public var reference: String?
    /// `annotations.entities` in manifest order, each located in the
    /// reference and found or missed by the finals (`asr.entity_error_rate`).
    public var entities: [EntityMark] = []
    /// The engine's own endpointer events (`speech_start`, `speech_end`, others).
    public var endpointerEvents: [TimedMark]
    public var requests: [RequestLane]
    public var turns: TurnLane?
    /// The voice-RAG trace (`rag/v1`) and the k of its top-k, when the
    /// manifest has one and it could be read.
    public var retrieval: RetrievalTrace?
    public var retrievalTopK: Int
    public var metrics: MetricSet
    /// Problems that stopped part of the fixture, each naming its file.
    public var errors: [String]
    /// Lanes the manifest asks for that could not be built, by lane name
    /// (`Audio`, `ASR`, `TTS`, `Turn taking`, `Retrieval`), with why: the
    /// page draws the reason where the lane would be.
    public var laneErrors: [String: String]
    /// End of the user side of the fixture (audio, speech, ASR): the span
    /// the audio lanes zoom to.
    public var userEndMs: Double
}

/// An audio track and its envelope.
public struct TrackLane: Equatable, Sendable {
    /// The manifest's role for it: `mic`, `far_end`, `near_end`, `aec_out`.
    public var role: String
    public var envelope: AudioEnvelope

    public init(role: String, envelope: AudioEnvelope) {
        self.role = role
        self.envelope = envelope
    }
}

/// The VAD lane: what the runner's detector found on the user track, or
/// why it could not run (the run's own `DetectedSpeech`).
public typealias VADLane = DetectedSpeech

/// A labelled instant.
public struct TimedMark: Equatable, Sendable {
    public var tMs: Double
    public var label: String
}

/// A stretch of time `[startMs, endMs)`.
public struct TimeSpan: Equatable, Sendable {
    public var startMs: Double
    public var endMs: Double
    public var durationMs: Double { endMs - startMs }
}

/// One utterance's hypotheses in emission order, with its docs/metrics.md markers.
public struct UtteranceLane: Equatable, Sendable {
    public var utt: Int
    public var hypotheses: [HypothesisRow]
    /// The user-speech segment matched with it (segment k ↔ utterance k).
    public var segment: SpeechSegment?
    /// When the opening word stopped changing (`t(H[j])` of docs/metrics.md).
    public var firstStableTokenMs: Double?
    /// When the final was emitted.
    public var finalMs: Double?
}

/// One hypothesis (partial or final) as a caption would show it.
public struct HypothesisRow: Equatable, Sendable {
    public var tMs: Double
    public var isFinal: Bool
    public var text: String
    public var words: [String]
    /// Leading words that no later hypothesis of the utterance changes.
    public var stableCount: Int
    /// Leading words the next hypothesis keeps (its `lcp` with this one);
    /// the words after them are erased. All words for the last hypothesis.
    public var keptCount: Int
    public var erasedCount: Int { words.count - keptCount }
    /// A final's words with the engine's confidences (`words` of the
    /// trace), each marked correct or wrong as `asr.confidence_ece` scores
    /// it; nil for partials and finals without confidences.
    public var scores: [WordScore]? = nil
}

/// One word of a final with its confidence and what the WER alignment
/// against the reference made of it.
public struct WordScore: Equatable, Sendable {
    public var text: String
    public var confidence: Double
    /// Whether the alignment matched it (`ConfidenceMetrics.scoredWords`);
    /// nil when it is not scored (no reference, a word that normalizes to
    /// nothing, or words that do not spell the final's text).
    public var correct: Bool?
}

/// An `annotations.entities` span of the reference.
public struct EntityMark: Equatable, Sendable {
    public var text: String
    /// The reference words (split on white space) it covers: its first
    /// occurrence; nil when it normalizes to nothing.
    public var referenceWords: Range<Int>?
    /// Whether its normalized words are a contiguous run of the finals'
    /// (nil: not counted, it normalizes to nothing).
    public var found: Bool?
}

/// One TTS request: its arrivals and the docs/metrics.md playback model.
public struct RequestLane: Equatable, Sendable {
    public var req: Int
    public var requestMs: Double?
    public var text: String?
    public var endMs: Double?
    /// Chunk arrivals: when each arrived and how much audio it held.
    public var chunks: [TimeSpan]
    /// Audio actually playing, per the playback model.
    public var playing: [TimeSpan]
    /// Playback starved: the buffer ran dry before the next chunk.
    public var underruns: [TimeSpan]
    /// When the turn log's cancel stopped this request's playback; audio
    /// after it was never played (`unplayed`).
    public var cancelledMs: Double? = nil
    /// Audio the model would have played after the cancel.
    public var unplayed: [TimeSpan] = []
}

/// The client's turn-taking log against the user's speech.
public struct TurnLane: Equatable, Sendable {
    public var playback: [PlaybackInterval]
    /// User-speech onsets (annotations, else the VAD).
    public var onsetsMs: [Double]
    public var bargeIns: [BargeInMark]
    /// Stops of cancelled playback with no user onset in the budget before
    /// them: echo or noise cutting the agent off.
    public var falseBargeInStopsMs: [Double]
    /// Every event of the log (including unknown kinds).
    public var events: [TimedMark]
    public var budgetMs: Double
    /// Why the log's playback could not be paired, when it could not.
    public var violation: String?
}

/// A barge-in: the user started talking at `onsetMs` while the agent
/// played until `stopMs`.
public struct BargeInMark: Equatable, Sendable {
    public var onsetMs: Double
    public var stopMs: Double
    public var succeeded: Bool
    public var latencyMs: Double { stopMs - onsetMs }
}
