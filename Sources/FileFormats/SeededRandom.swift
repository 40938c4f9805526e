import Foundation

/// A seedable, platform-independent random source (SplitMix64) — for
/// synthetic audio (recipe noise, room tails, test signals) and for the
/// bootstrap intervals of `compare` — so the same seed gives the same
/// numbers on every machine: Swift's system generator cannot be seeded.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private var spareGaussian: Double?

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An index in `0..<count` by multiply-high (no modulo bias, no
    /// rejection loop, so the number of draws is fixed).
    public mutating func index(below count: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(count)).high)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Uniform in [-1, 1).
    public mutating func signedUnit() -> Double { 2 * unit() - 1 }

    /// Standard normal (Box–Muller; the second value of each pair is kept
    /// for the next call).
    public mutating func gaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        // 1 − u is in (0, 1], so the logarithm is finite.
        let radius = (-2 * log(1 - unit())).squareRoot()
        let angle = 2 * Double.pi * unit()
        spareGaussian = radius * sin(angle)
        return radius * cos(angle)
    }

    /// An independent stream for a named purpose, so adding a talker to a
    /// recipe does not change the noise drawn for another part of it.
    public static func stream(seed: UInt64, purpose: String) -> SeededRandom {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in purpose.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        var mixer = SeededRandom(seed: seed ^ hash)
        return SeededRandom(seed: mixer.next())
    }
}
