import Traces

/// The audio one request produced, concatenated over its chunks.
public struct SynthesizedAudio: Equatable, Sendable {
    public var req: Int
    /// Mono samples in [-1, 1).
    public var samples: [Float]
    /// Zero when the engine sent no chunk.
    public var sampleRate: Int

    public init(req: Int, samples: [Float], sampleRate: Int) {
        self.req = req
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Length in ms; 0 for no audio.
    public var durationMs: Double { sampleRate > 0 ? Double(samples.count) * 1000 / Double(sampleRate) : 0 }
}

/// What a TTS run produced: the timing trace and, from a live engine, the
/// audio itself (the full-duplex replay plays it as the far end).
public struct SynthesisResult: Equatable, Sendable {
    public var trace: SynthesisTrace
    /// One entry per request, in request order; empty for a recorded trace.
    public var audio: [SynthesizedAudio]

    public init(trace: SynthesisTrace, audio: [SynthesizedAudio]) {
        self.trace = trace
        self.audio = audio
    }
}

/// A speech synthesizer the harness can time.
public protocol TTSAdapter: Sendable {
    /// The adapter's name, as errors report it.
    var name: String { get }
    /// Synthesizes each request in order and returns the trace (docs/formats.md,
    /// wall-clock ms from the run start) and the audio.
    func synthesize(_ requests: [SynthesisRequest]) throws -> SynthesisResult
}

/// Replays a recorded TTS trace: the fixture's own `tts.trace`.
public struct RecordedTTSAdapter: TTSAdapter {
    public let name: String
    public let trace: SynthesisTrace

    public init(name: String = "recorded", trace: SynthesisTrace) {
        self.name = name
        self.trace = trace
    }

    /// The recording, whatever the requests; no audio was recorded.
    public func synthesize(_ requests: [SynthesisRequest]) throws -> SynthesisResult {
        SynthesisResult(trace: trace, audio: [])
    }
}
