import Foundation

/// Finds a recording's sustained tones — a held note, a chord, a beep or
/// a whistle — so that the speech segments can leave them out: frames
/// whose spectrum from 300 Hz to 4 kHz keeps its shape over
/// `lagFrames` (100 ms), the Pearson correlation of its bin powers with
/// the frame `lagFrames` before or after it at least `similarity`.
///
/// Speech does not hold a spectrum that long: its pitch and formants
/// move within a syllable, and at 100 ms only 1–3 % of the frames the VAD
/// rightly hears correlate that well (tuning draws, docs/features.md,
/// round 16). A note's harmonics stand in the same bins while it decays,
/// and two thirds of the frames music put into the segments did. The band
/// starts at 300 Hz so that mains hum's first harmonics and brown noise's
/// low-frequency mass, which hold still in every frame, do not make
/// speech over them look held.
///
/// `FeatureAnalysis` runs it under 20 dB SNR only (`sustainedToneSNR`):
/// above, no noise passes the VAD at length, and a monotone voice can hold
/// a vowel's spectrum 200 ms.
///
/// A frame's mark is final once the frame `lagFrames` after it has been
/// compared, so marks leave a ring `lagFrames` late and are kept as runs:
/// memory grows with the tones found, as the segment list grows with the
/// words.
public struct SustainedToneDetector: Sendable {
    /// How far apart two frames are compared (10 ms frames).
    public static let lagFrames = 10
    /// The correlation at or above which two frames hold one spectrum.
    public static let similarity = 0.9
    /// The band compared, Hz (clipped to Nyquist).
    public static let band = 300.0...4_000.0
    /// The shortest run of such frames that is a tone (200 ms): a vowel
    /// held in a word makes shorter ones.
    public static let minimumFrames = 20

    private let bins: Range<Int>
    /// The last `lagFrames` frames' band powers, frame-major.
    private var history: [Float]
    /// Marks of the frames not yet final, by frame index mod `lagFrames + 1`.
    private var marks: [Bool]
    private var pushed = 0
    /// The tones found: runs `[start, end)` of at least `minimumFrames` marked frames.
    public private(set) var tones: [Range<Int>] = []
    private var openTone: Int? = nil

    public init(sampleRate: Int, fftSize: Int) {
        let hzPerBin = Double(sampleRate) / Double(fftSize)
        let low = max(1, Int((Self.band.lowerBound / hzPerBin).rounded(.up)))
        let high = max(low + 2, min(fftSize / 2, Int((min(Self.band.upperBound, 0.45 * Double(sampleRate)) / hzPerBin).rounded(.down)) + 1))
        bins = low..<high
        history = [Float](repeating: 0, count: Self.lagFrames * bins.count)
        marks = [Bool](repeating: false, count: Self.lagFrames + 1)
    }

    /// Feeds the next frame's power spectrum.
    public mutating func push(_ power: UnsafeBufferPointer<Float>) {
        let t = pushed
        let count = bins.count, current = power.baseAddress! + bins.lowerBound
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

    /// Makes the last frames' marks final; `tones` is complete after it.
    public mutating func finish() {
        for frame in max(0, pushed - Self.lagFrames)..<pushed { emit(frame) }
        if let start = openTone { close(start..<pushed) }
        openTone = nil
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
    /// is flat), eight bins at a time.
    static func correlation(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
        typealias Lanes = FrameKernels.Lanes
        var sa = Lanes(), sb = Lanes(), sab = Lanes(), saa = Lanes(), sbb = Lanes()
        var k = 0
        while k + 8 <= count {
            let x = FrameKernels.load(a + k), y = FrameKernels.load(b + k)
            sa += x
            sb += y
            sab += x * y
            saa += x * x
            sbb += y * y
            k += 8
        }
        var (ta, tb, tab, taa, tbb) = (Double(sa.sum()), Double(sb.sum()), Double(sab.sum()), Double(saa.sum()), Double(sbb.sum()))
        while k < count {
            let x = Double(a[k]), y = Double(b[k])
            (ta, tb, tab, taa, tbb) = (ta + x, tb + y, tab + x * y, taa + x * x, tbb + y * y)
            k += 1
        }
        let n = Double(count)
        let varianceA = taa - ta * ta / n, varianceB = tbb - tb * tb / n
        guard varianceA > 0, varianceB > 0 else { return 0 }
        return (tab - ta * tb / n) / (varianceA * varianceB).squareRoot()
    }

    /// What is left of a segment beside a tone, shorter than this (30 ms),
    /// is the frames straddling the tone's start or end, not a word.
    public static let shortestPiece = 3

    /// The segments with the tones taken out of them.
    public static func removingTones(from segments: [Range<Int>], tones: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var t = 0
        for segment in segments {
            while t < tones.count && tones[t].upperBound <= segment.lowerBound { t += 1 }
            var pieces: [Range<Int>] = []
            var start = segment.lowerBound
            var u = t
            while u < tones.count && tones[u].lowerBound < segment.upperBound {
                let tone = tones[u].clamped(to: segment)
                if tone.lowerBound > start { pieces.append(start..<tone.lowerBound) }
                start = max(start, tone.upperBound)
                u += 1
            }
            if start < segment.upperBound { pieces.append(start..<segment.upperBound) }
            result += pieces == [segment] ? pieces : pieces.filter { $0.count >= shortestPiece }
        }
        return result
    }
}
