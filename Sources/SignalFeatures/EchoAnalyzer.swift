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
    public var farActiveFrames: Int

    public init(delayMs: Double? = nil, delaySignificance: Double? = nil, erlDB: Double? = nil,
                doubleTalkRatio: Double? = nil, coherence: Double? = nil, erleDB: Double? = nil,
                farActiveFrames: Int = 0) {
        self.delayMs = delayMs
        self.delaySignificance = delaySignificance
        self.erlDB = erlDB
        self.doubleTalkRatio = doubleTalkRatio
        self.coherence = coherence
        self.erleDB = erleDB
        self.farActiveFrames = farActiveFrames
    }
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
public final class EchoAnalyzer {
    /// How far below the single-talk ERL a frame's ratio must fall to count
    /// as double talk, dB.
    public var doubleTalkMarginDB: Double
    private let noisePower: Double
    private let farActiveLevel: Double
    private let coherenceBins: Range<Int>
    private var ratios = LevelHistogram(floorDB: -80, ceilingDB: 100, resolutionDB: 0.25)
    private var farSums: [Double]
    private var echoSums: [Double]
    private var micSums: [Double]
    private var aecSums: [Double]
    /// Far-end-active frames so far.
    public private(set) var farActiveFrames = 0
    /// Far-end-active frames whose spectra (both tracks') went into the
    /// coherence: all of them, or the ones `EvidenceThinning` keeps.
    public private(set) var coherenceFrames = 0
    /// Cells where the undelayed far-end is active, and those where the
    /// mic VAD also heard speech.
    private var ownTimelineActive = 0
    private var ownTimelineDoubleTalk = 0
    /// Per-bin Σ X·conj(Y), Σ|X|², Σ|Y|²: raw buffers made once, since
    /// a class's array properties pay an exclusivity check per element.
    private let sxyRe, sxyIm, sxx, syy: UnsafeMutableBufferPointer<Double>

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
        let m = fftSize / 2 + 1
        sxyRe = .allocate(capacity: m)
        sxyIm = .allocate(capacity: m)
        sxx = .allocate(capacity: m)
        syy = .allocate(capacity: m)
        for buffer in [sxyRe, sxyIm, sxx, syy] { buffer.initialize(repeating: 0) }
    }

    deinit {
        for buffer in [sxyRe, sxyIm, sxx, syy] { buffer.deallocate() }
    }

    /// Adds one frame: mic and aligned far-end levels and bins, the AEC
    /// output's level when there is one, and the mic VAD's raw decision.
    public func add(micLevel: Double, micBins: UnsafeBufferPointer<(Float, Float)>,
                    farLevel: Double, farBins: UnsafeBufferPointer<(Float, Float)>,
                    aecLevel: Double?, micActive: Bool) {
        guard farLevel >= farActiveLevel else { return }
        farActiveFrames += 1
        if !farBins.isEmpty && !micBins.isEmpty {
            coherenceFrames += 1
            accumulateSpectra(micBins, farBins)
        }
        guard micActive else { return }
        let echo = micLevel - noisePower
        let ratio = farLevel / max(echo, 1e-30)
        let b = ratios.bin(ofPower: ratio)
        ratios.add(power: ratio)
        farSums[b] += farLevel
        echoSums[b] += echo
        micSums[b] += micLevel
        aecSums[b] += aecLevel ?? 0
    }

    /// Adds `X·conj(Y)`, `|X|²` and `|Y|²` of the coherence band, 4 bins at
    /// a time in double lanes.
    private func accumulateSpectra(_ micBins: UnsafeBufferPointer<(Float, Float)>, _ farBins: UnsafeBufferPointer<(Float, Float)>) {
        typealias Quad = SIMD4<Double>
        let m = UnsafeRawPointer(micBins.baseAddress!), f = UnsafeRawPointer(farBins.baseAddress!)
        @inline(__always) func add(_ value: Quad, to sums: UnsafeMutableBufferPointer<Double>, at k: Int) {
            let p = UnsafeMutableRawPointer(sums.baseAddress! + k)
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
            sxyRe[k] += xr * yr + xi * yi
            sxyIm[k] += xi * yr - xr * yi
            sxx[k] += xr * xr + xi * xi
            syy[k] += yr * yr + yi * yi
            k += 1
        }
    }

    /// Mean magnitude-squared coherence of mic and far-end over the
    /// far-end-active frames, nil before any.
    public var coherence: Double? {
        var sum = 0.0, count = 0
        for k in coherenceBins where sxx[k] > 0 && syy[k] > 0 {
            let cross = sxyRe[k] * sxyRe[k] + sxyIm[k] * sxyIm[k]
            sum += min(1, cross / (sxx[k] * syy[k]))
            count += 1
        }
        return count > 0 ? sum / Double(count) : nil
    }

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
        measures.coherence = coherence
        guard echoDetected else {
            measures.doubleTalkRatio = ownTimelineActive > 0 ? Double(ownTimelineDoubleTalk) / Double(ownTimelineActive) : nil
            return measures
        }
        guard let modeDB = ratios.noiseMode(upTo: 1.0, smoothingDB: 1.5, preferLowest: false) else {
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
