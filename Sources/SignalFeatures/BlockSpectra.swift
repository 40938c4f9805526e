import Foundation

/// The mic's frames as `FrameStream` frames them — level, power spectrum
/// and (optionally) bins — for one block at a time, computed in slices
/// that may run on two threads and then read in order.
///
/// The FFTs are most of the analysis' work and need nothing from each
/// other, so a block's frames are split between the cores while the
/// noise estimator (pass 1) and the VAD (pass 2) still see them one by one
/// in time order: every number is the same as with one thread. Pass 1
/// wants only the frames wholly inside the audio, pass 2 every frame from
/// the one that opens with the lead-in zeros. Memory is fixed by the
/// block size.
final class BlockSpectra {
    let frameLength: Int
    let hop: Int
    let binCount: Int
    private let fftSize: Int
    private let windowEnergy: Double
    private let window: UnsafeMutableBufferPointer<Float>
    private let fft: RealFFT
    /// One set of FFT buffers per slice (thread).
    private let buffers: [FFTBuffers]
    /// Samples from the next frame's start on.
    private var history: UnsafeMutableBufferPointer<Float>
    private var held = 0
    /// Samples still to drop before the first interior frame starts.
    private var toSkip: Int
    /// The current block's frames: level and `binCount` powers each.
    private var levels: UnsafeMutableBufferPointer<Double>
    private var powers: UnsafeMutableBufferPointer<Float>
    private var bins: UnsafeMutableBufferPointer<(Float, Float)>
    private let keepsBins: Bool
    /// Frames consumed before the current block's first.
    private(set) var firstIndex = 0
    /// Frames in the current block.
    private(set) var frameCount = 0

    /// - Parameters:
    ///   - stft: the frame geometry and window (its state is not used).
    ///   - leadIn: zeros the frame grid starts with (`FrameStream.leadIn`).
    ///   - interiorOnly: skip the frames that reach into the lead-in (pass
    ///     1); otherwise frame 0 is `FrameStream`'s frame 0.
    ///   - keepsBins: keep each frame's complex bins too.
    init(stft: STFT, leadIn: Int, interiorOnly: Bool = true, keepsBins: Bool = false) {
        frameLength = stft.frameLength
        hop = stft.hop
        fftSize = stft.fftSize
        binCount = stft.fftSize / 2 + 1
        windowEnergy = stft.window.reduce(0) { $0 + Double($1 * $1) }
        window = .allocate(capacity: frameLength)
        _ = window.initialize(from: stft.window)
        fft = RealFFT.shared(size: stft.fftSize)
        buffers = [FFTBuffers(size: stft.fftSize), FFTBuffers(size: stft.fftSize)]
        // The first frame starting at or after sample 0 of the real audio.
        let firstFrame = (leadIn + stft.hop - 1) / stft.hop
        toSkip = interiorOnly ? firstFrame * stft.hop - leadIn : 0
        self.keepsBins = keepsBins
        // Sized for the usual 16,384-sample blocks; `load` grows them.
        history = .allocate(capacity: frameLength + 16_384)
        levels = .allocate(capacity: 16_384 / hop + 1)
        powers = .allocate(capacity: (16_384 / hop + 1) * binCount)
        bins = .allocate(capacity: keepsBins ? (16_384 / hop + 1) * binCount : 0)
        if !interiorOnly {
            history.initialize(repeating: 0)
            held = leadIn
        }
    }

    deinit {
        window.deallocate()
        history.deallocate()
        levels.deallocate()
        powers.deallocate()
        bins.deallocate()
    }

    /// Appends a block and lays out the frames it completes; `sample(k)`
    /// gives sample `k` (non-finite ones already read as 0), called once
    /// per sample in order.
    func load(count: Int, sample: (Int) -> Float) {
        let skipped = min(toSkip, count)
        toSkip -= skipped
        let needed = held + count - skipped
        if needed > history.count {
            let grown = UnsafeMutableBufferPointer<Float>.allocate(capacity: needed)
            if held > 0 { grown.baseAddress!.update(from: history.baseAddress!, count: held) }
            history.deallocate()
            history = grown
        }
        // Samples before the first frame are still read: `sample` may
        // count them (clipping, non-finite values).
        for k in 0..<skipped { _ = sample(k) }
        let base = history.baseAddress! + held - skipped
        for k in skipped..<count { base[k] = sample(k) }
        held = needed
        frameCount = held >= frameLength ? (held - frameLength) / hop + 1 : 0
        if frameCount > levels.count {
            levels.deallocate()
            powers.deallocate()
            bins.deallocate()
            levels = .allocate(capacity: frameCount)
            powers = .allocate(capacity: frameCount * binCount)
            bins = .allocate(capacity: keepsBins ? frameCount * binCount : 0)
        }
    }

    /// Windows, transforms and measures frames `range` of the block with
    /// buffer set `slot` (0 or 1: one per thread).
    func compute(_ range: Range<Int>, slot: Int) {
        let input = buffers[slot].input
        let window = window
        for j in range {
            let frame = history.baseAddress! + j * hop
            // The same arithmetic, in the same order, as `STFT.emit`.
            var energy = 0.0
            for k in 0..<frameLength {
                let v = frame[k] * window[k]
                input[k] = v
                energy += Double(v) * Double(v)
            }
            for k in frameLength..<fftSize { input[k] = 0 }
            fft.forward(buffers[slot])
            let bins = buffers[slot].bins
            let p = powers.baseAddress! + j * binCount
            for k in 0..<binCount { p[k] = bins[k].0 * bins[k].0 + bins[k].1 * bins[k].1 }
            if keepsBins { (self.bins.baseAddress! + j * binCount).update(from: bins.baseAddress!, count: binCount) }
            levels[j] = energy / windowEnergy
        }
    }

    /// Level of the block's frame `j`.
    func level(_ j: Int) -> Double { levels[j] }

    /// Power spectrum of the block's frame `j`.
    func power(_ j: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: powers.baseAddress! + j * binCount, count: binCount)
    }

    /// Bins of the block's frame `j` (with `keepsBins`).
    func bins(_ j: Int) -> UnsafeBufferPointer<(Float, Float)> {
        UnsafeBufferPointer(start: bins.baseAddress! + j * binCount, count: binCount)
    }

    /// Hands the block's frames to `body` in time order, then drops the
    /// samples no later frame needs.
    func consume(_ body: (Double, UnsafeBufferPointer<Float>) -> Void) {
        for j in 0..<frameCount { body(levels[j], power(j)) }
        let used = frameCount * hop
        if used > 0 {
            held -= used
            history.baseAddress!.update(from: history.baseAddress! + used, count: held)
        }
        firstIndex += frameCount
        frameCount = 0
    }
}
