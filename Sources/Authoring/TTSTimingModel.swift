import FileFormats
import FixtureAudio
import Foundation
import Traces

/// When a streaming TTS engine delivers its audio, as a recipe states it.
///
/// A live TTS adapter stamps chunks with the monotonic clock, which differs
/// run to run; a fixture must be byte-identical on every re-run, so its TTS
/// trace is written from this model over the real length of the audio the
/// engine synthesized: the request at `requestMs`, the first chunk
/// `firstByteMs` later, then a chunk every `cadenceMs` ± a seeded uniform
/// jitter of up to `jitterMs` (gaps rounded to whole ms, never negative),
/// each carrying `chunkMs` of audio (the last one the remainder).
public struct TTSTimingModel: Equatable, Sendable {
    public var requestMs: Double
    public var firstByteMs: Double
    public var chunkMs: Double
    public var cadenceMs: Double
    public var jitterMs: Double

    public init(requestMs: Double = 0, firstByteMs: Double = 200, chunkMs: Double = 100, cadenceMs: Double = 60, jitterMs: Double = 0) {
        self.requestMs = requestMs
        self.firstByteMs = firstByteMs
        self.chunkMs = chunkMs
        self.cadenceMs = cadenceMs
        self.jitterMs = jitterMs
    }

    /// When playback starts: at the first chunk.
    public var playStartMs: Double { requestMs + firstByteMs }

    /// The docs/formats.md TTS trace for one request of `text` whose audio lasts
    /// `audioMs`.
    public func trace(text: String, audioMs: Double, seed: UInt64) -> SynthesisTrace {
        var random = SeededRandom.stream(seed: seed, purpose: "tts-cadence")
        var events = [SynthesisEvent(tMs: requestMs, req: 0, kind: .request(text: text))]
        var t = playStartMs
        let count = audioMs > 0 ? Int((audioMs / chunkMs - 1e-9).rounded(.up)) : 0
        for index in 0..<count {
            if index > 0 {
                t += max(0, (cadenceMs + jitterMs * random.signedUnit()).rounded())
            }
            let duration = min(chunkMs, audioMs - Double(index) * chunkMs)
            events.append(SynthesisEvent(tMs: t, req: 0, kind: .chunk(durationMs: duration)))
        }
        events.append(SynthesisEvent(tMs: t, req: 0, kind: .end))
        return SynthesisTrace(events: events)
    }
}
