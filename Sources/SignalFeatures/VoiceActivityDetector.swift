import FourierTransforms
import Foundation

/// A frame-by-frame speech/non-speech decision against a known noise
/// spectrum: the statistical-model detector of Sohn, Kim & Sung (1999).
///
/// Each bin's likelihood ratio between "speech + noise" and "noise" under
/// Gaussian models, with the a-priori SNR tracked decision-directed
/// (Ephraim–Malah), is averaged over the speech band; the frame is speech
/// when the mean log-ratio exceeds `threshold`. Because every bin is judged
/// against its own noise power, coloured noise (pink, brown) and mains hum
/// (a few loud, steady bins) do not read as speech.
public final class VoiceActivityDetector {
    /// Mean log-likelihood ratio above which a frame is speech.
    public var threshold: Double
    public let noise: NoiseFloor
    private let bandBins: Range<Int>
    /// `1/λ[k]` for the band's bins, from its first.
    private let inverseNoise: UnsafeMutableBufferPointer<Float>
    /// The decision-directed memory: last frame's clean-to-noise ratio per band bin.
    private let previousCleanRatio: UnsafeMutableBufferPointer<Float>
    private let smoothing: Float = 0.98
    /// How much louder than `noise` the noise stands now (linear power).
    public var noiseGain: Float = 1

    /// - Parameters:
    ///   - noise: the recording's noise floor (`NoiseFloorEstimator`).
    ///   - sampleRate, fftSize: the analysis the frames come from.
    ///   - band: the speech band judged, in Hz (clipped to Nyquist).
    public init(noise: NoiseFloor, sampleRate: Int, fftSize: Int,
                band: ClosedRange<Double> = 100...7_000, threshold: Double = 0.25) {
        self.noise = noise
        self.threshold = threshold
        let hzPerBin = Double(sampleRate) / Double(fftSize)
        let nyquistBin = fftSize / 2
        let low = max(1, Int((band.lowerBound / hzPerBin).rounded(.up)))
        let high = min(nyquistBin - 1, Int((min(band.upperBound, 0.47 * Double(sampleRate)) / hzPerBin).rounded(.down)))
        bandBins = low..<max(low + 1, high + 1)
        inverseNoise = .allocate(capacity: bandBins.count)
        for (i, k) in bandBins.enumerated() { inverseNoise[i] = 1 / noise.spectrum[k] }
        previousCleanRatio = .allocate(capacity: bandBins.count)
        previousCleanRatio.initialize(repeating: 0)
    }

    /// A detector in this one's state (its decision-directed memory), to go on beside it.
    public func copy() -> VoiceActivityDetector { VoiceActivityDetector(copying: self) }

    private init(copying other: VoiceActivityDetector) {
        (noise, threshold, bandBins, noiseGain) = (other.noise, other.threshold, other.bandBins, other.noiseGain)
        inverseNoise = .allocate(capacity: bandBins.count)
        _ = inverseNoise.initialize(from: other.inverseNoise)
        previousCleanRatio = .allocate(capacity: bandBins.count)
        _ = previousCleanRatio.initialize(from: other.previousCleanRatio)
    }

    deinit {
        inverseNoise.deallocate()
        previousCleanRatio.deallocate()
    }

    /// The mean log-likelihood ratio of a frame's `|X[k]|²` (≥ 0 favours speech):
    /// `mean over the band of γ·ξ/(1+ξ) − log(1+ξ)`, with `γ = |X|²/(g·λ)` (capped
    /// at 10⁶, `g` the `noiseGain`) and `ξ` the decision-directed a-priori SNR.
    public func logLikelihoodRatio(_ power: UnsafeBufferPointer<Float>) -> Double {
        typealias Lanes = FrameKernels.Lanes
        let count = bandBins.count
        let x = power.baseAddress! + bandBins.lowerBound
        let inverse = UnsafePointer(inverseNoise.baseAddress!), prev = previousCleanRatio.baseAddress!
        let a = smoothing, b = 1 - smoothing, g = 1 / noiseGain
        var terms = Lanes()
        // Σ log(1 + ξ) as the log of products: eight logs at once every
        // `logGroup` chunks instead of one per bin. Each factor is ≤ 1 + 10⁶
        // (γ is capped, so ξ is), so a lane's product stays below 10⁹⁷.
        var logs = SIMD8<Double>()
        var product = SIMD8<Double>(repeating: 1)
        var grouped = 0
        var k = 0
        while k + 8 <= count {
            var gamma = FrameKernels.load(x + k) * FrameKernels.load(inverse + k) * g
            gamma.replace(with: 1e6, where: gamma .> 1e6)
            var rise = gamma - 1
            rise.replace(with: 0, where: rise .< 0)
            var xi = a * FrameKernels.load(prev + k) + b * rise
            xi.replace(with: 1e-3, where: xi .< 1e-3)
            // Wiener gain ξ/(1+ξ); gain²·γ is this frame's clean-to-noise
            // estimate, the memory for the next frame.
            let gain = xi / (1 + xi)
            terms += gamma * gain
            FrameKernels.store(gain * gain * gamma, prev + k)
            product *= SIMD8<Double>(1 + xi)
            grouped += 1
            if grouped == Self.logGroup {
                logs += FrameKernels.log(product)
                product = SIMD8(repeating: 1)
                grouped = 0
            }
            k += 8
        }
        var sum = Double(terms.sum())
        while k < count {
            let gamma = min(x[k] * inverse[k] * g, 1e6)
            let xi = max(a * prev[k] + b * max(gamma - 1, 0), 1e-3)
            let gain = xi / (1 + xi)
            sum += Double(gamma * gain)
            prev[k] = gain * gain * gamma
            product[0] *= Double(1 + xi)
            k += 1
        }
        logs += FrameKernels.log(product)
        return (sum - logs.sum()) / Double(count)
    }

    /// Chunks of 8 bins whose `1 + ξ` are multiplied before one log per lane.
    static let logGroup = 16
}

/// Turns raw 10 ms speech decisions into speech segments: short blips are
/// dropped; each segment starts `preRollFrames` before its first speech
/// frame and ends `hangoverFrames` after its last, so that quiet onsets and
/// word-final consonants the decisions missed stay inside; and a segment
/// that would begin no more than `bridgeFrames` after the previous one
/// ends continues it instead (a short pause is not a turn boundary).
///
/// Segments are only final once the recording ends or the next one opens,
/// so back-dating a start needs no frames kept.
public struct SpeechSegmenter: Sendable {
    /// Frames a segment is extended past its last speech frame.
    public var hangoverFrames: Int
    /// Shortest run of speech frames that opens a segment.
    public var minimumOnsetFrames: Int
    /// Frames a segment starts before its first speech frame.
    public var preRollFrames: Int
    /// Longest gap between two segments (as extended) that is bridged.
    public var bridgeFrames: Int
    /// Segments `[startFrame, endFrame)` so far.
    public private(set) var segments: [Range<Int>] = []
    /// Each segment's loudest speech frame, as pushed.
    public private(set) var peaks: [Double] = []
    /// Each segment's Σ level over all its frames.
    public private(set) var energies: [Double] = []
    private var run = 0
    private var runStart = 0
    private var open: Range<Int>? = nil
    private var openPeak = 0.0, runPeak = 0.0
    private var frame = 0
    /// Σ level of the frames pushed, before the open segment and before its end; the last levels (for a back-dated start).
    private var pushedEnergy = 0.0, energyBeforeOpen = 0.0, energyBeforeOpenEnd = 0.0
    private var recentLevels = [Double](repeating: 0, count: 64)

    public init(hangoverFrames: Int = 8, minimumOnsetFrames: Int = 3, preRollFrames: Int = 0, bridgeFrames: Int = 0) {
        self.hangoverFrames = hangoverFrames
        self.minimumOnsetFrames = minimumOnsetFrames
        self.preRollFrames = preRollFrames
        self.bridgeFrames = bridgeFrames
    }

    /// Feeds the next frame's raw decision and its level.
    public mutating func push(_ speech: Bool, level: Double = 0) {
        recentLevels[frame % recentLevels.count] = level
        pushedEnergy += level
        defer { if open?.upperBound == frame + 1 { energyBeforeOpenEnd = pushedEnergy }; frame += 1 }
        if speech {
            if run == 0 { runStart = frame; runPeak = level } else { runPeak = max(runPeak, level) }
            run += 1
            if let current = open, runStart - preRollFrames <= current.upperBound + bridgeFrames {
                open = current.lowerBound..<(frame + 1 + hangoverFrames)
                openPeak = max(openPeak, runPeak)
            } else if run >= minimumOnsetFrames {
                var start = max(runStart - preRollFrames, 0)
                if let current = open {
                    close(current, energyBeforeEnd: energyBeforeOpenEnd)
                    start = max(start, current.upperBound)
                }
                precondition(frame - start < recentLevels.count, "a start back-dated past the levels kept")
                energyBeforeOpen = pushedEnergy - (start...frame).reduce(0) { $0 + recentLevels[$1 % recentLevels.count] }
                open = start..<(frame + 1 + hangoverFrames)
                openPeak = runPeak
            }
        } else {
            run = 0
        }
    }

    /// Closes the last segment at `totalFrames`.
    public mutating func finish(totalFrames: Int) {
        if let current = open {
            let end = min(current.upperBound, totalFrames)
            close(current.lowerBound..<end, energyBeforeEnd: end >= frame ? pushedEnergy : energyBeforeOpenEnd)
        }
        open = nil
    }

    private mutating func close(_ segment: Range<Int>, energyBeforeEnd: Double) {
        guard !segment.isEmpty else { return }
        segments.append(segment)
        peaks.append(openPeak)
        energies.append(energyBeforeEnd - energyBeforeOpen)
    }
}

/// Centres a moving average on each frame's log-likelihood ratio, so a
/// run of weakly speech-like frames — a syllable buried in noise — is
/// recognized even when no single frame is convincing. Frames come out
/// `radius` frames late; the ring is fixed-size.
public struct LikelihoodSmoother: Sendable {
    /// One frame, smoothed.
    public struct Frame: Sendable, Equatable {
        /// The frame's own log-likelihood ratio, uncapped.
        public var ratio: Double
        /// The capped ratios' mean over the frames within `radius`.
        public var mean: Double
        /// The frame's power (mean square), as pushed.
        public var level: Double
    }

    public let radius: Int
    private var ratios: [Double]
    private var levels: [Double]
    private var raw: [Double]
    private var pushed = 0
    private var emitted = 0

    /// Largest ratio a frame contributes to the average.
    public let cap: Double

    public init(radius: Int, cap: Double = .infinity) {
        self.radius = radius
        self.cap = cap
        ratios = [Double](repeating: 0, count: 2 * radius + 1)
        levels = ratios
        raw = ratios
    }

    /// Feeds frame `t`; returns frame `t − radius` once its right-hand
    /// context is in.
    public mutating func push(ratio: Double, level: Double) -> Frame? {
        // Capped, so one loud neighbour cannot carry quiet frames over the
        // averaged threshold by itself: onsets do not leak backwards.
        ratios[pushed % ratios.count] = min(ratio, cap)
        levels[pushed % levels.count] = level
        raw[pushed % raw.count] = ratio
        pushed += 1
        return pushed > radius ? emit() : nil
    }

    /// At the end: the next frame still waiting, its window cut at the
    /// last frame; nil when none is left.
    public mutating func flush() -> Frame? {
        emitted < pushed ? emit() : nil
    }

    private mutating func emit() -> Frame {
        let centre = emitted
        let low = max(0, centre - radius), high = min(pushed - 1, centre + radius)
        var sum = 0.0
        for t in low...high { sum += ratios[t % ratios.count] }
        emitted += 1
        return Frame(ratio: raw[centre % raw.count], mean: sum / Double(high - low + 1), level: levels[centre % levels.count])
    }
}
