import Foundation
import FourierTransforms
import SignalFeatures

/// A streaming short-time Fourier transform: push audio in blocks of any
/// size, receive one windowed spectrum per hop. The tests' reference for
/// `BlockSpectra` and the synthesized noises' spectra; `features` frames
/// its tracks with `BlockSpectra`.
///
/// Frame `i` covers samples `[i·hop, i·hop + frameLength)` of everything
/// pushed so far. Memory is fixed by the frame length: nothing grows with
/// the length of the recording, and no frame allocates.
public final class STFT {
    public let frameLength: Int
    public let hop: Int
    public let fftSize: Int
    /// The periodic Hann window applied to each frame.
    public let window: [Float]
    /// Frames emitted so far.
    public private(set) var frameCount = 0
    /// Frames whose windowed energy `Σ(w·x)²` is below this are not
    /// transformed: their `SpectralFrame.bins` is empty. A caller that
    /// needs only some frames' spectra (the far-end's active ones) or only
    /// levels saves the FFT. Default: every frame is transformed.
    public var minimumTransformEnergy = -Double.infinity

    private let fft: RealFFT
    private let buffers: FFTBuffers
    private var pending: [Float]
    private var pendingCount = 0
    private var toSkip = 0

    /// - Parameters:
    ///   - frameLength: samples per analysis frame.
    ///   - hop: samples between frame starts.
    ///   - fftSize: transform length ≥ `frameLength` (zero-padded); by
    ///     default the next power of two.
    public init(frameLength: Int, hop: Int, fftSize: Int? = nil) {
        precondition(frameLength > 0 && hop > 0, "frame length and hop must be positive")
        let size = fftSize ?? RealFFT.size(atLeast: max(2, frameLength))
        precondition(size >= frameLength, "FFT size must be at least the frame length")
        self.frameLength = frameLength
        self.hop = hop
        self.fftSize = size
        self.window = AnalysisWindow.hann(frameLength)
        self.fft = RealFFT.shared(size: size)
        self.buffers = FFTBuffers(size: size)
        self.pending = [Float](repeating: 0, count: frameLength)
    }

    /// Common analysis at `sampleRate`: 10 ms hop, `frameMs` frames.
    public convenience init(sampleRate: Int, frameMs: Double = 25, hopMs: Double = 10) {
        let frame = max(2, Int((Double(sampleRate) * frameMs / 1000).rounded()))
        let hop = max(1, Int((Double(sampleRate) * hopMs / 1000).rounded()))
        self.init(frameLength: frame, hop: hop)
    }

    /// Feeds samples; calls `onFrame` for every frame they complete.
    public func push(_ samples: UnsafeBufferPointer<Float>, _ onFrame: (SpectralFrame) -> Void) {
        var offset = 0
        while offset < samples.count {
            if toSkip > 0 {
                let skipped = min(toSkip, samples.count - offset)
                toSkip -= skipped
                offset += skipped
                continue
            }
            let take = min(frameLength - pendingCount, samples.count - offset)
            let start = pendingCount
            pending.withUnsafeMutableBufferPointer { dst in
                _ = UnsafeMutableBufferPointer(rebasing: dst[start..<(start + take)])
                    .update(fromContentsOf: UnsafeBufferPointer(rebasing: samples[offset..<(offset + take)]))
            }
            pendingCount += take
            offset += take
            if pendingCount == frameLength {
                emit(onFrame)
                slide()
            }
        }
    }

    /// Convenience for arrays.
    public func push(_ samples: [Float], _ onFrame: (SpectralFrame) -> Void) {
        samples.withUnsafeBufferPointer { push($0, onFrame) }
    }

    private func emit(_ onFrame: (SpectralFrame) -> Void) {
        let input = buffers.input
        pending.withUnsafeBufferPointer { frame in
            var energy = 0.0
            window.withUnsafeBufferPointer { w in
                for k in 0..<frameLength {
                    let v = frame[k] * w[k]
                    input[k] = v
                    energy += Double(v) * Double(v)
                }
            }
            var bins = UnsafeBufferPointer<(Float, Float)>(start: nil, count: 0)
            if energy >= minimumTransformEnergy {
                for k in frameLength..<fftSize { input[k] = 0 }
                fft.forward(buffers)
                bins = buffers.bins
            }
            onFrame(SpectralFrame(index: frameCount, samples: frame,
                                  windowed: UnsafeBufferPointer(start: input, count: frameLength),
                                  windowedEnergy: energy, bins: bins))
        }
        frameCount += 1
    }

    /// Drops the first `hop` samples, keeping the overlap for the next frame.
    private func slide() {
        if hop >= frameLength {
            // Frames do not overlap: skip the gap between them too.
            toSkip = hop - frameLength
            pendingCount = 0
            return
        }
        let keep = frameLength - hop
        pending.withUnsafeMutableBufferPointer { buf in
            // Overlapping move (memmove): the kept tail goes to the front.
            buf.baseAddress!.update(from: buf.baseAddress! + hop, count: keep)
        }
        pendingCount = frameLength - hop
    }
}

/// One analysis frame, valid only inside the `push` callback that got it.
public struct SpectralFrame {
    /// Frame number since the start of the stream.
    public let index: Int
    /// The frame's raw (unwindowed) samples.
    public let samples: UnsafeBufferPointer<Float>
    /// The frame's samples times the window, as transformed.
    public let windowed: UnsafeBufferPointer<Float>
    /// `Σ(w·x)²` of the frame.
    public let windowedEnergy: Double
    /// `fftSize / 2 + 1` complex bins of the windowed frame; empty when
    /// the frame fell below `STFT.minimumTransformEnergy`.
    public let bins: UnsafeBufferPointer<(Float, Float)>

    /// `|X[k]|²` of bin `k`.
    @inline(__always)
    public func power(_ k: Int) -> Float {
        let (re, im) = bins[k]
        return re * re + im * im
    }
}
