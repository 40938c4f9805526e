import FileFormats
import FixtureAudio
import Foundation
import StreamingMetrics
import Traces

/// A scripted full-duplex session (seed incident 5): the agent speaks, its
/// voice echoes into the mic, the user may talk over it, and the reference
/// barge-in policy decides — from a live ASR adapter's hypotheses — when to
/// cancel playback.
public struct DuplexScenario: Sendable {
    /// What the agent says (one TTS request).
    public var agentText: String
    public var voice: String?
    /// When the agent's playback starts, ms on the session timeline.
    public var playStartMs: Double
    /// The user's voice alone, or nil for a session where only the agent
    /// speaks (any cancel is then a false barge-in).
    public var nearEnd: MicSource?
    /// When the user starts speaking, ms on the session timeline.
    public var userOnsetMs: Double
    /// Gain applied to the user's voice.
    public var nearEndGainDb: Double
    public var echo: EchoPath
    public var policy: BargeInPolicy
    /// Audio after everything has rung out, so the engine can finalize.
    public var trailingMs: Double

    public init(agentText: String, voice: String? = nil, playStartMs: Double = 0, nearEnd: MicSource? = nil,
                userOnsetMs: Double = 0, nearEndGainDb: Double = 0, echo: EchoPath = EchoPath(),
                policy: BargeInPolicy = BargeInPolicy(), trailingMs: Double = 500) {
        self.agentText = agentText
        self.voice = voice
        self.playStartMs = playStartMs
        self.nearEnd = nearEnd
        self.userOnsetMs = userOnsetMs
        self.nearEndGainDb = nearEndGainDb
        self.echo = echo
        self.policy = policy
        self.trailingMs = trailingMs
    }
}

/// Everything a full-duplex replay produced: enough to save it as a fixture.
public struct DuplexResult: Sendable {
    /// The client's turn log (tts_play_start, vad_start/vad_end at the
    /// scripted user speech, tts_play_stop with reason cancel or complete).
    public var turns: TurnLog
    /// The recognizer's emissions on the audio clock of the mixed mic.
    public var emissions: EmissionTrace
    /// The TTS run that produced the agent's voice (wall clock).
    public var synthesis: SynthesisTrace
    /// The user's speech on the mic timeline, when there is a user.
    public var userSpeech: SpeechSegment?
    public var sampleRate: Int
    /// The mic as the recognizer heard it.
    public var mic: [Float]
    /// The agent's voice as played (cut off at a cancel).
    public var farEnd: [Float]
    /// The user's voice alone on the session timeline.
    public var nearEnd: [Float]

    public init(turns: TurnLog, emissions: EmissionTrace, synthesis: SynthesisTrace, userSpeech: SpeechSegment?,
                sampleRate: Int, mic: [Float], farEnd: [Float], nearEnd: [Float]) {
        self.turns = turns
        self.emissions = emissions
        self.synthesis = synthesis
        self.userSpeech = userSpeech
        self.sampleRate = sampleRate
        self.mic = mic
        self.farEnd = farEnd
        self.nearEnd = nearEnd
    }

    /// True when playback was cancelled with no user speech at all — the
    /// agent heard itself (a false barge-in).
    public var cancelledWithoutUser: Bool {
        userSpeech == nil && turns.events.contains { $0.kind == .ttsPlayStop(reason: .cancel) }
    }

    /// Writes `mic.wav`, `far_end.wav`, `near_end.wav` (when there is a
    /// user), `asr.jsonl`, `tts.jsonl` and `turns.jsonl` into `directory`
    /// (created if missing). `Authoring` ties them into a fixture.
    public func write(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        try AudioWriter.write(path: path("mic.wav"), samples: mic, sampleRate: sampleRate)
        try AudioWriter.write(path: path("far_end.wav"), samples: farEnd, sampleRate: sampleRate)
        if userSpeech != nil {
            try AudioWriter.write(path: path("near_end.wav"), samples: nearEnd, sampleRate: sampleRate)
        }
        try AtomicFile.write(Data(TraceJSONL.lines(emissions).utf8), to: path("asr.jsonl"))
        try AtomicFile.write(Data(TraceJSONL.lines(synthesis).utf8), to: path("tts.jsonl"))
        try AtomicFile.write(Data(TraceJSONL.lines(turns).utf8), to: path("turns.jsonl"))
    }
}

/// Runs full-duplex scenarios through live adapters.
public enum DuplexReplay {
    /// Synthesizes the agent's line with `tts`, then streams the mixed mic
    /// through `asr` in 20 ms chunks on the audio clock, applying the
    /// scenario's barge-in policy after every chunk.
    public static func run(_ scenario: DuplexScenario, tts: TTSAdapter, asr: StreamingASRAdapter) throws -> DuplexResult {
        let synthesis = try tts.synthesize([SynthesisRequest(tMs: 0, text: scenario.agentText, voice: scenario.voice)])
        guard let voice = synthesis.audio.first, voice.sampleRate > 0, !voice.samples.isEmpty else {
            throw AdapterFailure(adapter: tts.name, kind: .protocolViolation,
                                 problem: "returned no audio for \"\(scenario.agentText)\"")
        }
        let stream = try asr.openStream()
        defer { stream.close() }
        var result = try run(scenario, agentVoice: voice, stream: stream)
        result.synthesis = synthesis.trace
        return result
    }

    /// The replay loop over an open stream, with the agent's voice given.
    public static func run(_ scenario: DuplexScenario, agentVoice: SynthesizedAudio, stream: ASRStream) throws -> DuplexResult {
        let rate = stream.sampleRate
        func samples(ms: Double) -> Int { Int((ms * Double(rate) / 1000).rounded()) }
        func ms(_ samples: Int) -> Double { Double(samples) * 1000 / Double(rate) }
        let far = SincResampler.convert(agentVoice.samples, from: agentVoice.sampleRate, to: rate)
        var near: [Float] = []
        if let source = scenario.nearEnd {
            let chunker = try MicChunker(source: source, sampleRate: rate)
            let gain = Float(pow(10, scenario.nearEndGainDb / 20))
            while let chunk = try chunker.next() { near += PCM16.floats(chunk).map { $0 * gain } }
        }
        var timeline = DuplexTimeline(sampleRate: rate, farEnd: far, playStart: samples(ms: scenario.playStartMs),
                                      nearEnd: near, userOnset: samples(ms: scenario.userOnsetMs),
                                      echo: scenario.echo, trailingSamples: samples(ms: scenario.trailingMs))
        let chunkSamples = max(1, (rate * MicChunker.chunkMilliseconds + 500) / 1000)
        var turns: [TurnEvent] = [TurnEvent(tMs: ms(timeline.playStart), kind: .ttsPlayStart)]
        var emissions: [EmissionEvent] = []
        var mic: [Float] = []
        mic.reserveCapacity(timeline.totalSamples)
        var start = 0
        while start < timeline.totalSamples {
            let end = min(start + chunkSamples, timeline.totalSamples)
            let chunk = timeline.mic(start..<end)
            mic += chunk
            let replies = try stream.send(PCM16.quantize(chunk))
            for reply in replies {
                var event = reply.event
                event.tMs = ms(end)
                emissions.append(event)
                // The client acts on a hypothesis when it arrives: after
                // this chunk, while playback would still be running.
                if timeline.stopSample == nil, timeline.isPlaying(at: end - 1), scenario.policy.cancels(on: event) {
                    timeline.cancel(at: end)
                    turns.append(TurnEvent(tMs: ms(end), kind: .ttsPlayStop(reason: .cancel)))
                }
            }
            start = end
        }
        for reply in try stream.finish() {
            var event = reply.event
            event.tMs = ms(timeline.totalSamples)
            emissions.append(event)
        }
        if timeline.stopSample == nil {
            turns.append(TurnEvent(tMs: ms(timeline.naturalEnd), kind: .ttsPlayStop(reason: .complete)))
        }
        var userSpeech: SpeechSegment?
        if !near.isEmpty {
            let segment = SpeechSegment(startMs: ms(timeline.userOnset), endMs: ms(timeline.userOnset + near.count))
            userSpeech = segment
            turns.append(TurnEvent(tMs: segment.startMs, kind: .vadStart))
            turns.append(TurnEvent(tMs: segment.endMs, kind: .vadEnd))
        }
        // Stable sort by time: same-time events keep the order they happened in.
        let ordered = turns.enumerated().sorted { ($0.element.tMs, $0.offset) < ($1.element.tMs, $1.offset) }.map(\.element)
        return DuplexResult(turns: TurnLog(events: ordered), emissions: EmissionTrace(clock: .audio, events: emissions),
                            synthesis: SynthesisTrace(events: []), userSpeech: userSpeech, sampleRate: rate,
                            mic: mic, farEnd: timeline.farEndTrack, nearEnd: timeline.nearEndTrack)
    }
}
