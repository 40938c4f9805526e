import Foundation

/// Counts the frames of digital silence before a recording's first sound
/// and after its last: padding (a clip cut out of a stream, a prompt
/// written with zeros around it), not the recording's noise. Only a
/// recording with no digital silence between its sounds has padding: one
/// whose sounds are parted by exact zeros (clean speech between words) has
/// digital silence for its noise. A silent recording has no padding.
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
/// A periodic noise is judged on pairs of frames instead (`pairLevel`,
/// `alternates`): mains hum's overtones beat within a 25 ms frame, so on a
/// 10 ms hop its frames alternate in level and spectral shape.
///
/// The state pass 1 adds every frame to is `@exclusivity(unchecked)`: one
/// thread at a time feeds the estimator (`FeatureAnalysis` reads it only
/// between passes), and no call on one of those properties touches it
/// again, so two accesses to one never overlap. Their runtime checks were
/// 0.7 % of the bench hour's CPU.
public final class NoiseFloorEstimator {
    public let binCount: Int
    /// Every frame's level, padding and dropouts taken out (pass 1).
    public var levels: LevelHistogram { frames.histogram }
    /// Pass 1's statistics of every frame's level and of every two
    /// consecutive frames' mean.
    @exclusivity(unchecked) private var frames: NoiseLevels
    @exclusivity(unchecked) private var pairs: NoiseLevels
    /// Σ |level change| (dB) from one frame to the next and from the frame
    /// two before, per level group of the later frame.
    @exclusivity(unchecked) private var stepSums: [Double]
    @exclusivity(unchecked) private var twoStepSums: [Double]
    /// The frame before (pass 1), and the level in dB of the one before it.
    private var previous: (level: Double, db: Double)?
    private var twoBackDB: Double?
    /// The frame before, in pass 2 (nil at a piece's start).
    private var previousLevel: Double?
    /// Whether the noise is judged on frame pairs, fixed by pass 1.
    public private(set) var judgesPairs = false
    private let groupDB = 1.0
    private let groupFloorDB: Double
    private let groupCount: Int
    /// The level groups whose spectra make the estimate, fixed by pass 1.
    public private(set) var spectrumGroups: ClosedRange<Int>? = nil
    /// Levels outside which no frame (or pair) falls in `spectrumGroups`,
    /// widened by far more than `log10` can err: pass 2 takes the log only
    /// of the levels between them, not of every frame.
    private var spectrumLevels = 0.0...0.0
    /// The noise level pass 1 settled on, dB: its mode, or the hint.
    public private(set) var modeDB: Double? = nil
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

    /// Frames near the noise whose level changes two frames apart by less
    /// than this share of its frame-to-frame change repeat every 20 ms
    /// (`alternates`); a random noise makes the two alike (docs/features.md).
    public static let alternationShare = 0.5

    /// The noise level (dB) to take instead of pass 1's mode, when a first
    /// analysis found its mode on speech (`FeatureAnalysis.noiseHintDB`).
    public let modeHintDB: Double?

    public init(binCount: Int, windowEnergy: Double, modeHintDB: Double? = nil) {
        self.binCount = binCount
        self.modeHintDB = modeHintDB
        self.windowEnergy = windowEnergy
        let histogram = LevelHistogram()
        groupFloorDB = histogram.floorDB
        groupCount = Int((histogram.ceilingDB - histogram.floorDB) / groupDB) + 1
        frames = NoiseLevels(groupCount: groupCount)
        pairs = NoiseLevels(groupCount: groupCount)
        stepSums = [Double](repeating: 0, count: groupCount)
        twoStepSums = stepSums
    }

    private func group(ofLevel level: Double) -> Int {
        group(ofDB: 10 * log10(max(level, NoiseFloor.digitalSilence)))
    }

    private func centreDB(ofGroup g: Int) -> Double { groupFloorDB + (Double(g) + 0.5) * groupDB }

    private func group(ofDB db: Double) -> Int {
        min(max(Int(((db - groupFloorDB) / groupDB).rounded(.down)), 0), groupCount - 1)
    }

    /// Pass 1: adds one frame's mean-square level.
    public func add(level: Double) {
        let db = frames.add(level, group: group(ofDB:))
        if let previous {
            pairs.add(Self.pairLevel(previous.level, level), group: group(ofDB:))
            if let twoBackDB {
                let g = group(ofDB: db)
                stepSums[g] += abs(db - previous.db)
                twoStepSums[g] += abs(db - twoBackDB)
            }
        }
        twoBackDB = previous?.db
        previous = (level, db)
    }

    /// The level a periodic noise is judged on: the mean of two consecutive
    /// frames, a whole period of 50 Hz mains. On single frames a hum's noise
    /// was its quiet frames', and the VAD took every loud one for speech.
    static func pairLevel(_ first: Double, _ second: Double) -> Double { 0.5 * (first + second) }

    /// Ends pass 1: finds the mode and the level groups pass 2 measures.
    public func beginSpectra() {
        frames.removePadding()
        pairs.removePadding()
        guard var mode = frames.histogram.noiseMode() else { return }
        let dropout = mode < frames.histogram.floorDB + frames.histogram.resolutionDB
            && Self.isDropout(frames.histogram, gaps: frames.padding.gaps)
        if dropout {
            frames.removeSilence()
            pairs.removeSilence()
            guard let sounding = frames.histogram.noiseMode() else { return }
            mode = sounding
        }
        // Pairs that find the noise `separationDB` under the frames' mode: a hum's split frames, or a
        // wide noise's, missed `noiseMode`'s bars beside a talker's narrow peak (docs/features.md).
        let pairMode = pairs.histogram.noiseMode()
        judgesPairs = alternates(near: mode) || pairMode.map { $0 <= mode - LevelHistogram.separationDB } == true
        if judgesPairs, let pairMode { mode = pairMode }
        if let modeHintDB { mode = modeHintDB }
        modeDB = mode
        let counts = judged.groupCounts
        // The spectrum's shape comes from the frames at or just below the
        // mode: a frame above it may hold a quiet syllable or tone.
        let wanted = (0..<groupCount).filter { g in
            let centre = centreDB(ofGroup: g)
            return centre >= mode - Self.windowDB && centre <= mode + 0.5 && counts[g] > 0
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

    /// Whether the frames within `windowDB` of the noise mode repeat every
    /// 20 ms (`alternationShare`).
    private func alternates(near mode: Double) -> Bool {
        var step = 0.0, twoSteps = 0.0
        for g in 0..<groupCount where abs(centreDB(ofGroup: g) - mode) <= Self.windowDB {
            step += stepSums[g]
            twoSteps += twoStepSums[g]
        }
        return step > 0 && twoSteps < Self.alternationShare * step
    }

    /// Pass 1's frames (or pairs) in the level groups whose spectra pass
    /// 2 measures.
    public var spectrumFrames: Int {
        let counts = judged.groupCounts
        return spectrumGroups.map { groups in groups.reduce(0) { $0 + counts[$1] } } ?? 0
    }

    /// The levels the noise is judged on: the frames', or the pairs'.
    private var judged: NoiseLevels { judgesPairs ? pairs : frames }

    /// Whether the digital silence between a recording's sounds is a gap in
    /// it (a dropout, a codec's muted frames), not its noise: one run (the
    /// zeros parting clean speech recur) of fewer frames than half the
    /// fullest `2·windowDB` of the sounding levels, where a noise's frames
    /// pile up.
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

    /// Whether pass 2 wants the spectrum of a frame of this level: one in
    /// `spectrumGroups`, or judging pairs, one that may make a pair there
    /// with the frame before it (at most twice the pair's level).
    public func wantsSpectrum(level: Double) -> Bool {
        guard let groups = spectrumGroups else { return false }
        if judgesPairs { return level <= 2 * spectrumLevels.upperBound }
        return spectrumLevels.contains(level) && groups.contains(group(ofLevel: level))
    }

    /// Starts a piece of pass 2 that does not follow the frames before it
    /// (a sampled block).
    public func beginPiece() { previousLevel = nil }

    /// Pass 2: every frame in order, with its power spectrum when
    /// `wantsSpectrum` chose it. A frame whose level — or, judging pairs,
    /// whose pair with the frame before — lies in `spectrumGroups` adds its
    /// spectrum and level.
    public func add(level: Double, power: UnsafeBufferPointer<Float>?) {
        defer { previousLevel = level }
        guard let groups = spectrumGroups else { return }
        let judged = judgesPairs ? previousLevel.map { Self.pairLevel($0, level) } : level
        guard let judged, spectrumLevels.contains(judged), let power else { return }
        let g = group(ofLevel: judged)
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
        let around = judged.histogram.sum(levelsFrom: modeDB - Self.windowDB, to: modeDB + Self.windowDB)
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

/// One reading of a track's levels for its noise (`NoiseFloorEstimator`):
/// a histogram, counts per 1 dB level group, and its padding.
private struct NoiseLevels {
    var histogram = LevelHistogram()
    var groupCounts: [Int]
    var padding = SilentPadding()

    init(groupCount: Int) { groupCounts = [Int](repeating: 0, count: groupCount) }

    /// Counts one level in its dB `group`; returns its dB (silence clamped).
    @discardableResult
    mutating func add(_ level: Double, group: (Double) -> Int) -> Double {
        padding.push(level: level)
        let clamped = max(level, NoiseFloor.digitalSilence)
        // One log for the histogram's bin and the level group.
        let db = 10 * log10(clamped)
        histogram.add(power: clamped, db: db)
        groupCounts[group(db)] += 1
        return db
    }

    /// Takes the padding out.
    mutating func removePadding() { removeSilence(padding.frames) }

    /// Takes all digital silence out (a dropout).
    mutating func removeSilence() { removeSilence(histogram.counts[0]) }

    /// Digital silence is in the lowest level group, as in the histogram.
    private mutating func removeSilence(_ count: Int) {
        histogram.remove(power: NoiseFloor.digitalSilence, count: count)
        groupCounts[0] -= count
    }
}
