import Foundation

/// The noise level measured in the pauses the VAD found: the mean power of
/// the frames well clear of speech.
///
/// A frame counts when no speech decision lies within `marginCells` on
/// either side, so word onsets and decaying tails stay out — or when it
/// ends a steady stretch (`SteadyNoiseDetector`), which is noise even where
/// the VAD took it for speech. A frame more than `outlierDB` over the
/// pauses' 90th percentile (a quiet breath between words) is left out of
/// the mean, while a noise's own loud moments stay within it. Digital
/// silence before the first sound and after the last is padding, not
/// noise (`SilentPadding`); a narrow noise is cut closer (`kept`). The
/// window is a fixed ring and the levels a histogram: memory is fixed.
public struct PauseTracker: Sendable {
    public let marginCells: Int
    private var levels: [Double]
    private var speech: [Bool]
    private var steady: [Bool]
    private var pushed = 0
    private var pauseLevels = LevelHistogram()
    /// The pause frames of digital silence before the first sound and after the last.
    private var padding = SilentPadding()
    /// How far over the pauses' 90th percentile a frame still counts, dB.
    public static let outlierDB = 6.0
    /// A noise whose pause frames' median lies at most this far over their
    /// 10th percentile, and their 90th about as near over it, is narrow:
    /// white noise's 25 ms frames spread 0.35 dB, pink's 1.3; a hum's
    /// alternate between two levels.
    public static let narrowSpreadDB = 1.0
    /// How far over their median the pauses' 90th percentile lies when they
    /// hold speech, dB: a noise's 25 ms frames spread less (white 0.3 dB,
    /// brown 5, a babble's or a stepping noise's or a tune's 3–10), a
    /// talker's quiet frames 10–30.
    public static let speechSpreadDB = 10.0
    /// How far pass 1's noise must lie over the pauses' mean for it to be
    /// speech, dB: a babble's pauses read 2–5 dB under it when the VAD took
    /// its loud moments for words.
    public static let modelGapDB = 5.0
    /// Spreads (10th to 90th percentile) a noise's loud moments reach over
    /// the pauses' 90th: a babble's spread is 9–13 dB, pink noise's 3–4.5,
    /// so words 6–10 dB over pink noise are not its moments (round 18).
    public static let reachSpreads = 2.0

    public init(marginCells: Int) {
        self.marginCells = marginCells
        levels = [Double](repeating: 0, count: 2 * marginCells + 1)
        speech = [Bool](repeating: true, count: 2 * marginCells + 1)
        steady = [Bool](repeating: false, count: 2 * marginCells + 1)
    }

    /// Feeds the next frame's level, raw speech decision and whether it
    /// ends a steady stretch.
    public mutating func push(level: Double, speech isSpeech: Bool, steady isSteady: Bool) {
        let slot = pushed % levels.count
        levels[slot] = level
        speech[slot] = isSpeech
        steady[slot] = isSteady
        pushed += 1
        judgeCentre(upTo: pushed)
    }

    /// Judges the frames still waiting for their right-hand context; the
    /// recording's end is silence for that purpose.
    public mutating func finish() {
        let end = pushed
        for _ in 0..<marginCells {
            let slot = pushed % levels.count
            speech[slot] = false
            steady[slot] = false
            levels[slot] = 0
            pushed += 1
            judgeCentre(upTo: pushed, realEnd: end)
        }
    }

    private mutating func judgeCentre(upTo total: Int, realEnd: Int? = nil) {
        let centre = total - 1 - marginCells
        guard centre >= 0, centre < (realEnd ?? total) else { return }
        let low = max(0, centre - marginCells)
        let level = levels[centre % levels.count]
        let isPause = steady[centre % steady.count] || !(low..<total).contains { speech[$0 % speech.count] }
        padding.push(level: level, counted: isPause)
        if isPause { pauseLevels.add(power: level) }
    }

    /// Σ power and count of the pause frames the noise's mean keeps (`kept`),
    /// whether the noise is narrow (a steady noise, which has no loud
    /// moments), and the loudest level its own frames reach, as a power: the
    /// pauses' 90th percentile plus `reachSpreads` of their 10th–90th spread
    /// (a louder segment is no loud moment of it: `FeatureAnalysis.wordSegments`);
    /// nil when there were none. Digital silence counts only when it is the
    /// recording's noise (`silenceIsNoise`, pass 1's verdict): in a noisy one
    /// it is a gap (`NoiseFloorEstimator.isDropout`).
    public func noise(silenceIsNoise: Bool) -> (power: Double, frames: Int, narrow: Bool, reach: Double)? {
        guard let pauses = statistics(silenceIsNoise: silenceIsNoise) else { return nil }
        let kept = Self.kept(pauses)
        let reach = pow(10, (pauses.high + Self.reachSpreads * (pauses.high - pauses.low)) / 10)
        return kept.count > 0 ? (kept.power, kept.count, pauses.narrow, reach) : nil
    }

    /// The noise within the pauses when pass 1's noise (`modelPower`) lay on
    /// speech, dB, else nil. Then the VAD heard only the talker's louder
    /// frames: the pauses hold his quiet ones, so they spread far over their
    /// median (`speechSpreadDB`), and their mean lies well under the model
    /// (`modelGapDB`). Their lowest prominent level mode is the noise
    /// between his words (docs/features.md, round 15).
    public func noiseUnderSpeech(silenceIsNoise: Bool, modelPower: Double) -> Double? {
        guard let pauses = statistics(silenceIsNoise: silenceIsNoise), !pauses.narrow,
              pauses.high - pauses.median >= Self.speechSpreadDB else { return nil }
        let kept = Self.kept(pauses)
        guard kept.count > 0, 10 * log10(modelPower * Double(kept.count) / kept.power) >= Self.modelGapDB else { return nil }
        return pauses.levels.noiseMode()
    }

    /// The pause frames' levels (digital silence out unless it is the noise),
    /// their 10th, 50th and 90th percentiles, and whether they are narrow;
    /// nil when there were no pauses.
    private typealias Statistics = (levels: LevelHistogram, low: Double, median: Double, high: Double, narrow: Bool)
    private func statistics(silenceIsNoise: Bool) -> Statistics? {
        var levels = pauseLevels
        levels.remove(power: 0, count: silenceIsNoise ? padding.frames : levels.counts[0])
        guard let high = levels.percentile(0.9), let median = levels.percentile(0.5),
              let low = levels.percentile(0.1) else { return nil }
        let spread = median - low, slack = 2 * levels.resolutionDB
        let narrow = spread <= Self.narrowSpreadDB && high - median <= 1.5 * spread + slack
        return (levels, low, median, high, narrow)
    }

    /// Count and Σ power of the pause frames the noise's mean keeps: up to
    /// `outlierDB` over their 90th percentile; a narrow noise's, where a word
    /// the VAD missed at low SNR stands only a few dB over it, up to its
    /// median plus twice its spread under the median, plus two bins.
    private static func kept(_ pauses: Statistics) -> (count: Int, power: Double) {
        let slack = 2 * pauses.levels.resolutionDB
        let top = pauses.narrow ? pauses.median + 2 * (pauses.median - pauses.low) + slack : pauses.high + outlierDB
        return pauses.levels.sum(levelsFrom: -.infinity, to: top)
    }
    /// Pause frames counted.
    public var frames: Int { pauseLevels.total }
}
