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
        var generator = SplitMix64(seed: 0x5EED_EC40)
        let spacing = 0.010 * rate
        let first = pow(10, tailLevelDb / 20)
        var offset = 0.0
        while true {
            offset += spacing * (0.5 + generator.nextUnit())
            let ms = offset * 1000 / rate
            if ms >= tailMs { break }
            // 60 dB of decay at the RT60: amplitude 10^(−3·t/RT60).
            let decay = pow(10, -3 * ms / tailMs)
            let sign: Double = generator.nextUnit() < 0.5 ? -1 : 1
            taps.append(Tap(delaySamples: direct + Int(offset.rounded()), gain: Float(gain * first * decay * sign)))
        }
        return taps
    }
}

/// A tiny deterministic generator (SplitMix64), so room tails are the same
/// on every platform — Swift's system generator is not seedable.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
