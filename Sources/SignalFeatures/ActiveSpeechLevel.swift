import Foundation

/// The active speech level of a recording, ITU-T P.56 style: the mean power
/// of the frames whose power lies within 15.9 dB of that mean.
///
/// The threshold depends on the answer, so it is found by fixed-point
/// iteration: `A ← mean{p : p ≥ A·10^(−1.59)}`. Powers are kept in a
/// `LevelHistogram`, so the level of any length of audio takes constant
/// memory.
public struct ActiveSpeechLevel: Sendable {
    /// P.56's margin between the active level and the activity threshold.
    public static let marginDB = 15.9
    public private(set) var powers = LevelHistogram(floorDB: -160, ceilingDB: 30, resolutionDB: 0.1)

    public init() {}

    /// Adds one frame's speech power (linear mean square; ≤ 0 is ignored
    /// by the threshold).
    public mutating func add(power: Double) {
        powers.add(power: power)
    }

    /// The active level (linear), or nil when no frame carries power.
    public var level: Double? {
        let all = powers.sum(levelsFrom: powers.floorDB + powers.resolutionDB, to: .infinity)
        guard all.count > 0, all.power > 0 else { return nil }
        var level = all.power / Double(all.count)
        for _ in 0..<50 {
            let thresholdDB = 10 * log10(level) - Self.marginDB
            let active = powers.sum(levelsFrom: thresholdDB, to: .infinity)
            guard active.count > 0 else { break }
            let next = active.power / Double(active.count)
            if abs(next - level) <= 1e-9 * level { level = next; break }
            level = next
        }
        return level
    }

    /// The fraction of counted frames that are active at the final level.
    public var activeFrames: Int {
        guard let level else { return 0 }
        return powers.sum(levelsFrom: 10 * log10(level) - Self.marginDB, to: .infinity).count
    }
}
