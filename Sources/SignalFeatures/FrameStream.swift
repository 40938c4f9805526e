import Foundation

/// One track's analysis frames on the shared 10 ms grid, held until the
/// frame of every other track is ready too.
///
/// Frame `i` is centred on the 10 ms cell `[i·hop, (i+1)·hop)`: the stream
/// opens with `(frameLength − hop) / 2` zeros, so a frame's decision
/// describes its own cell and not the audio 7.5 ms later. The last frame's
/// bins are the STFT's own buffer, valid until the next frame completes
/// (at most one per `hop` pushed): nothing is copied per frame, and the
/// power spectrum is computed only for the tracks that want it.
final class FrameStream {
    let stft: STFT
    let leadIn: Int
    /// Whether `power` is filled for each frame.
    let computesPower: Bool
    /// Samples of real audio pushed so far (padding excluded).
    private(set) var samplesPushed = 0
    /// `|X[k]|²` of the last frame (when `computesPower`).
    var power: [Float]
    /// `X[k]` of the last frame; empty when it was not transformed.
    private(set) var bins = UnsafeBufferPointer<(Float, Float)>(start: nil, count: 0)
    /// Mean square of the last frame, window-weighted: Σ(w·x)² / Σw².
    var level = 0.0
    /// Index of the last frame, and whether one arrived since `take()`.
    private(set) var index = -1
    private(set) var ready = false
    /// Whether the last frame lies wholly inside the real audio.
    private(set) var interior = false
    let windowEnergy: Double

    /// - Parameters:
    ///   - computesPower: fill `power` for each frame.
    ///   - minimumTransformLevel: frames quieter than this mean square are
    ///     not transformed (`bins` empty); `.infinity` for levels only.
    init(sampleRate: Int, frameMs: Double, hopMs: Double, computesPower: Bool = true,
         minimumTransformLevel: Double = -.infinity) {
        stft = STFT(sampleRate: sampleRate, frameMs: frameMs, hopMs: hopMs)
        self.computesPower = computesPower
        leadIn = (stft.frameLength - stft.hop) / 2
        power = [Float](repeating: 0, count: computesPower ? stft.fftSize / 2 + 1 : 0)
        windowEnergy = stft.window.reduce(0) { $0 + Double($1 * $1) }
        stft.minimumTransformEnergy = minimumTransformLevel * windowEnergy
        let zeros = [Float](repeating: 0, count: leadIn)
        stft.push(zeros) { _ in }
    }

    /// Pushes samples; at most one frame completes per `hop` pushed.
    func push(_ samples: UnsafeBufferPointer<Float>, real: Bool = true) {
        stft.push(samples) { frame in
            level = frame.windowedEnergy / windowEnergy
            bins = frame.bins
            if computesPower && !frame.bins.isEmpty {
                let source = frame.bins
                power.withUnsafeMutableBufferPointer { p in
                    for k in 0..<p.count { p[k] = source[k].0 * source[k].0 + source[k].1 * source[k].1 }
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
