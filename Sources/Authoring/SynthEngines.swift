import Adapters
import FixtureAudio
import Foundation
import Traces

/// The live engines a recipe runs through, looked up in `fixture-check.json`.
public struct SynthEngines: Sendable {
    public var registry: AdapterRegistry

    public init(registry: AdapterRegistry) {
        self.registry = registry
    }

    /// Level below which leading and trailing engine output counts as
    /// silence (−46 dBFS, about sox's 0.5 %), so the user's speech starts
    /// exactly at its onset and the annotation is exact.
    public static let silenceThreshold: Float = 0.005

    /// `voice.text` spoken by its TTS adapter, silence trimmed, at `sampleRate`.
    /// A `rate` is passed to the adapter as `--rate WPM` (espeak-adapter's option).
    public func speak(_ voice: SynthRecipe.Voice, sampleRate: Int) throws -> [Float] {
        let base = try registry.tts(named: voice.adapter)
        let command = base.command + (voice.rate.map { ["--rate", String($0)] } ?? [])
        let adapter = ProcessTTSAdapter(name: base.name, command: command, voice: base.voice, limits: base.limits)
        let result = try adapter.synthesize([SynthesisRequest(tMs: 0, text: voice.text, voice: voice.voice)])
        guard let audio = result.audio.first, audio.sampleRate > 0 else {
            throw AdapterFailure(adapter: adapter.name, kind: .protocolViolation, problem: "returned no audio for \"\(voice.text)\"")
        }
        let trimmed = Self.trimSilence(audio.samples)
        guard !trimmed.isEmpty else {
            throw AdapterFailure(adapter: adapter.name, kind: .protocolViolation, problem: "returned only silence for \"\(voice.text)\"")
        }
        return SincResampler.convert(trimmed, from: audio.sampleRate, to: sampleRate)
    }

    /// Mono samples of an audio file at `sampleRate`.
    public static func load(path: String, sampleRate: Int) throws -> [Float] {
        let reader = try AudioReader(path: path)
        defer { reader.close() }
        let samples = try reader.readAllMono()
        return SincResampler.convert(samples, from: reader.info.sampleRate, to: sampleRate)
    }

    /// `samples` without leading and trailing silence.
    public static func trimSilence(_ samples: [Float]) -> [Float] {
        guard let first = samples.firstIndex(where: { abs($0) >= silenceThreshold }),
              let last = samples.lastIndex(where: { abs($0) >= silenceThreshold }) else { return [] }
        return Array(samples[first...last])
    }
}
