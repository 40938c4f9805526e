import Foundation

/// The active speech level of a recording, ITU-T P.56 style: the mean power
/// of the frames whose power lies within 15.9 dB of that mean.
///
/// The threshold depends on the answer, so it is found by fixed-point
/// iteration: `A ← mean{p : p ≥ A·10^(−1.59)}`. The frames hold speech plus
/// noise and the noise power is known only at the end, so raw powers are
/// kept in a `LevelHistogram` and the noise is removed from each bin when
/// the level is asked for: the level of any length of audio takes
/// constant memory.
public struct ActiveSpeechLevel: Sendable {
    /// P.56's margin between the active level and the activity threshold.
    public static let marginDB = 15.9
    public private(set) var powers = LevelHistogram(floorDB: -160, ceilingDB: 30, resolutionDB: 0.1)

    public init() {}

    /// Adds one speech frame's power (linear mean square, noise included).
    public mutating func add(power: Double) {
        powers.add(power: power)
    }

    /// The active level (linear) of the frames with `noisePower` removed,
    /// or nil when no frame rises above the noise.
    public func level(noisePower: Double) -> Double? {
        Self.level(of: powers, noisePower: noisePower)
    }

    /// The active level (linear) of the frames counted in `histogram`,
    /// `noisePower` removed, using only the bins at or above `minimumPower`
    /// (frame power, noise included); nil when no frame rises above the
    /// noise there.
    public static func level(of histogram: LevelHistogram, noisePower: Double, minimumPower: Double = 0) -> Double? {
        let first = minimumPower > 0 ? histogram.bin(ofPower: minimumPower) : 0
        // Per bin: frames, Σ(p − N), and the bin's speech power.
        var bins: [(count: Int, power: Double, level: Double)] = []
        for i in histogram.counts.indices where i >= first && histogram.counts[i] > 0 {
            let count = histogram.counts[i]
            let speech = histogram.sums[i] - Double(count) * noisePower
            guard speech > 0 else { continue }
            bins.append((count, speech, speech / Double(count)))
        }
        let total = bins.reduce((0, 0.0)) { ($0.0 + $1.count, $0.1 + $1.power) }
        guard total.0 > 0, total.1 > 0 else { return nil }
        var level = total.1 / Double(total.0)
        for _ in 0..<100 {
            let threshold = level * pow(10, -Self.marginDB / 10)
            var count = 0, power = 0.0
            for bin in bins where bin.level >= threshold {
                count += bin.count
                power += bin.power
            }
            guard count > 0 else { break }
            let next = power / Double(count)
            if abs(next - level) <= 1e-12 * level { level = next; break }
            level = next
        }
        return level
    }
}
