import Adapters
import FixtureAudio
import Foundation
import StreamingMetrics
import Traces

/// Makes the scene a recipe describes: speech and noise through the pure
/// generators, voices and transcripts through live adapters (the thin
/// shell around them).
public struct FixtureSynthesizer: Sendable {
    public var engines: SynthEngines

    public init(engines: SynthEngines) {
        self.engines = engines
    }

    /// Renders `recipe`. Throws `RecipeError`, `AdapterFailure`,
    /// `AdapterConfigError` or `AudioError`.
    public func render(_ recipe: SynthRecipe) throws -> SynthesizedScene {
        let rate = recipe.sampleRate
        func samples(_ ms: Double) -> Int { Int((ms * Double(rate) / 1000).rounded()) }
        func ms(_ count: Int) -> Double { Double(count) * 1000 / Double(rate) }

        var user: [Float]
        switch recipe.speech.source {
        case .tts(let voice): user = try engines.speak(voice, sampleRate: rate)
        case .file(let path): user = try SynthEngines.load(path: path, sampleRate: rate)
        }
        let gain = Float(pow(10, recipe.speech.gainDb / 20))
        // On the 16-bit grid from the start: the full-duplex replay
        // quantizes the user's voice, and the SNR is computed on what plays.
        user = PCM16.floats(PCM16.quantize(user.map { $0 * gain }))
        guard let speechPower = SpeechLevel.active(user, sampleRate: rate) else {
            throw RecipeError(file: recipe.file, field: "speech", reason: "the user's speech is silent")
        }

        var agentVoice: [Float]?
        if let agent = recipe.agent {
            agentVoice = PCM16.floats(PCM16.quantize(try engines.speak(agent.voice, sampleRate: rate)))
        }
        let scene = SceneMix(sampleRate: rate, user: user, userOnset: samples(recipe.speech.onsetMs),
                             agent: agentVoice.map { ($0, samples(recipe.agent!.timing.playStartMs), recipe.agent!.echo) },
                             tailSamples: samples(recipe.tailMs))

        var noise = [Float](repeating: 0, count: scene.totalSamples)
        var snr: Double?
        if let spec = recipe.noise {
            let talkers = try spec.talkers.map { try engines.speak($0, sampleRate: rate) }
            let raw = NoiseBed.raw(spec, count: scene.totalSamples, sampleRate: rate, seed: recipe.seed, talkers: talkers)
            guard let scaled = NoiseBed.scaled(raw, speechPower: speechPower, snrDB: spec.snrDb) else {
                throw RecipeError(file: recipe.file, field: "noise", reason: "the \(spec.kind.rawValue) noise came out silent")
            }
            noise = scaled
            // The target itself, not the power ratio recomputed in floating
            // point: 20 dB must bucket as 20-30, not as 19.999999 in 15-20.
            snr = spec.snrDb
        }

        let segment = SpeechSegment(startMs: ms(scene.userSpeech.lowerBound), endMs: ms(scene.userSpeech.upperBound))
        var result = SynthesizedScene(sampleRate: rate, mic: [], nearEnd: nil, farEnd: nil, userSpeech: segment,
                                      emissions: nil, synthesis: nil, turns: nil, snrDB: snr)
        if recipe.noise != nil || recipe.agent != nil { result.nearEnd = scene.nearEndTrack }

        if let duplex = recipe.duplex, let agent = recipe.agent, let voice = agentVoice, let name = recipe.asrAdapter {
            let asr = try engines.registry.asr(named: name)
            guard asr.sampleRate == rate else {
                throw RecipeError(file: recipe.file, field: "sample_rate",
                                  reason: "a full-duplex scene streams the mic at the ASR adapter's rate; '\(name)' takes \(asr.sampleRate) Hz, the recipe says \(rate)")
            }
            let stream = NoisyASRStream(try asr.openStream(), noise: noise)
            defer { stream.close() }
            let scenario = DuplexScenario(agentText: agent.voice.text, voice: agent.voice.voice, playStartMs: ms(samples(agent.timing.playStartMs)),
                                          nearEnd: .samples(user, sampleRate: rate), userOnsetMs: ms(scene.userSpeech.lowerBound),
                                          echo: agent.echo ?? SceneMix.noEcho, policy: BargeInPolicy(minWords: duplex.minWords),
                                          trailingMs: ms(samples(recipe.tailMs)))
            let replay = try DuplexReplay.run(scenario, agentVoice: SynthesizedAudio(req: 0, samples: voice, sampleRate: rate), stream: stream)
            result.mic = stream.sent
            result.farEnd = replay.farEnd
            result.emissions = replay.emissions
            result.turns = replay.turns
        } else {
            let clean = PCM16.floats(PCM16.quantize(scene.cleanMic))
            result.mic = SceneMix.addNoise(clean[...], noise[...])
            result.farEnd = scene.timeline?.farEndTrack
            if let name = recipe.asrAdapter {
                let asr = try engines.registry.asr(named: name)
                result.emissions = try asr.transcribe(.samples(PCM16.floats(result.mic), sampleRate: rate), clock: .audio)
            }
        }
        if let agent = recipe.agent, let voice = agentVoice {
            result.synthesis = agent.timing.trace(text: agent.voice.text, audioMs: ms(voice.count), seed: recipe.seed)
        }
        return result
    }
}
