import Foundation

/// Power levels in decibels counted in fixed-width bins, with the linear
/// power summed per bin: order statistics, modes and thresholded means of a
/// whole recording in constant memory.
public struct LevelHistogram: Sendable {
    /// Lowest level kept; quieter values (digital silence) land in bin 0.
    public let floorDB: Double
    /// Highest level kept; louder values land in the top bin.
    public let ceilingDB: Double
    /// Bin width in dB.
    public let resolutionDB: Double
    public private(set) var counts: [Int]
    /// Σ of the linear powers that fell in each bin.
    public private(set) var sums: [Double]
    public private(set) var total = 0

    public init(floorDB: Double = -130, ceilingDB: Double = 30, resolutionDB: Double = 0.25) {
        precondition(ceilingDB > floorDB && resolutionDB > 0)
        self.floorDB = floorDB
        self.ceilingDB = ceilingDB
        self.resolutionDB = resolutionDB
        let n = Int(((ceilingDB - floorDB) / resolutionDB).rounded(.up)) + 1
        counts = [Int](repeating: 0, count: n)
        sums = [Double](repeating: 0, count: n)
    }

    /// The bin of a linear power.
    @inline(__always)
    public func bin(ofPower power: Double) -> Int {
        guard power > 0 else { return 0 }
        return bin(ofDB: 10 * log10(power))
    }

    /// The bin of a level in dB, `10·log10` of a positive power.
    @inline(__always)
    public func bin(ofDB db: Double) -> Int {
        let index = Int(((db - floorDB) / resolutionDB).rounded(.down))
        return min(max(index, 0), counts.count - 1)
    }

    /// Lower edge of bin `index`, in dB.
    public func level(ofBin index: Int) -> Double { floorDB + Double(index) * resolutionDB }

    /// Counts one linear power; returns its bin.
    @discardableResult
    public mutating func add(power: Double) -> Int {
        let b = bin(ofPower: power)
        count(power, inBin: b)
        return b
    }

    /// Counts one positive linear power whose level `db`, `10·log10(power)`,
    /// the caller has taken already: one that also sorts its values by
    /// level (`NoiseFloorEstimator`) then takes one log per value, not two.
    public mutating func add(power: Double, db: Double) {
        count(power, inBin: bin(ofDB: db))
    }

    /// Takes back `count` values of one linear power counted before.
    public mutating func remove(power: Double, count n: Int) {
        let b = bin(ofPower: power)
        precondition(counts[b] >= n, "only values counted before are taken back")
        counts[b] -= n
        sums[b] -= Double(n) * max(power, 0)
        total -= n
    }

    private mutating func count(_ power: Double, inBin b: Int) {
        counts[b] += 1
        sums[b] += max(power, 0)
        total += 1
    }

    /// The level (dB, bin centre) below which a fraction `q` of values lie.
    public func percentile(_ q: Double) -> Double? {
        guard total > 0 else { return nil }
        let rank = max(1, Int((q * Double(total)).rounded(.up)))
        var seen = 0
        for (i, c) in counts.enumerated() {
            seen += c
            if seen >= rank { return level(ofBin: i) + resolutionDB / 2 }
        }
        return level(ofBin: counts.count - 1)
    }

    /// The lowest prominent peak of the histogram below the `upTo` percentile,
    /// smoothed by a Gaussian of `smoothingDB`, in dB (else the tallest).
    ///
    /// For a stationary noise the log-power of a frame follows a log-gamma
    /// law whose mode sits at the mean power (d/dy of `x^k e^{-kx}` at
    /// `x = e^y` vanishes at `x = 1`), so the mode of the quiet frames is an
    /// unbiased noise level whatever the noise's colour — unlike a low
    /// percentile (biased by the spread) or a minimum (biased by the count).
    public func noiseMode(upTo: Double = 0.6, smoothingDB: Double = 1.0, preferLowest: Bool = true) -> Double? {
        guard total > 0, let top = percentile(upTo) else { return nil }
        let last = min(counts.count - 1, bin(ofPower: pow(10, top / 10)) + 1)
        let smooth = smoothedCounts(through: last, smoothingDB: smoothingDB)
        guard let globalMax = smooth.max(), globalMax > 0 else { return nil }
        // The lowest local maximum at least half as tall as the tallest:
        // at low SNR speech frames pile up just above the noise peak. Or a
        // lower one at least `separatedShare` as tall that a valley parts
        // from everything taller, `separationDB` above it: at high SNR a
        // babble's or a stepping noise's levels spread over 10–20 dB and the
        // talker's over 30, so with little pause the noise peak is under
        // half the speech's, and the "lowest peak" was the speech's quiet
        // flank (noise read 20 dB high at 40 dB SNR). Never the digital-
        // silence bin by that rule: leading silence is not the noise.
        var peak = smooth.indices.max { smooth[$0] < smooth[$1] }!
        for i in 0...last where preferLowest && smooth[i] >= Self.separatedShare * globalMax {
            let left = i == 0 ? -1.0 : smooth[i - 1]
            let right = i == last ? -1.0 : smooth[i + 1]
            guard smooth[i] >= left && smooth[i] >= right else { continue }
            if smooth[i] >= 0.5 * globalMax { peak = i; break }
            guard i > 0 else { continue }
            var valley = smooth[i]
            var separated = false
            for j in (i + 1)...last {
                if smooth[j] >= smooth[i] {
                    separated = valley <= Self.valleyShare * smooth[i] && Double(j - i) * resolutionDB >= Self.separationDB
                    break
                }
                valley = min(valley, smooth[j])
            }
            if separated { peak = i; break }
        }
        return interpolatedLevel(peak: peak, in: smooth, last: last)
    }

    /// The noise's peak `separationDB` or more under `mode` (dB) that an even
    /// talker's flank hid from `noiseMode`: `hiddenShare` of the sounding frames
    /// lie under that limit, in a peak, under a valley, `hiddenHeightShare` as
    /// tall as the mode's (a tune's decays rise to the limit); nil when none.
    public func hiddenNoisePeak(under mode: Double) -> Double? {
        let limit = bin(ofDB: mode - Self.separationDB), modeBin = bin(ofDB: mode), sounding = total - counts[0]
        guard limit > 1, sounding > 0,
              Double(counts[1..<limit].reduce(0, +)) >= Self.hiddenShare * Double(sounding) else { return nil }
        let last = counts.count - 1, smooth = smoothedCounts(through: last, smoothingDB: 1.0, soundingOnly: true)
        let peak = (1...limit).max { smooth[$0] < smooth[$1] }!, near = Int((1 / resolutionDB).rounded())
        guard peak < limit, smooth[peak...modeBin].min()! <= Self.valleyShare * smooth[peak],
              smooth[peak] >= Self.hiddenHeightShare * smooth[max(modeBin - near, 0)...min(modeBin + near, last)].max()!
        else { return nil }
        return interpolatedLevel(peak: peak, in: smooth, last: last)
    }

    /// The level of the peak at bin `peak`, refined by a parabola through its neighbours.
    private func interpolatedLevel(peak: Int, in smooth: [Double], last: Int) -> Double {
        guard peak > 0 && peak < last else { return level(ofBin: peak) + resolutionDB / 2 }
        let a = smooth[peak - 1], b = smooth[peak], c = smooth[peak + 1]
        let denom = a - 2 * b + c
        return level(ofBin: peak) + resolutionDB * (0.5 + (denom < 0 ? 0.5 * (a - c) / denom : 0))
    }

    /// The bin counts of bins `0...last` smoothed by a Gaussian of
    /// `smoothingDB` (σ, cut at 3σ); bins past `last` still feed the ones
    /// below it, and digital silence (bin 0) too unless `soundingOnly`.
    private func smoothedCounts(through last: Int, smoothingDB: Double, soundingOnly: Bool = false) -> [Double] {
        let sigma = smoothingDB / resolutionDB
        let radius = Int((3 * sigma).rounded(.up))
        let kernel = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        var smooth = [Double](repeating: 0, count: last + 1)
        for i in 0...last {
            var s = 0.0
            for (j, w) in kernel.enumerated() {
                let k = i + j - radius
                if k >= (soundingOnly ? 1 : 0) && k < counts.count { s += w * Double(counts[k]) }
            }
            smooth[i] = s
        }
        return smooth
    }

    /// The highest-level peak of the whole histogram, smoothed with a
    /// Gaussian of `smoothingDB`, that is at least `minimumShare` as tall
    /// as the tallest, in dB (bin centre, parabolically interpolated); nil
    /// when empty.
    public func highestPeak(smoothingDB: Double, minimumShare: Double) -> Double? {
        guard total > 0 else { return nil }
        let last = counts.count - 1
        let smooth = smoothedCounts(through: last, smoothingDB: smoothingDB)
        guard let globalMax = smooth.max(), globalMax > 0 else { return nil }
        var peak = smooth.indices.max { smooth[$0] < smooth[$1] }!
        for i in stride(from: last, through: 0, by: -1) where smooth[i] >= minimumShare * globalMax {
            let left = i == 0 ? -1.0 : smooth[i - 1]
            let right = i == last ? -1.0 : smooth[i + 1]
            if smooth[i] >= left && smooth[i] >= right { peak = i; break }
        }
        return interpolatedLevel(peak: peak, in: smooth, last: last)
    }

    /// Least height (share of the tallest) of a noise peak that a valley
    /// parts from the speech above it (`noiseMode`).
    public static let separatedShare = 0.15
    /// How far under the taller levels such a peak must lie, dB: a noise
    /// that steps by a few dB makes peaks closer than this, and its quietest
    /// step alone is not its level (15 dB missed music under quiet
    /// syllables: docs/features.md, round 4).
    public static let separationDB = 10.0
    /// The deepest point of that valley, at most this share of the peak: a
    /// babble spread flat over 20 dB dips little (round 17; it was 0.5).
    static let valleyShare = 0.9
    /// `hiddenNoisePeak`'s least share of the frames and height, chosen on
    /// the seen held-out draws (docs/features.md, round 23).
    static let hiddenShare = 0.15, hiddenHeightShare = 1.0 / 3

    /// Count and Σ power of the values whose bin lies in `range` (dB).
    public func sum(levelsFrom low: Double, to high: Double) -> (count: Int, power: Double) {
        var count = 0, power = 0.0
        for i in counts.indices {
            let centre = level(ofBin: i) + resolutionDB / 2
            if centre >= low && centre < high {
                count += counts[i]
                power += sums[i]
            }
        }
        return (count, power)
    }
}
