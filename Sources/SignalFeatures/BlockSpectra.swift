import FourierTransforms
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
        fftSize = RealFFT.size(atLeast: frameLength)
        leadIn = (frameLength - hop) / 2
        window = AnalysisWindow.hann(frameLength)
        windowEnergy = window.reduce(0) { $0 + Double($1 * $1) }
    }
}

/// One block's frames of one track: each frame's level, and for the
/// transformed ones the power spectrum and (optionally) the bins.
final class BlockFrames {
    let binCount: Int
    /// Bins between two frames' spectra in `bins`: a multiple of 8, so
    /// that each frame's spectrum is 64-byte aligned and FFTW writes it
    /// in place.
    let binStride: Int
    let keepsBins: Bool
    fileprivate var levels = UnsafeMutableBufferPointer<Double>.allocate(capacity: 0)
    fileprivate var transformed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 0)
    fileprivate var powers = UnsafeMutableBufferPointer<Float>.allocate(capacity: 0)
    fileprivate var binStore = BlockFrames.allocateBins(0)
    /// Index of the block's first frame on the track's grid.
    fileprivate(set) var firstIndex = 0
    /// Frames in the block.
    fileprivate(set) var frameCount = 0

    init(binCount: Int, keepsBins: Bool) {
        self.binCount = binCount
        self.keepsBins = keepsBins
        binStride = (binCount + 7) / 8 * 8
    }

    deinit { release() }

    private func release() {
        levels.deallocate()
        transformed.deallocate()
        powers.deallocate()
        UnsafeMutableRawPointer(binStore).deallocate()
    }

    private static func allocateBins(_ count: Int) -> UnsafeMutablePointer<(Float, Float)> {
        UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<(Float, Float)>.stride, alignment: 64)
            .bindMemory(to: (Float, Float).self, capacity: count)
    }

    fileprivate func reserve(_ frames: Int) {
        guard frames > levels.count else { return }
        release()
        levels = .allocate(capacity: frames)
        transformed = .allocate(capacity: frames)
        powers = .allocate(capacity: frames * binCount)
        binStore = Self.allocateBins(keepsBins ? frames * binStride : 0)
    }

    /// Level of frame `j`.
    func level(_ j: Int) -> Double { levels[j] }

    /// Whether frame `j` was transformed.
    func isTransformed(_ j: Int) -> Bool { transformed[j] }

    /// Power spectrum of frame `j` (transformed frames only).
    func power(_ j: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: powers.baseAddress! + j * binCount, count: binCount)
    }

    /// Bins of frame `j`; empty when it was not transformed.
    func bins(_ j: Int) -> UnsafeBufferPointer<(Float, Float)> {
        guard keepsBins && transformed[j] else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: binStore + j * binStride, count: binCount)
    }
}

/// One track's frames, a block of audio at a time: each frame's level,
/// and — for the frames that want it — its power spectrum and bins.
///
/// `load` appends a block and lays out the frames it completes; `compute`
/// measures a slice of them with one of two FFT buffer sets, so the
/// slices can run on two threads; the caller then reads them (`frames`)
/// and `consume`s the block, whose frames stay readable as `previous`
/// until the next `consume` — so one thread may still read a block while
/// the other measures the next. Memory is fixed by the block size (and a
/// delay), never by the recording's length.
///
/// A block is framed where it lies, not copied: only the frames that
/// start before it — in the samples kept from earlier blocks — are read
/// from `history`, which holds those samples and the block's first
/// `frameLength − 1` behind them. Copying every block into the history
/// first was 3 % of the bench hour's CPU. The block must therefore stay
/// unchanged from `load` to `consume`.
final class BlockSpectra {
    let geometry: FrameGeometry
    private let fft: RealFFT
    /// One set of FFT buffers per slice (thread).
    private let buffers: [FFTBuffers]
    private let window: UnsafeMutableBufferPointer<Float>
    /// Samples from the next frame's start up to the loaded block, then
    /// (from `load` to `consume`) the block's first `frameLength − 1`.
    private var history: UnsafeMutableBufferPointer<Float>
    /// Samples of `history` before the block.
    private var held = 0
    /// The loaded block, less the samples skipped; empty between blocks.
    private var block = UnsafeBufferPointer<Float>(start: nil, count: 0)
    /// Samples still to drop before the first interior frame starts.
    private var toSkip: Int
    /// The current block's frames, and the block consumed last.
    private(set) var frames: BlockFrames
    private(set) var previous: BlockFrames

    /// - Parameters:
    ///   - delay: samples the track is delayed by on the grid (the far-end
    ///     by the echo path): frame `i` then ends `delay` samples earlier
    ///     in the track.
    ///   - interiorOnly: only the frames wholly inside the audio, numbered
    ///     from the first of them; otherwise frame 0 is the grid's frame 0.
    ///   - keepsBins: keep each transformed frame's complex bins too.
    init(geometry: FrameGeometry, delay: Int = 0, interiorOnly: Bool = false, keepsBins: Bool = false) {
        self.geometry = geometry
        fft = RealFFT.shared(size: geometry.fftSize)
        buffers = [FFTBuffers(size: geometry.fftSize), FFTBuffers(size: geometry.fftSize)]
        window = .allocate(capacity: geometry.frameLength)
        _ = window.initialize(from: geometry.window)
        frames = BlockFrames(binCount: geometry.fftSize / 2 + 1, keepsBins: keepsBins)
        previous = BlockFrames(binCount: geometry.fftSize / 2 + 1, keepsBins: keepsBins)
        let zeros = geometry.leadIn + delay
        // The first frame starting at or after sample 0 of the real audio.
        let firstInterior = (geometry.leadIn + geometry.hop - 1) / geometry.hop
        toSkip = interiorOnly ? firstInterior * geometry.hop - geometry.leadIn : 0
        // Room for the samples held between blocks (under a frame, plus
        // the zeros) and the block's first frame behind them; `reserve`
        // grows it when a delayed track holds back more.
        history = .allocate(capacity: 2 * geometry.frameLength + zeros)
        history.initialize(repeating: 0)
        held = interiorOnly ? 0 : zeros
    }

    deinit {
        window.deallocate()
        history.deallocate()
    }

    /// Index of the current block's first frame.
    var firstIndex: Int { frames.firstIndex }
    /// Frames in the current block.
    var frameCount: Int { frames.frameCount }

    /// Appends a block (finite samples, left unchanged until `consume`)
    /// and lays out the frames it completes.
    func load(_ block: UnsafeBufferPointer<Float>) {
        let skipped = min(toSkip, block.count)
        toSkip -= skipped
        self.block = UnsafeBufferPointer(rebasing: block[skipped...])
        let frameLength = geometry.frameLength
        // A frame that starts in the history ends within the block's
        // first `frameLength − 1` samples.
        let seam = min(self.block.count, frameLength - 1)
        if seam > 0 {
            reserve(held + seam, keeping: held)
            (history.baseAddress! + held).update(from: self.block.baseAddress!, count: seam)
        }
        let available = held + self.block.count
        frames.frameCount = available >= frameLength ? (available - frameLength) / geometry.hop + 1 : 0
        frames.reserve(frames.frameCount)
    }

    /// Makes room for `count` samples in the history, keeping its first
    /// `kept`.
    private func reserve(_ count: Int, keeping kept: Int) {
        guard count > history.count else { return }
        let grown = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        grown.baseAddress!.update(from: history.baseAddress!, count: kept)
        history.deallocate()
        history = grown
    }

    /// Holds back the frames from index `end` on until a later block: a
    /// delayed track completes its frames ahead of the others.
    func limit(toFramesBefore end: Int) {
        frames.frameCount = max(0, min(frames.frameCount, end - frames.firstIndex))
    }

    /// Which frames `compute` transforms.
    enum Transform {
        case all
        /// Levels only.
        case none
        /// The frames whose level the predicate accepts.
        case when((Double) -> Bool)
    }

    /// Measures frames `range` of the block with buffer set `slot` (0 or
    /// 1: one per thread): every frame's level, and the transform of those
    /// `transform` selects.
    func compute(_ range: Range<Int>, slot: Int, transform: Transform = .all) {
        let buffer = buffers[slot]
        let window = UnsafePointer(window.baseAddress!)
        let frameLength = geometry.frameLength, hop = geometry.hop, fftSize = geometry.fftSize
        let windowEnergy = geometry.windowEnergy
        let out = frames
        let history = UnsafePointer(history.baseAddress!), held = held, block = block.baseAddress
        // Unpacked once: binding the predicate per frame retained and
        // released it per frame.
        let levelsOnly = if case .none = transform { true } else { false }
        let wanted: (Double) -> Bool = if case .when(let wanted) = transform { wanted } else { { _ in true } }
        for j in range {
            // Frames that start before the block are read from the history.
            let start = j * hop
            let frame = start < held ? history + start : block! + (start - held)
            if levelsOnly {
                out.levels[j] = FrameKernels.windowedEnergy(frame, window, count: frameLength) / windowEnergy
                out.transformed[j] = false
                continue
            }
            let level = FrameKernels.window(frame, window, count: frameLength, into: buffer.input, size: fftSize) / windowEnergy
            out.levels[j] = level
            out.transformed[j] = wanted(level)
            guard out.transformed[j] else { continue }
            var spectrum = buffer.spectrum
            if out.keepsBins {
                spectrum = out.binStore + j * out.binStride
                fft.forward(buffer, into: spectrum)
            } else {
                fft.forward(buffer)
            }
            FrameKernels.power(spectrum, count: out.binCount, into: out.powers.baseAddress! + j * out.binCount)
        }
    }

    /// Keeps the samples a later frame needs, from the history and the
    /// block, and lets the block go; the block's frames become `previous`.
    func consume() {
        let used = frames.frameCount * geometry.hop
        let kept = held + block.count - used
        if used < held {
            // Frames held back (`limit`) or none complete: the history's
            // rest and the whole block stay.
            history.baseAddress!.update(from: history.baseAddress! + used, count: held - used)
            reserve(kept, keeping: held - used)
            if !block.isEmpty { (history.baseAddress! + held - used).update(from: block.baseAddress!, count: block.count) }
        } else if kept > 0 {
            reserve(kept, keeping: 0)
            history.baseAddress!.update(from: block.baseAddress! + (used - held), count: kept)
        }
        held = kept
        block = UnsafeBufferPointer(start: nil, count: 0)
        let next = previous
        next.firstIndex = frames.firstIndex + frames.frameCount
        next.frameCount = 0
        previous = frames
        frames = next
    }
}
