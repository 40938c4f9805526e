import Foundation

/// One track's analysis frames on the shared 10 ms grid, held until the
/// frame of every other track is ready too.
///
/// Frame `i` is centred on the 10 ms cell `[i·hop, (i+1)·hop)`: the stream
/// opens with `(frameLength − hop) / 2` zeros, so a frame's decision
/// describes its own cell and not the audio 7.5 ms later. Each completed
/// frame's power spectrum, bins and level are copied out of the `STFT`
/// callback into buffers made once.
final class FrameStream {
    let stft: STFT
    let leadIn: Int
    /// Samples of real audio pushed so far (padding excluded).
    private(set) var samplesPushed = 0
    /// `|X[k]|²` of the last frame.
    var power: [Float]
    /// `X[k]` of the last frame.
    var bins: [(Float, Float)]
    /// Mean square of the last frame, window-weighted: Σ(w·x)² / Σw².
    var level = 0.0
    /// Index of the last frame, and whether one arrived since `take()`.
    private(set) var index = -1
    private(set) var ready = false
    /// Whether the last frame lies wholly inside the real audio.
    private(set) var interior = false
    let windowEnergy: Double

    init(sampleRate: Int, frameMs: Double, hopMs: Double) {
        stft = STFT(sampleRate: sampleRate, frameMs: frameMs, hopMs: hopMs)
        leadIn = (stft.frameLength - stft.hop) / 2
        power = [Float](repeating: 0, count: stft.fftSize / 2 + 1)
        bins = [(Float, Float)](repeating: (0, 0), count: stft.fftSize / 2 + 1)
        windowEnergy = stft.window.reduce(0) { $0 + Double($1 * $1) }
        let zeros = [Float](repeating: 0, count: leadIn)
        stft.push(zeros) { _ in }
    }

    /// Pushes samples; at most one frame completes per `hop` pushed.
    func push(_ samples: UnsafeBufferPointer<Float>, real: Bool = true) {
        stft.push(samples) { frame in
            // The STFT's input holds the windowed frame already.
            var energy = 0.0
            let windowed = frame.windowed
            for k in 0..<windowed.count {
                let v = Double(windowed[k])
                energy += v * v
            }
            level = energy / windowEnergy
            power.withUnsafeMutableBufferPointer { p in
                bins.withUnsafeMutableBufferPointer { b in
                    for k in 0..<p.count {
                        let bin = frame.bins[k]
                        b[k] = bin
                        p[k] = bin.0 * bin.0 + bin.1 * bin.1
                    }
                }
            }
            index = frame.index
            let start = frame.index * stft.hop - leadIn
            interior = start >= 0 && start + stft.frameLength <= samplesPushed + (real ? samples.count : 0)
            ready = true
        }
        if real { samplesPushed += samples.count }
    }

    /// Marks the current frame consumed.
    func take() { ready = false }
}
