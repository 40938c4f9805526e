import FourierTransforms
import Foundation

/// Finds sustained tones — a held note, a beep — for the speech segments
/// to leave out: runs of `minimumFrames` or more frames whose power
/// spectrum (300 Hz–4 kHz) correlates at `similarity` or more with the one
/// `lagFrames` (100 ms) before or after it. Speech's pitch and formants
/// move within a syllable; a note's harmonics hold their bins
/// (docs/features.md, round 16). The band starts at 300 Hz because mains
/// hum's first harmonics and brown noise's mass hold still in every frame.
/// Marks are final `lagFrames` late; the tones are kept as runs, growing
/// as the segment list does.
public struct SustainedToneDetector: Sendable {
    /// How far apart two frames are compared (10 ms frames).
    public static let lagFrames = 10
    /// The correlation at or above which two frames hold one spectrum.
    public static let similarity = 0.9
    /// The band compared, Hz (clipped to Nyquist).
    public static let band = 300.0...4_000.0
    /// The shortest tone (200 ms): a vowel held in a word is shorter.
    public static let minimumFrames = 20

    private let bins: Range<Int>
    /// The last `lagFrames` frames' band powers, frame-major.
    private var history: [Float]
    /// Marks of the frames not yet final, by frame index mod `lagFrames + 1`.
    private var marks: [Bool]
    private var pushed = 0
    /// The tones found: runs `[start, end)` of at least `minimumFrames` marked frames.
    private var tones: [Range<Int>] = []
    private var openTone: Int? = nil

    public init(sampleRate: Int, fftSize: Int) {
        let hzPerBin = Double(sampleRate) / Double(fftSize)
        let low = max(1, Int((Self.band.lowerBound / hzPerBin).rounded(.up)))
        let high = Int((min(Self.band.upperBound, 0.45 * Double(sampleRate)) / hzPerBin).rounded(.down)) + 1
        // Whole lanes of 8 bins (up to 7 over the band's top, none past Nyquist).
        bins = low..<(low + 8 * max(0, min((high - low + 7) / 8, (fftSize / 2 + 1 - low) / 8)))
        history = [Float](repeating: 0, count: Self.lagFrames * bins.count)
        marks = [Bool](repeating: false, count: Self.lagFrames + 1)
    }

    /// Feeds the next frame's power spectrum.
    public mutating func push(_ power: UnsafeBufferPointer<Float>) {
        let t = pushed
        let count = bins.count, current = power.baseAddress! + bins.lowerBound
        guard count > 0 else { return }  // a rate too low for the band
        history.withUnsafeMutableBufferPointer { history in
            let earlier = history.baseAddress! + (t % Self.lagFrames) * count
            if t >= Self.lagFrames && Self.correlation(current, earlier, count: count) >= Self.similarity {
                marks[t % marks.count] = true
                marks[(t - Self.lagFrames) % marks.count] = true
            }
            earlier.update(from: current, count: count)
        }
        pushed += 1
        if t >= Self.lagFrames { emit(t - Self.lagFrames) }
    }

    /// Makes the last frames' marks final; returns the tones.
    public mutating func finish() -> [Range<Int>] {
        for frame in max(0, pushed - Self.lagFrames)..<pushed { emit(frame) }
        if let start = openTone { close(start..<pushed) }
        openTone = nil
        return tones
    }

    /// Frame `frame`'s mark is final: extends or closes the open run.
    private mutating func emit(_ frame: Int) {
        let slot = frame % marks.count
        if marks[slot] {
            if openTone == nil { openTone = frame }
        } else if let start = openTone {
            close(start..<frame)
            openTone = nil
        }
        marks[slot] = false
    }

    private mutating func close(_ run: Range<Int>) {
        if run.count >= Self.minimumFrames { tones.append(run) }
    }

    /// The Pearson correlation of two frames' band powers (0 when either
    /// is flat), eight bins at a time: `count` is a multiple of 8.
    static func correlation(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
        typealias Lanes = FrameKernels.Lanes
        var sa = Lanes(), sb = Lanes(), sab = Lanes(), saa = Lanes(), sbb = Lanes()
        for k in stride(from: 0, to: count, by: 8) {
            let x = FrameKernels.load(a + k), y = FrameKernels.load(b + k)
            sa += x
            sb += y
            sab += x * y
            saa += x * x
            sbb += y * y
        }
        let (ta, tb, tab, taa, tbb) = (Double(sa.sum()), Double(sb.sum()), Double(sab.sum()), Double(saa.sum()), Double(sbb.sum()))
        let n = Double(count)
        let varianceA = taa - ta * ta / n, varianceB = tbb - tb * tb / n
        guard varianceA > 0, varianceB > 0 else { return 0 }
        return (tab - ta * tb / n) / (varianceA * varianceB).squareRoot()
    }

    /// A piece of a cut segment shorter than this (30 ms) straddles a tone's edge.
    public static let shortestPiece = 3

    /// The segments with the tones taken out of them.
    public static func removingTones(from segments: [Range<Int>], tones: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var t = 0
        for segment in segments {
            while t < tones.count && tones[t].upperBound <= segment.lowerBound { t += 1 }
            var pieces: [Range<Int>] = [], start = segment.lowerBound
            for tone in tones[t...].prefix(while: { $0.lowerBound < segment.upperBound }) {
                if tone.lowerBound > start { pieces.append(start..<tone.lowerBound) }
                start = max(start, tone.upperBound)
            }
            if start < segment.upperBound { pieces.append(start..<segment.upperBound) }
            result += pieces == [segment] ? pieces : pieces.filter { $0.count >= shortestPiece }
        }
        return result
    }
}
