import Foundation

/// The analysis grid every track shares: 25 ms periodic-Hann frames every
/// 10 ms, zero-padded to a power-of-two FFT. Frame `i` is centred on the
/// 10 ms cell `[i·hop, (i+1)·hop)`: the grid opens with `leadIn` zeros, so
/// a frame's decision describes its own cell and not the audio 7.5 ms
/// later.
struct FrameGeometry {
    let frameLength: Int
    let hop: Int
    let fftSize: Int
    let leadIn: Int
    let window: [Float]
    /// `Σ w²`: a frame's level is `Σ(w·x)² / Σw²`, its mean square.
    let windowEnergy: Double

    init(sampleRate: Int, frameMs: Double, hopMs: Double) {
        frameLength = max(2, Int((Double(sampleRate) * frameMs / 1000).rounded()))
        hop = max(1, Int((Double(sampleRate) * hopMs / 1000).rounded()))
        fftSize = STFT.nextPowerOfTwo(frameLength)
        leadIn = (frameLength - hop) / 2
        window = STFT.hann(frameLength)
        windowEnergy = window.reduce(0) { $0 + Double($1 * $1) }
    }
}

/// One track's frames, a block of audio at a time: each frame's level,
/// and — for the frames that want it — its power spectrum and bins.
///
/// `load` appends a block and lays out the frames it completes; `compute`
/// measures a slice of them with one of two FFT buffer sets, so the
/// slices can run on two threads; the caller then reads them in order and
/// `consume`s the block. Memory is fixed by the block size (and a delay),
/// never by the recording's length.
final class BlockSpectra {
    let geometry: FrameGeometry
    let binCount: Int
    private let fft: RealFFT
    /// One set of FFT buffers per slice (thread).
    private let buffers: [FFTBuffers]
    private let window: UnsafeMutableBufferPointer<Float>
    /// Samples from the next frame's start on.
    private var history: UnsafeMutableBufferPointer<Float>
    private var held = 0
    /// Samples still to drop before the first interior frame starts.
    private var toSkip: Int
    private let keepsBins: Bool
    /// The current block's frames: level, whether transformed, powers, bins.
    private var levels: UnsafeMutableBufferPointer<Double>
    private var transformed: UnsafeMutableBufferPointer<Bool>
    private var powers: UnsafeMutableBufferPointer<Float>
    private var bins: UnsafeMutablePointer<(Float, Float)>
    /// Bins between two frames' spectra in `bins`: a multiple of 8, so
    /// that each frame's spectrum is 64-byte aligned and FFTW writes it
    /// in place.
    private let binStride: Int
    /// Frames consumed before the current block's first.
    private(set) var firstIndex = 0
    /// Frames in the current block.
    private(set) var frameCount = 0

    /// - Parameters:
    ///   - delay: samples the track is delayed by on the grid (the far-end
    ///     by the echo path): frame `i` then ends `delay` samples earlier
    ///     in the track.
    ///   - interiorOnly: only the frames wholly inside the audio, numbered
    ///     from the first of them; otherwise frame 0 is the grid's frame 0.
    ///   - keepsBins: keep each transformed frame's complex bins too.
    init(geometry: FrameGeometry, delay: Int = 0, interiorOnly: Bool = false, keepsBins: Bool = false) {
        self.geometry = geometry
        binCount = geometry.fftSize / 2 + 1
        fft = RealFFT.shared(size: geometry.fftSize)
        buffers = [FFTBuffers(size: geometry.fftSize), FFTBuffers(size: geometry.fftSize)]
        window = .allocate(capacity: geometry.frameLength)
        _ = window.initialize(from: geometry.window)
        self.keepsBins = keepsBins
        binStride = (binCount + 7) / 8 * 8
        let zeros = geometry.leadIn + delay
        // The first frame starting at or after sample 0 of the real audio.
        let firstInterior = (geometry.leadIn + geometry.hop - 1) / geometry.hop
        toSkip = interiorOnly ? firstInterior * geometry.hop - geometry.leadIn : 0
        history = .allocate(capacity: geometry.frameLength + zeros + 16_384)
        history.initialize(repeating: 0)
        held = interiorOnly ? 0 : zeros
        levels = .allocate(capacity: 0)
        transformed = .allocate(capacity: 0)
        powers = .allocate(capacity: 0)
        bins = Self.allocateBins(0)
    }

    private static func allocateBins(_ count: Int) -> UnsafeMutablePointer<(Float, Float)> {
        UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<(Float, Float)>.stride, alignment: 64)
            .bindMemory(to: (Float, Float).self, capacity: count)
    }

    deinit {
        for buffer in [window, history, powers] { buffer.deallocate() }
        levels.deallocate()
        transformed.deallocate()
        UnsafeMutableRawPointer(bins).deallocate()
    }

    /// Appends a block (finite samples) and lays out the frames it completes.
    func load(_ block: UnsafeBufferPointer<Float>) {
        let skipped = min(toSkip, block.count)
        toSkip -= skipped
        let needed = held + block.count - skipped
        if needed > history.count {
            let grown = UnsafeMutableBufferPointer<Float>.allocate(capacity: needed)
            grown.baseAddress!.update(from: history.baseAddress!, count: held)
            history.deallocate()
            history = grown
        }
        (history.baseAddress! + held).update(from: block.baseAddress! + skipped, count: block.count - skipped)
        held = needed
        let frameLength = geometry.frameLength
        frameCount = held >= frameLength ? (held - frameLength) / geometry.hop + 1 : 0
        if frameCount > levels.count {
            levels.deallocate()
            transformed.deallocate()
            powers.deallocate()
            UnsafeMutableRawPointer(bins).deallocate()
            levels = .allocate(capacity: frameCount)
            transformed = .allocate(capacity: frameCount)
            powers = .allocate(capacity: frameCount * binCount)
            bins = Self.allocateBins(keepsBins ? frameCount * binStride : 0)
        }
    }

    /// Holds back the frames from index `end` on until a later block: a
    /// delayed track completes its frames ahead of the others.
    func limit(toFramesBefore end: Int) {
        frameCount = max(0, min(frameCount, end - firstIndex))
    }

    /// Measures frames `range` of the block with buffer set `slot` (0 or
    /// 1: one per thread): every frame's level, and the transform of those
    /// `wanted` by it (nil: all; `{ _ in false }`: levels only).
    func compute(_ range: Range<Int>, slot: Int, transforming wanted: ((Double) -> Bool)? = nil) {
        let buffer = buffers[slot]
        let window = UnsafePointer(window.baseAddress!)
        let frameLength = geometry.frameLength, hop = geometry.hop
        let windowEnergy = geometry.windowEnergy
        for j in range {
            let frame = UnsafePointer(history.baseAddress! + j * hop)
            if let wanted {
                let level = FrameKernels.windowedEnergy(frame, window, count: frameLength) / windowEnergy
                levels[j] = level
                transformed[j] = wanted(level)
                guard transformed[j] else { continue }
            }
            let energy = FrameKernels.window(frame, window, count: frameLength,
                                             into: buffer.input, size: geometry.fftSize)
            levels[j] = energy / windowEnergy
            transformed[j] = true
            var spectrum = buffer.spectrum
            if keepsBins {
                spectrum = bins + j * binStride
                fft.forward(buffer, into: spectrum)
            } else {
                fft.forward(buffer)
            }
            FrameKernels.power(spectrum, count: binCount, into: powers.baseAddress! + j * binCount)
        }
    }

    /// Level of the block's frame `j`.
    func level(_ j: Int) -> Double { levels[j] }

    /// Whether frame `j` was transformed.
    func isTransformed(_ j: Int) -> Bool { transformed[j] }

    /// Power spectrum of the block's frame `j` (transformed frames only).
    func power(_ j: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: powers.baseAddress! + j * binCount, count: binCount)
    }

    /// Bins of the block's frame `j`; empty when it was not transformed.
    func bins(_ j: Int) -> UnsafeBufferPointer<(Float, Float)> {
        guard keepsBins && transformed[j] else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: bins + j * binStride, count: binCount)
    }

    /// Drops the samples no later frame needs; the block's frames are gone.
    func consume() {
        let used = frameCount * geometry.hop
        if used > 0 {
            held -= used
            history.baseAddress!.update(from: history.baseAddress! + used, count: held)
        }
        firstIndex += frameCount
        frameCount = 0
    }
}
