import Foundation

/// Counts the frames of digital silence before a recording's first sound
/// and after its last: padding (a clip cut out of a stream, a prompt
/// written with zeros around it), not the recording's noise. Read at the
/// padding, the noise of bursts 15 dB over white noise with 2 s of zeros
/// on either side was digital silence and their SNR over 100 dB. Only a
/// recording with no digital silence between its sounds has padding: one
/// whose sounds are parted by exact zeros (clean speech between words)
/// has digital silence for its noise, the zeros around it included. A
/// recording with no sound at all has no padding either.
struct SilentPadding: Sendable {
    private var heardSound = false
    private var leading = 0
    private var trailing = 0
    private var between = 0
    /// Runs of silent frames between sounds.
    private(set) var gaps = 0

    /// Feeds the next frame's level, in order; a silent frame counts only
    /// where it was `counted` (in a statistic that may take it back).
    mutating func push(level: Double, counted: Bool = true) {
        if level >= NoiseFloor.digitalSilence {
            if heardSound && trailing > 0 { between += trailing; gaps += 1 }
            heardSound = true
            trailing = 0
        } else if !counted {
            return
        } else if heardSound {
            trailing += 1
        } else {
            leading += 1
        }
    }

    /// Counted padding frames so far: the leading ones and the silent run
    /// since the last sound, when no silent frame came between sounds.
    var frames: Int { heardSound && between == 0 ? leading + trailing : 0 }
}

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
/// reference), in constant memory, over two passes.
///
/// Pass 1 puts every analysis frame's level into a `LevelHistogram`; the
/// noise level is the mode of its quiet part (NIST STNR's idea, see
/// `LevelHistogram.noiseMode`). The noise spectrum is the mean spectrum of
/// the frames whose level lies near that mode, rescaled to it: pass 2
/// transforms only those frames (`wantsSpectrum`) and sums their powers
/// per 1 dB level group, so no frame needs to be kept and the frames of
/// speech — most of a recording — are never transformed for it.
///
/// The state pass 1 adds every frame to is `@exclusivity(unchecked)`: one
/// thread at a time feeds the estimator (`FeatureAnalysis` reads it only
/// between passes), and no call on one of those properties touches it
/// again, so two accesses to one never overlap. Their runtime checks were
/// 0.7 % of the bench hour's CPU.
public final class NoiseFloorEstimator {
    public let binCount: Int
    @exclusivity(unchecked) public private(set) var levels = LevelHistogram()
    private let groupDB = 1.0
    private let groupFloorDB: Double
    private let groupCount: Int
    @exclusivity(unchecked) private var groupCounts: [Int]
    /// The level groups whose spectra make the estimate, fixed by pass 1.
    public private(set) var spectrumGroups: ClosedRange<Int>? = nil
    /// Levels outside which no frame falls in `spectrumGroups`, widened by
    /// far more than `log10` can err: pass 2 takes the log only of the
    /// frames between them, not of every frame.
    private var spectrumLevels = 0.0...0.0
    private var modeDB: Double? = nil
    /// Digital silence before the first sound and after the last: taken
    /// out of the histogram before the mode is sought.
    private var padding = SilentPadding()
    private var groupSpectra: [Float] = []
    /// Pass 2's frames per level group of `spectrumGroups`, and Σ of their
    /// levels: what the summed spectra cover (all of pass 1's frames in
    /// those groups, or a sample of them).
    private var spectrumCounts: [Int] = []
    private var spectrumLevelSums: [Double] = []

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
    }

    private func group(ofLevel level: Double) -> Int {
        group(ofDB: 10 * log10(max(level, NoiseFloor.digitalSilence)))
    }

    private func group(ofDB db: Double) -> Int {
        min(max(Int(((db - groupFloorDB) / groupDB).rounded(.down)), 0), groupCount - 1)
    }

    /// Pass 1: adds one frame's mean-square level.
    public func add(level: Double) {
        padding.push(level: level)
        let clamped = max(level, NoiseFloor.digitalSilence)
        // One log for the histogram's bin and the level group.
        let db = 10 * log10(clamped)
        levels.add(power: clamped, db: db)
        let g = group(ofDB: db)
        groupCounts[g] += 1
    }

    /// Ends pass 1: finds the mode and the level groups pass 2 measures.
    public func beginSpectra() {
        let silence = padding.frames
        if silence > 0 {
            levels.remove(power: NoiseFloor.digitalSilence, count: silence)
            let g = group(ofLevel: NoiseFloor.digitalSilence)
            groupCounts[g] -= silence
        }
        modeDB = levels.noiseMode()
        if let mode = modeDB, mode < levels.floorDB + levels.resolutionDB, Self.isDropout(levels, gaps: padding.gaps) {
            let dropout = levels.counts[0]
            levels.remove(power: NoiseFloor.digitalSilence, count: dropout)
            let g = group(ofLevel: NoiseFloor.digitalSilence)
            groupCounts[g] -= dropout
            modeDB = levels.noiseMode()
        }
        guard let modeDB else { return }
        // The spectrum's shape comes from the frames at or just below the
        // mode: a frame above it may hold a quiet syllable or tone.
        let wanted = (0..<groupCount).filter { g in
            let centre = groupFloorDB + (Double(g) + 0.5) * groupDB
            return centre >= modeDB - Self.windowDB && centre <= modeDB + 0.5 && groupCounts[g] > 0
        }
        if let first = wanted.first, let last = wanted.last {
            spectrumGroups = first...last
            // The end groups are open: every quieter or louder level is in them.
            let low = first == 0 ? -Double.infinity : pow(10, (groupFloorDB + Double(first) * groupDB) / 10) * (1 - 1e-9)
            let high = last == groupCount - 1 ? Double.infinity
                : pow(10, (groupFloorDB + Double(last + 1) * groupDB) / 10) * (1 + 1e-9)
            spectrumLevels = low...high
            groupSpectra = [Float](repeating: 0, count: (last - first + 1) * binCount)
            spectrumCounts = [Int](repeating: 0, count: last - first + 1)
            spectrumLevelSums = [Double](repeating: 0, count: last - first + 1)
        }
    }

    /// Pass 1's frames in the level groups whose spectra pass 2 measures.
    public var spectrumFrames: Int {
        spectrumGroups.map { groups in groups.reduce(0) { $0 + groupCounts[$1] } } ?? 0
    }

    /// Whether the digital silence between a recording's sounds is a gap in
    /// it (a dropout, a stretch zeroed by a codec or an editor), not its
    /// noise: it is one run (the pauses of clean speech parted by zeros
    /// recur), and its frames are fewer than half those of the fullest
    /// `2·windowDB` of the sounding levels — the width the noise power is
    /// averaged over. A noise's frames pile up within a few dB; the zeros
    /// around a clean prompt's words outnumber half of its speech's. A
    /// babble's 0.4 s of zeros (40 of 666 frames) was read as its noise,
    /// and its SNR at 17.5 dB as 106.
    static func isDropout(_ levels: LevelHistogram, gaps: Int) -> Bool {
        let silent = levels.counts[0]
        guard silent > 0, gaps <= 1 else { return false }
        let width = Int((2 * windowDB / levels.resolutionDB).rounded())
        var fullest = 0, inWindow = 0
        for i in 1..<levels.counts.count {
            inWindow += levels.counts[i]
            if i - width >= 1 { inWindow -= levels.counts[i - width] }
            fullest = max(fullest, inWindow)
        }
        return 2 * silent < fullest
    }

    /// Whether pass 2 wants the spectrum of a frame of this level.
    public func wantsSpectrum(level: Double) -> Bool {
        guard let groups = spectrumGroups, spectrumLevels.contains(level) else { return false }
        return groups.contains(group(ofLevel: level))
    }

    /// Pass 2: adds the power spectrum of a frame `wantsSpectrum` chose.
    public func add(level: Double, power: UnsafeBufferPointer<Float>) {
        guard let groups = spectrumGroups else { return }
        let g = group(ofLevel: level)
        guard groups.contains(g) else { return }
        let slot = g - groups.lowerBound, base = slot * binCount
        spectrumCounts[slot] += 1
        spectrumLevelSums[slot] += max(level, NoiseFloor.digitalSilence)
        groupSpectra.withUnsafeMutableBufferPointer { spectra in
            for k in 0..<binCount { spectra[base + k] += power[k] }
        }
    }

    /// The estimate after pass 2, or nil before any frame.
    public func estimate() -> NoiseFloor? {
        guard let modeDB else { return nil }
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
        if let groups = spectrumGroups {
            for slot in 0..<groups.count where spectrumCounts[slot] > 0 {
                frames += spectrumCounts[slot]
                levelSum += spectrumLevelSums[slot]
                let base = slot * binCount
                for k in 0..<binCount { spectrum[k] += groupSpectra[base + k] }
            }
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
