import Foundation

/// The additive noise of a recording: its power and its spectrum.
public struct NoiseFloor: Sendable, Equatable {
    /// Mean-square noise level, full band (linear, full scale = 1).
    public var power: Double
    /// Expected `|X[k]|²` of a noise-only analysis frame, per bin.
    public var spectrum: [Float]

    public init(power: Double, spectrum: [Float]) {
        self.power = power
        self.spectrum = spectrum
    }

    /// Levels below this (−130 dBFS) are digital silence: a recording whose
    /// gaps are exactly zero has no measurable noise, and its floor is
    /// taken to be this instead of zero so that ratios stay finite.
    public static let digitalSilence = 1e-13
}

/// Estimates the noise floor from a whole recording, blind (no clean
/// reference), in constant memory.
///
/// Every analysis frame's level goes into a `LevelHistogram`; the noise
/// level is the mode of its quiet part (NIST STNR's idea, see
/// `LevelHistogram.noiseMode`). The noise spectrum is the mean spectrum of
/// the frames whose level lies near that mode, rescaled to it: for that the
/// per-bin powers are summed per 1 dB level group as frames arrive, so no
/// frame needs to be kept.
public final class NoiseFloorEstimator {
    public let binCount: Int
    public private(set) var levels = LevelHistogram()
    private let groupDB = 1.0
    private let groupFloorDB: Double
    private let groupCount: Int
    private var groupCounts: [Int]
    private var groupLevelSums: [Double]
    private var groupSpectra: [Float]

    /// Σ w² of the analysis window: a bin of a white noise of mean square
    /// σ² has expected power σ²·Σw².
    public let windowEnergy: Double

    /// Half-width of the level window around the mode whose frames make
    /// the noise estimate, dB.
    public static let windowDB = 3.0

    public init(binCount: Int, windowEnergy: Double) {
        self.binCount = binCount
        self.windowEnergy = windowEnergy
        groupFloorDB = levels.floorDB
        groupCount = Int((levels.ceilingDB - levels.floorDB) / groupDB) + 1
        groupCounts = [Int](repeating: 0, count: groupCount)
        groupLevelSums = [Double](repeating: 0, count: groupCount)
        groupSpectra = [Float](repeating: 0, count: groupCount * binCount)
    }

    /// Adds one frame: its mean-square level and its spectrum.
    public func add(level: Double, power: UnsafeBufferPointer<Float>) {
        let clamped = max(level, NoiseFloor.digitalSilence)
        levels.add(power: clamped)
        let db = 10 * log10(clamped)
        let g = min(max(Int(((db - groupFloorDB) / groupDB).rounded(.down)), 0), groupCount - 1)
        groupCounts[g] += 1
        groupLevelSums[g] += clamped
        let base = g * binCount
        groupSpectra.withUnsafeMutableBufferPointer { spectra in
            for k in 0..<binCount { spectra[base + k] += power[k] }
        }
    }

    /// The estimate, or nil before any frame.
    public func estimate() -> NoiseFloor? {
        guard let modeDB = levels.noiseMode() else { return nil }
        // The mode locates the noise; its power is the mean of the frames
        // around it. The two agree for Gaussian noise, but a periodic noise
        // (mains hum) has an arcsine-shaped level distribution whose modes
        // sit at its edges, and a babble's is wide: the mean does not care.
        let around = levels.sum(levelsFrom: modeDB - Self.windowDB, to: modeDB + Self.windowDB)
        let modePower = pow(10, modeDB / 10)
        let power = max(around.count > 0 ? around.power / Double(around.count) : modePower,
                        NoiseFloor.digitalSilence)
        var spectrum = [Float](repeating: 0, count: binCount)
        var frames = 0
        var levelSum = 0.0
        for g in 0..<groupCount {
            let centre = groupFloorDB + (Double(g) + 0.5) * groupDB
            // The spectrum's shape comes from the frames at or just below
            // the mode: a frame above it may hold a quiet syllable or tone.
            guard centre >= modeDB - Self.windowDB, centre <= modeDB + 0.5, groupCounts[g] > 0 else { continue }
            frames += groupCounts[g]
            levelSum += groupLevelSums[g]
            for k in 0..<binCount { spectrum[k] += groupSpectra[g * binCount + k] }
        }
        // Scale the shape so the spectrum's level is the mode's: `levelSum`
        // and the summed spectra cover the same frames.
        // No bin is trusted below 40 dB under a white noise of the same
        // power: between the harmonics of a hum the estimate is window
        // leakage, and any speech — or rounding — would dwarf it.
        let binFloor = Float(max(NoiseFloor.digitalSilence, power * 1e-4) * windowEnergy)
        if frames > 0 && levelSum > 0 {
            let scale = Float(power / levelSum)
            for k in 0..<binCount { spectrum[k] = max(spectrum[k] * scale, binFloor) }
        } else {
            for k in 0..<binCount { spectrum[k] = binFloor }
        }
        return NoiseFloor(power: power, spectrum: spectrum)
    }
}
