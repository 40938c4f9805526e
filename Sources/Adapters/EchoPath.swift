import FileFormats
import FixtureAudio
import Foundation

/// How the agent's own playback reaches the device's microphone: a direct
/// path after `delayMs`, `attenuationDb` quieter than the far end, plus an
/// optional room tail.
///
/// The tail is a deterministic train of reflections, on average one per
/// 10 ms over `tailMs`, whose gains decay exponentially (−60 dB at
/// `tailMs`, i.e. `tailMs` is the RT60) from `tailLevelDb` below the direct
/// path, with signs and jitter from a fixed-seed generator. A sparse train
/// keeps the cost at a few dozen taps per sample, where a dense RT60-long
/// response would cost thousands, and is identical on every machine.
public struct EchoPath: Equatable, Sendable {
    public var delayMs: Double
    public var attenuationDb: Double
    /// RT60 of the tail in ms; nil or 0 for no tail.
    public var tailMs: Double?
    /// Level of the first reflection relative to the direct path.
    public var tailLevelDb: Double

    public init(delayMs: Double = 40, attenuationDb: Double = 20, tailMs: Double? = nil, tailLevelDb: Double = -6) {
        self.delayMs = delayMs
        self.attenuationDb = attenuationDb
        self.tailMs = tailMs
        self.tailLevelDb = tailLevelDb
    }

    /// One tap of the echo path's impulse response.
    public struct Tap: Equatable, Sendable {
        public var delaySamples: Int
        public var gain: Float

        public init(delaySamples: Int, gain: Float) {
            self.delaySamples = delaySamples
            self.gain = gain
        }
    }

    /// The sparse impulse response at `sampleRate`, direct path first.
    public func taps(sampleRate: Int) -> [Tap] {
        let rate = Double(sampleRate)
        let direct = Int((max(0, delayMs) * rate / 1000).rounded())
        let gain = pow(10, -attenuationDb / 20)
        var taps = [Tap(delaySamples: direct, gain: Float(gain))]
        guard let tailMs, tailMs > 0 else { return taps }
        var generator = SeededRandom(seed: 0x5EED_EC40)
        let spacing = 0.010 * rate
        let first = pow(10, tailLevelDb / 20)
        var offset = 0.0
        while true {
            offset += spacing * (0.5 + generator.unit())
            let ms = offset * 1000 / rate
            if ms >= tailMs { break }
            // 60 dB of decay at the RT60: amplitude 10^(−3·t/RT60).
            let decay = pow(10, -3 * ms / tailMs)
            let sign: Double = generator.unit() < 0.5 ? -1 : 1
            taps.append(Tap(delaySamples: direct + Int(offset.rounded()), gain: Float(gain * first * decay * sign)))
        }
        return taps
    }
}
