import FourierTransforms
import Foundation

/// Finds the stretches of a recording that sound like its noise, louder
/// or not: over the last 310 ms every band's level held as still as a
/// stationary noise holds it, and the bands stood in the noise's own
/// spectral shape (each within `shapeToleranceDB` of their mean offset
/// from the noise floor's spectrum). Speech never holds still (four or
/// five syllables a second move every band by many dB); a fan that
/// stepped louder a moment ago and stays there does. A steady tone or
/// whistle holds still but not in the noise's shape; a steady burst more
/// than `maximumRiseDB` over the noise floor is no longer its background
/// (a test signal's white-noise "words" 22 dB over a white floor).
///
/// The bands split 100 Hz to min(7 kHz, 0.45·rate) evenly on a log scale
/// into up to `bandCount` bands of at least `minimumBins` bins. A band of
/// `m` bins of a Gaussian noise has a power that is a sum of `m/1.5`
/// independent exponential draws (a Hann window's bins overlap by its
/// 1.5-bin noise bandwidth), whose level in dB has a standard deviation of
/// `4.34 / √(m/1.5)`; a frame is steady when over the window every band's
/// level deviation is within `tolerance` times that. Constant memory.
public struct SteadyNoiseDetector: Sendable {
    /// The stretch judged, in 10 ms frames: longer than a syllable.
    public static let windowFrames = 31
    /// At most 8: one SIMD lane each.
    public static let bandCount = 8
    public static let minimumBins = 4
    /// How many times a stationary noise's level deviation a band may show.
    public static let tolerance = 2.0
    /// How far a band may stand from the noise's shape, dB.
    public static let shapeToleranceDB = 3.0
    /// How much louder than the noise floor a steady stretch may be, dB.
    public static let maximumRiseDB = 15.0
    /// `[first, end)` bins of each band.
    private let bands: [Range<Int>]
    /// The largest standard deviation of each band's level (dB) a steady
    /// noise shows.
    private let limits: [Double]
    /// The noise floor's level in each band, dB.
    private let noiseLevels: [Double]
    /// The last `windowFrames` frames' band levels, frame-major.
    private var levels: [Double]
    /// Σ level and Σ level² of each band over the window, kept running.
    private var sums: [Double]
    private var squares: [Double]
    /// Each band's mean level over the window less the noise floor's, dB.
    private var offsets: [Double]
    private var pushed = 0

    public init(noise: NoiseFloor, sampleRate: Int, fftSize: Int) {
        let hzPerBin = Double(sampleRate) / Double(fftSize)
        let low = max(1, Int((100 / hzPerBin).rounded(.up)))
        let high = max(low + Self.minimumBins, Int((min(7_000, 0.45 * Double(sampleRate)) / hzPerBin).rounded(.down)))
        let ratio = pow(Double(high) / Double(low), 1 / Double(Self.bandCount))
        var bands: [Range<Int>] = []
        var start = low
        for b in 1...Self.bandCount {
            let edge = b == Self.bandCount ? high : Int((Double(low) * pow(ratio, Double(b))).rounded())
            if edge - start >= Self.minimumBins {
                bands.append(start..<edge)
                start = edge
            }
        }
        if start < high {
            // The last few bins join the band below (or make the only one).
            if let last = bands.popLast() { bands.append(last.lowerBound..<high) } else { bands.append(start..<high) }
        }
        self.bands = bands
        limits = bands.map { Self.tolerance * 10 / log(10) / (Double($0.count) / 1.5).squareRoot() }
        levels = [Double](repeating: 0, count: Self.windowFrames * bands.count)
        offsets = [Double](repeating: 0, count: bands.count)
        sums = offsets
        squares = offsets
        noiseLevels = bands.map { band in 10 * log10(max(band.reduce(0.0) { $0 + Double(noise.spectrum[$1]) }, 1e-30)) }
    }

    /// Feeds the next frame's power spectrum. When it ends a steady stretch
    /// of `windowFrames` frames, returns how far over the noise floor the
    /// stretch stands, dB (0 for the floor itself); nil otherwise.
    public mutating func push(_ power: UnsafeBufferPointer<Float>) -> Double? {
        let slot = (pushed % Self.windowFrames) * bands.count
        let full = pushed >= Self.windowFrames
        // The bands' levels in one vector log: at most 8 bands, one lane each.
        var powers = SIMD8<Double>(repeating: 1)
        for (b, band) in bands.enumerated() { powers[b] = max(Double(Self.sum(power, band)), 1e-30) }
        let bandLevels = FrameKernels.log(powers) * (10 / M_LN10)
        for b in bands.indices {
            let level = bandLevels[b]
            if full {
                let old = levels[slot + b]
                sums[b] -= old
                squares[b] -= old * old
            }
            levels[slot + b] = level
            sums[b] += level
            squares[b] += level * level
        }
        pushed += 1
        guard pushed >= Self.windowFrames else { return nil }
        let n = Double(Self.windowFrames)
        for b in bands.indices {
            let mean = sums[b] / n
            if (max(squares[b] / n - mean * mean, 0)).squareRoot() > limits[b] { return nil }
            offsets[b] = mean - noiseLevels[b]
        }
        let shift = offsets.reduce(0, +) / Double(offsets.count)
        guard shift <= Self.maximumRiseDB else { return nil }
        for offset in offsets where abs(offset - shift) > Self.shapeToleranceDB { return nil }
        return shift
    }

    /// `Σ power[k]` over the band, eight bins at a time.
    private static func sum(_ power: UnsafeBufferPointer<Float>, _ band: Range<Int>) -> Float {
        let base = power.baseAddress!
        var lanes = FrameKernels.Lanes()
        var k = band.lowerBound
        while k + 8 <= band.upperBound {
            lanes += FrameKernels.load(base + k)
            k += 8
        }
        var total = lanes.sum()
        while k < band.upperBound {
            total += base[k]
            k += 1
        }
        return total
    }
}
