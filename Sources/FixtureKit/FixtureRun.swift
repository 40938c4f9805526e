import StreamingMetrics

/// Everything one run of a fixture produced: the decoded manifest, the
/// traces its metrics were computed from (recorded, or produced once by an
/// engine), the voice activity the runner detected, and the result. The
/// gate, its artifacts and `view` all read this one value, so nothing is
/// decoded or run twice.
public struct FixtureRun: Sendable {
    /// Nil when the manifest could not be read (then `result.errors` says why).
    public var manifest: FixtureManifest?
    public var traces: FixtureTraces
    /// The VAD on the user track, when a part needed it and no speech was
    /// annotated; nil when the detector did not run.
    public var detectedSpeech: DetectedSpeech?
    public var result: FixtureResult

    public init(manifest: FixtureManifest? = nil, traces: FixtureTraces = FixtureTraces(),
                detectedSpeech: DetectedSpeech? = nil, result: FixtureResult) {
        self.manifest = manifest
        self.traces = traces
        self.detectedSpeech = detectedSpeech
        self.result = result
    }
}

/// What the VAD found on one track: its segments, or why it failed.
public struct DetectedSpeech: Equatable, Sendable {
    /// The track's role: `near_end` when the user's voice alone is known, else `mic`.
    public var role: String
    public var segments: [SpeechSegment]?
    /// The detector's error, as it described itself.
    public var failure: String?

    public init(role: String, segments: [SpeechSegment]?, failure: String?) {
        self.role = role
        self.segments = segments
        self.failure = failure
    }
}
