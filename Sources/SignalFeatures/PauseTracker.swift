/// The mean power of the frames well clear of speech: the noise level
/// measured in the pauses the VAD found.
///
/// A frame counts when no speech decision lies within `marginCells` on
/// either side, so word onsets and decaying tails stay out — or when it
/// ends a steady stretch (`SteadyNoiseDetector`), which is noise even where
/// the VAD took it for speech. The window is a fixed ring, so memory does
/// not grow.
public struct PauseTracker: Sendable {
    public let marginCells: Int
    private var levels: [Double]
    private var speech: [Bool]
    private var steady: [Bool]
    private var pushed = 0
    private var sum = 0.0
    private var count = 0

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
        if !steady[centre % steady.count] {
            for frame in low..<total where speech[frame % speech.count] { return }
        }
        sum += levels[centre % levels.count]
        count += 1
    }

    /// Mean power of the pause frames, nil when there were none.
    public var meanPower: Double? { count > 0 ? sum / Double(count) : nil }
    /// Pause frames counted.
    public var frames: Int { count }
}
