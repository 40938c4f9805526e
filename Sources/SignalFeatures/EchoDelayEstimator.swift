import FourierTransforms
import Foundation

/// Finds the echo path delay between a far-end (playback) track and the
/// microphone by GCC-PHAT on FFTW: the phase-transform-weighted
/// cross-correlation, accumulated over the whole recording.
///
/// The far-end is cut into blocks of `maxLag` samples; each block is
/// correlated with the `2·maxLag` mic samples that start with it, zero-padded
/// to an FFT of at least `2·maxLag` so that lags `0…maxLag` never wrap. The
/// block cross-spectra are summed, whitened (PHAT: divided by their
/// magnitude, so the peak is sharp whatever the speech's colour), and
/// transformed back once at the end. Memory is fixed by `maxLag`.
///
/// A long recording does not need every block: the first `fullBlocks` are
/// all correlated, then every 2nd block up to twice that, every 4th up to
/// four times, and so on — each doubling of the recording adds
/// `fullBlocks / 2` blocks of evidence, so an hour costs about 12 % of
/// its blocks' FFTs (two 32,768-point FFTs each at 16 kHz) and a fixture
/// of a few minutes is analysed whole.
public final class EchoDelayEstimator {
    public let sampleRate: Int
    /// Largest lag searched, samples (mic lagging far-end).
    public let maxLag: Int
    private let block: Int
    private let fftSize: Int
    private let forward: RealFFT
    private let micBuffers: FFTBuffers
    private let farBuffers: FFTBuffers
    // Raw buffers made once: element access on array properties of a
    // class pays an exclusivity check and a uniqueness check per sample,
    // which was a third of the whole analysis' time.
    /// `block + maxLag` samples of each track.
    private let mic: UnsafeMutableBufferPointer<Float>
    private let far: UnsafeMutableBufferPointer<Float>
    private var filled = 0
    /// Σ X·conj(Y) and Σ |Y|² per bin, `fftSize / 2 + 1` each.
    private let crossRe: UnsafeMutableBufferPointer<Double>
    private let crossIm: UnsafeMutableBufferPointer<Double>
    private let farPower: UnsafeMutableBufferPointer<Double>
    /// Blocks correlated, and blocks seen (correlated or skipped).
    public private(set) var blocks = 0
    private var blocksSeen = 0
    /// Blocks correlated before the stride starts doubling.
    public let fullBlocks: Int

    /// - Parameters:
    ///   - maxDelayMs: the search range, 0…`maxDelayMs` (default 1000 ms).
    ///   - fullBlocks: blocks correlated before thinning out (default 128,
    ///     about two minutes with the default range).
    public init(sampleRate: Int, maxDelayMs: Double = 1_000, fullBlocks: Int = 32) {
        self.sampleRate = sampleRate
        self.fullBlocks = max(1, fullBlocks)
        maxLag = max(1, Int((Double(sampleRate) * maxDelayMs / 1_000).rounded()))
        block = maxLag
        fftSize = RealFFT.size(atLeast: 2 * maxLag + 2)
        forward = RealFFT.shared(size: fftSize)
        micBuffers = FFTBuffers(size: fftSize)
        farBuffers = FFTBuffers(size: fftSize)
        mic = .allocate(capacity: block + maxLag)
        far = .allocate(capacity: block + maxLag)
        mic.initialize(repeating: 0)
        far.initialize(repeating: 0)
        crossRe = .allocate(capacity: fftSize / 2 + 1)
        crossIm = .allocate(capacity: fftSize / 2 + 1)
        farPower = .allocate(capacity: fftSize / 2 + 1)
        for buffer in [crossRe, crossIm, farPower] { buffer.initialize(repeating: 0) }
    }

    deinit {
        for buffer in [mic, far] { buffer.deallocate() }
        for buffer in [crossRe, crossIm, farPower] { buffer.deallocate() }
    }

    /// Feeds time-aligned mic and far-end samples (same count, finite:
    /// `FeatureAnalysis` reads NaN and infinity as 0 before they get here).
    public func push(mic micSamples: UnsafeBufferPointer<Float>, far farSamples: UnsafeBufferPointer<Float>) {
        precondition(micSamples.count == farSamples.count, "mic and far-end blocks must be the same length")
        let mic = mic, far = far
        var offset = 0
        while offset < micSamples.count {
            let take = min(mic.count - filled, micSamples.count - offset)
            let start = filled
            // Samples read by this block and, kept below, by the next:
            // copied only when one of the two is correlated (an hour
            // correlates about 12 % of its blocks; copying every sample was
            // 3 % of its CPU).
            if keeps(blocksSeen) || keeps(blocksSeen + 1) {
                (mic.baseAddress! + start).update(from: micSamples.baseAddress! + offset, count: take)
                (far.baseAddress! + start).update(from: farSamples.baseAddress! + offset, count: take)
            }
            filled += take
            offset += take
            if filled == mic.count {
                if keeps(blocksSeen) { correlateBlock(farCount: block) }
                blocksSeen += 1
                // Keep the last `maxLag` samples: they open the next block.
                if keeps(blocksSeen) {
                    mic.baseAddress!.update(from: mic.baseAddress! + block, count: maxLag)
                    far.baseAddress!.update(from: far.baseAddress! + block, count: maxLag)
                }
                filled = maxLag
            }
        }
    }

    /// Whether block `index` is correlated.
    private func keeps(_ index: Int) -> Bool { EvidenceThinning.keeps(index, full: fullBlocks) }

    private func correlateBlock(farCount: Int) {
        let micCount = min(filled, mic.count)
        let micInput = micBuffers.input, farInput = farBuffers.input
        micInput.update(from: mic.baseAddress!, count: micCount)
        (micInput + micCount).update(repeating: 0, count: fftSize - micCount)
        farInput.update(from: far.baseAddress!, count: farCount)
        (farInput + farCount).update(repeating: 0, count: fftSize - farCount)
        // Each block's cross-spectrum counts over the mic's RMS in it: a
        // block where a near talker drowns the echo (double talk) then
        // weighs less, by the talker's amplitude over the echo's, instead
        // of more — summed raw, 40 % of double talk 20–30 dB over the echo
        // moved the peak to a random lag. Over the mic's power instead,
        // near-silent blocks weighed as much as the loud ones, and their
        // noise above the speech band let a reflection 2–6 ms late win at
        // 48 kHz (3 of the 60 cases of Scripts/eval-features).
        let micEnergy = FrameKernels.energy(mic.baseAddress!, count: micCount)
        let weight = micEnergy > 0 ? (Double(micCount) / micEnergy).squareRoot() : 0
        forward.forward(micBuffers)
        forward.forward(farBuffers)
        let x = micBuffers.bins, y = farBuffers.bins
        let crossRe = crossRe, crossIm = crossIm, farPower = farPower
        for k in 0..<crossRe.count {
            // X·conj(Y): its inverse is r[τ] = Σ x[n+τ]·y[n].
            let (xr, xi) = (Double(x[k].0), Double(x[k].1))
            let (yr, yi) = (Double(y[k].0), Double(y[k].1))
            crossRe[k] += weight * (xr * yr + xi * yi)
            crossIm[k] += weight * (xi * yr - xr * yi)
            farPower[k] += yr * yr + yi * yi
        }
        blocks += 1
    }

    /// Correlates what is left: after a full block the buffer holds the
    /// far-end samples of the next block, not yet correlated. The partial
    /// last block follows the same stride as the others, unless no block
    /// was correlated yet.
    private func flush() {
        guard filled > 0 else { return }
        if blocks == 0 || keeps(blocksSeen) {
            correlateBlock(farCount: min(filled, block))
        }
        filled = 0
    }

    /// How far before the correlation's peak the direct path is looked for.
    public static let directPathWindowMs = 10.0
    /// Least height of the direct path's peak, as a share of the largest.
    public static let directPathShare = 0.5

    /// The GCC-PHAT result: delay in samples and the peak's significance
    /// (peak over the correlation's noise level, `robustScale`), or nil
    /// when the cross-spectrum is empty (silent far-end or mic). The peak
    /// is the argmax whether or not an echo is there (`EchoDetection`
    /// judges that), or the direct path just before it.
    public func estimate() -> (lag: Int, significance: Double)? {
        flush()
        let bins = crossRe.count
        let buffers = FFTBuffers(size: fftSize)
        // PHAT gives every bin the same weight, so bins the far-end never
        // excites (above a resampled voice's band) would add only noise —
        // enough to move the peak at 48 kHz with double talk. Bins from
        // 100 Hz up take part when they carry far-end power within 50 dB of
        // the mean over the speech core (100 Hz–4 kHz). The whole band is
        // kept otherwise: the sharpest peak separates the direct path from
        // reflections a few ms later.
        let hzPerBin = Double(sampleRate) / Double(fftSize)
        let low = max(1, Int(100 / hzPerBin))
        let core = low..<max(low + 1, min(bins, Int(min(4_000, 0.45 * Double(sampleRate)) / hzPerBin) + 1))
        let coreMean = core.reduce(0.0) { $0 + farPower[$1] } / Double(core.count)
        let excited = coreMean * 1e-5
        let band = low..<bins
        var energy = 0.0
        for k in 0..<bins {
            let magnitude = (crossRe[k] * crossRe[k] + crossIm[k] * crossIm[k]).squareRoot()
            if band.contains(k) && farPower[k] > excited && magnitude > 0 {
                energy += magnitude
                buffers.spectrum[k] = (Float(crossRe[k] / magnitude), Float(crossIm[k] / magnitude))
            } else {
                buffers.spectrum[k] = (0, 0)
            }
        }
        guard energy > 0, energy.isFinite else { return nil }
        RealInverseFFT.shared(size: fftSize).inverse(buffers)
        var best = 0
        var magnitudes = [Double](repeating: 0, count: maxLag + 1)
        for lag in 0...maxLag {
            let v = Double(buffers.input[lag])
            magnitudes[lag] = abs(v)
            if v > Double(buffers.input[best]) { best = lag }
        }
        var peak = Double(buffers.input[best])
        let scale = Self.robustScale(&magnitudes)
        guard scale > 0, peak > 0 else { return nil }
        // The direct path comes first: a reflection of the room 3–9 ms
        // later can outgrow it once noise fills the band above the speech
        // (48 kHz: 2 of 50 echo cases and 7 of 10 buried ones of the
        // widened tuning part, 4 of 24 buried ones of the espeak set). The
        // earliest local maximum within `directPathWindowMs` before the
        // peak that is at least `directPathShare` of it, and significant
        // itself, is the path.
        let window = Int((Self.directPathWindowMs * Double(sampleRate) / 1_000).rounded())
        for lag in stride(from: max(1, best - window), to: best, by: 1) {
            let v = Double(buffers.input[lag])
            if v >= Self.directPathShare * peak && v / scale >= EchoDetection.minimumSignificance
                && v >= Double(buffers.input[lag - 1]) && v >= Double(buffers.input[lag + 1]) {
                best = lag
                peak = v
                break
            }
        }
        return (best, peak / scale)
    }

    /// The correlation's noise standard deviation from the median of its
    /// magnitudes (`median|c| = 0.6745·σ` for a Gaussian): the echo peak,
    /// its reflections and its side lobes are a few lags among thousands
    /// and leave the median alone, where they would inflate an RMS.
    static func robustScale(_ magnitudes: inout [Double]) -> Double {
        guard !magnitudes.isEmpty else { return 0 }
        let middle = magnitudes.count / 2
        magnitudes.withUnsafeMutableBufferPointer { m in
            // Partial sort: only the median's position matters.
            var low = 0, high = m.count - 1
            while low < high {
                let pivot = m[(low + high) / 2]
                var i = low, j = high
                while i <= j {
                    while m[i] < pivot { i += 1 }
                    while m[j] > pivot { j -= 1 }
                    if i <= j { m.swapAt(i, j); i += 1; j -= 1 }
                }
                if middle <= j { high = j } else if middle >= i { low = i } else { break }
            }
        }
        return magnitudes[middle] / 0.6745
    }
}

/// Which pieces of a long recording's evidence a statistic that converges
/// (a correlation, a coherence) takes: all of the first `full`, then every
/// 2nd up to twice that, every 4th up to four times, and so on — each
/// doubling of the recording adds `full / 2` pieces, so an hour costs a
/// small fraction of its pieces and a fixture of a few minutes is taken
/// whole.
enum EvidenceThinning {
    /// Whether piece `index` (0-based) is kept.
    static func keeps(_ index: Int, full: Int) -> Bool {
        guard index >= full else { return true }
        var stride = 2
        var limit = 2 * full
        while index >= limit { stride *= 2; limit *= 2 }
        return index % stride == 0
    }
}
