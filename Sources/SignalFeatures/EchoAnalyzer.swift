import Foundation

/// Echo measures of a recording with a far-end (playback) reference.
public struct EchoMeasures: Sendable, Equatable {
    /// Echo path delay, ms (mic lagging far-end); nil when the far-end or
    /// the mic is silent, or no echo is detectable (`EchoDetection`).
    public var delayMs: Double?
    /// GCC-PHAT peak over the correlation's robust noise σ, whether or not
    /// the echo was detectable.
    public var delaySignificance: Double?
    /// Echo return loss: far-end power over echo power at the mic, dB; nil
    /// when no echo is detectable.
    public var erlDB: Double?
    /// Fraction of far-end-active frames where the user also speaks.
    public var doubleTalkRatio: Double?
    /// Mean magnitude-squared coherence of mic and aligned far-end, 0…1.
    public var coherence: Double?
    /// Echo return loss enhancement of the AEC output, dB.
    public var erleDB: Double?
    /// Frames where the far-end plays.
    public var farActiveFrames = 0
}

/// Frame-by-frame echo statistics on a far-end track already aligned with
/// the mic (delayed by the echo path delay).
///
/// In a far-end-active frame where the mic is active, the ratio
/// `far power / (mic power − noise)` is the frame's apparent ERL. Over
/// single talk these ratios cluster around the true ERL; when the user also
/// speaks the mic carries more than echo and the ratio falls. So the ERL is
/// taken from the cluster (the mode of the ratios, then the energy ratio of
/// the frames within `doubleTalkMarginDB` below it or above), and the frames
/// further below are double talk. All of it is kept in histograms of the
/// ratio, so nothing grows with the recording.
///
/// The state `add` and `addUndelayed` update every frame is
/// `@exclusivity(unchecked)`: one thread at a time adds frames
/// (`FeatureAnalysis` reads the result only after the last), and no call
/// on one of those properties touches it again, so two accesses to one
/// never overlap. Their runtime checks were 0.7 % of the bench hour's CPU.
public final class EchoAnalyzer {
    /// How far below the single-talk ERL a frame's ratio must fall to count
    /// as double talk, dB.
    public var doubleTalkMarginDB: Double
    private let noisePower: Double
    private let farActiveLevel: Double
    private let coherenceBins: Range<Int>
    @exclusivity(unchecked) private var ratios = LevelHistogram(floorDB: -80, ceilingDB: 100, resolutionDB: 0.25)
    @exclusivity(unchecked) private var farSums: [Double]
    @exclusivity(unchecked) private var echoSums: [Double]
    @exclusivity(unchecked) private var micSums: [Double]
    @exclusivity(unchecked) private var aecSums: [Double]
    /// Far-end-active frames so far.
    @exclusivity(unchecked) public private(set) var farActiveFrames = 0
    /// Far-end-active frames whose spectra (both tracks') went into the
    /// coherence: all of them, or the ones `EvidenceThinning` keeps.
    @exclusivity(unchecked) public private(set) var coherenceFrames = 0
    /// Cells where the undelayed far-end is active, and those where the
    /// mic VAD also heard speech.
    @exclusivity(unchecked) private var ownTimelineActive = 0
    @exclusivity(unchecked) private var ownTimelineDoubleTalk = 0
    /// Per-bin Σ X·conj(Y), Σ|X|², Σ|Y|² of the coherence band, one set
    /// per ratio group (`ratioGroup`): raw buffers made once, since a
    /// class's array properties pay an exclusivity check per element.
    private let sxyRe, sxyIm, sxx, syy: UnsafeMutableBufferPointer<Double>
    /// Coherence frames per ratio group.
    @exclusivity(unchecked) private var groupFrames: [Int]
    /// Width of a ratio group, dB, and the ratio of group 0's lower edge;
    /// group `ratioGroups` holds the frames the mic VAD did not hear (no
    /// ratio: far-end single talk with the echo under the VAD).
    public static let ratioGroupDB = 3.0
    public static let ratioGroupFloorDB = -30.0
    public static let ratioGroups = 34

    /// - Parameters:
    ///   - noisePower: the mic's noise floor (mean square).
    ///   - farActiveLevel: far-end frames at or above this level are active.
    public init(sampleRate: Int, fftSize: Int, noisePower: Double, farActiveLevel: Double,
                doubleTalkMarginDB: Double = 6) {
        self.noisePower = noisePower
        self.farActiveLevel = farActiveLevel
        self.doubleTalkMarginDB = doubleTalkMarginDB
        let hzPerBin = Double(sampleRate) / Double(fftSize)
        let low = max(1, Int((100 / hzPerBin).rounded(.up)))
        let high = min(fftSize / 2 - 1, Int((min(4_000, 0.45 * Double(sampleRate)) / hzPerBin).rounded(.down)))
        coherenceBins = low..<max(low + 1, high + 1)
        let n = ratios.counts.count
        farSums = [Double](repeating: 0, count: n)
        echoSums = farSums
        micSums = farSums
        aecSums = farSums
        let m = coherenceBins.count * (Self.ratioGroups + 1)
        sxyRe = .allocate(capacity: m)
        sxyIm = .allocate(capacity: m)
        sxx = .allocate(capacity: m)
        syy = .allocate(capacity: m)
        for buffer in [sxyRe, sxyIm, sxx, syy] { buffer.initialize(repeating: 0) }
        groupFrames = [Int](repeating: 0, count: Self.ratioGroups + 1)
    }

    deinit {
        for buffer in [sxyRe, sxyIm, sxx, syy] { buffer.deallocate() }
    }

    /// Adds one frame: mic and aligned far-end levels and bins, the AEC
    /// output's level when there is one, and the mic VAD's ungated decision.
    public func add(micLevel: Double, micBins: UnsafeBufferPointer<(Float, Float)>,
                    farLevel: Double, farBins: UnsafeBufferPointer<(Float, Float)>,
                    aecLevel: Double?, micActive: Bool) {
        guard farLevel >= farActiveLevel else { return }
        farActiveFrames += 1
        let echo = micLevel - noisePower
        let ratio = farLevel / max(echo, 1e-30)
        if !farBins.isEmpty && !micBins.isEmpty {
            coherenceFrames += 1
            let group = micActive ? Self.ratioGroup(ratio) : Self.ratioGroups
            groupFrames[group] += 1
            accumulateSpectra(micBins, farBins, group: group)
        }
        guard micActive else { return }
        let b = ratios.add(power: ratio)
        farSums[b] += farLevel
        echoSums[b] += echo
        micSums[b] += micLevel
        aecSums[b] += aecLevel ?? 0
    }

    /// Adds `X·conj(Y)`, `|X|²` and `|Y|²` of the coherence band, 4 bins at
    /// a time in double lanes.
    private func accumulateSpectra(_ micBins: UnsafeBufferPointer<(Float, Float)>, _ farBins: UnsafeBufferPointer<(Float, Float)>,
                                   group: Int) {
        typealias Quad = SIMD4<Double>
        let m = UnsafeRawPointer(micBins.baseAddress!), f = UnsafeRawPointer(farBins.baseAddress!)
        // Bin k of this group's sums sits at `base + k`.
        let base = group * coherenceBins.count - coherenceBins.lowerBound
        @inline(__always) func add(_ value: Quad, to sums: UnsafeMutableBufferPointer<Double>, at k: Int) {
            let p = UnsafeMutableRawPointer(sums.baseAddress! + base + k)
            p.storeBytes(of: p.loadUnaligned(as: Quad.self) + value, as: Quad.self)
        }
        var k = coherenceBins.lowerBound
        while k + 4 <= coherenceBins.upperBound {
            // Bins k…k+3 are 8 floats: re, im, re, im, …
            let x = m.loadUnaligned(fromByteOffset: 8 * k, as: SIMD8<Float>.self)
            let y = f.loadUnaligned(fromByteOffset: 8 * k, as: SIMD8<Float>.self)
            let xr = Quad(x.evenHalf), xi = Quad(x.oddHalf), yr = Quad(y.evenHalf), yi = Quad(y.oddHalf)
            add(xr * yr + xi * yi, to: sxyRe, at: k)
            add(xi * yr - xr * yi, to: sxyIm, at: k)
            add(xr * xr + xi * xi, to: sxx, at: k)
            add(yr * yr + yi * yi, to: syy, at: k)
            k += 4
        }
        while k < coherenceBins.upperBound {
            let (xr, xi) = (Double(micBins[k].0), Double(micBins[k].1))
            let (yr, yi) = (Double(farBins[k].0), Double(farBins[k].1))
            sxyRe[base + k] += xr * yr + xi * yi
            sxyIm[base + k] += xi * yr - xr * yi
            sxx[base + k] += xr * xr + xi * xi
            syy[base + k] += yr * yr + yi * yi
            k += 1
        }
    }

    /// The coherence group of a frame the mic VAD heard, by its ratio
    /// `far / (mic − noise)`: 3 dB groups from −30 dB, the ends open.
    static func ratioGroup(_ ratio: Double) -> Int {
        let db = 10 * log10(max(ratio, 1e-30))
        return min(max(Int(((db - ratioGroupFloorDB) / ratioGroupDB).rounded(.down)), 0), ratioGroups - 1)
    }

    /// Mean magnitude-squared coherence of mic and far-end over the
    /// far-end-active frames of the groups `groups`, and their count.
    private func coherence(groups: [Int]) -> (value: Double?, frames: Int) {
        let frames = groups.reduce(0) { $0 + groupFrames[$1] }
        guard frames > 0 else { return (nil, 0) }
        var sum = 0.0, count = 0
        let width = coherenceBins.count
        for i in 0..<width {
            var re = 0.0, im = 0.0, xx = 0.0, yy = 0.0
            for g in groups where groupFrames[g] > 0 {
                re += sxyRe[g * width + i]
                im += sxyIm[g * width + i]
                xx += sxx[g * width + i]
                yy += syy[g * width + i]
            }
            guard xx > 0 && yy > 0 else { continue }
            sum += min(1, (re * re + im * im) / (xx * yy))
            count += 1
        }
        return (count > 0 ? sum / Double(count) : nil, frames)
    }

    /// Mean magnitude-squared coherence of mic and far-end over every
    /// far-end-active frame, nil before any.
    public var coherence: Double? { coherence(groups: Array(0...Self.ratioGroups)).value }

    /// The coherence of the far-end single talk, and its frame count:
    /// the frames whose ratio lies no more than `doubleTalkMarginDB` under
    /// the single-talk ERL (`singleTalkModeDB`), and those the mic VAD did
    /// not hear. A near-end talker louder than the echo adds to the mic's
    /// power and nothing to the cross-spectrum, so over the whole
    /// recording the coherence of an echo with 40 % double talk 25 dB over
    /// it reads 0.002 where the single talk reads 0.2. Without a ratio
    /// mode (no frame heard) every frame counts.
    public var singleTalkCoherence: (value: Double?, frames: Int) {
        guard let modeDB = singleTalkModeDB else { return coherence(groups: Array(0...Self.ratioGroups)) }
        let cutDB = modeDB - doubleTalkMarginDB
        // A group counts when its upper edge lies above the cut.
        let first = Int(((cutDB - Self.ratioGroupFloorDB) / Self.ratioGroupDB).rounded(.down))
        return coherence(groups: Array(min(max(first, 0), Self.ratioGroups)...Self.ratioGroups))
    }

    /// The ratio (dB) where far-end single talk clusters: the highest
    /// ratio peak of the histogram at least `singleTalkPeakShare` as tall
    /// as the tallest. Double talk lowers a frame's ratio by the near
    /// talker's power over the echo's, spread by its level; a loud near
    /// talker can make that spread the taller peak (ERL read −2.8 dB for
    /// 17.3 dB), but never a peak above the single talk.
    public var singleTalkModeDB: Double? {
        ratios.highestPeak(smoothingDB: 1.5, minimumShare: Self.singleTalkPeakShare)
    }
    public static let singleTalkPeakShare = 0.3

    /// Adds one cell of the far-end on its own timeline (not delayed):
    /// its mean square and the mic VAD's raw decision for the same cell.
    public func addUndelayed(farLevel: Double, micActive: Bool) {
        guard farLevel >= farActiveLevel else { return }
        ownTimelineActive += 1
        if micActive { ownTimelineDoubleTalk += 1 }
    }

    /// The measures (delay fields left for the caller). Without a
    /// detectable echo there is no ERL or ERLE to measure, and every
    /// speech-active mic frame during playback is the user: double talk.
    public func result(hasAECOutput: Bool, echoDetected: Bool = true) -> EchoMeasures {
        var measures = EchoMeasures(farActiveFrames: farActiveFrames)
        guard farActiveFrames > 0 else { return measures }
        measures.coherence = singleTalkCoherence.value
        guard echoDetected else {
            measures.doubleTalkRatio = ownTimelineActive > 0 ? Double(ownTimelineDoubleTalk) / Double(ownTimelineActive) : nil
            return measures
        }
        guard let modeDB = singleTalkModeDB else {
            measures.doubleTalkRatio = 0
            return measures
        }
        let cut = ratios.bin(ofPower: pow(10, (modeDB - doubleTalkMarginDB) / 10))
        var far = 0.0, echo = 0.0, mic = 0.0, aec = 0.0, doubleTalk = 0
        for b in ratios.counts.indices {
            if b < cut {
                doubleTalk += ratios.counts[b]
            } else {
                far += farSums[b]
                echo += echoSums[b]
                mic += micSums[b]
                aec += aecSums[b]
            }
        }
        measures.doubleTalkRatio = Double(doubleTalk) / Double(farActiveFrames)
        if far > 0 && echo > 0 { measures.erlDB = 10 * log10(far / echo) }
        if hasAECOutput && mic > 0 && aec > 0 { measures.erleDB = 10 * log10(mic / aec) }
        return measures
    }
}
