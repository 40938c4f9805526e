import FileFormats

/// A two-sided interval for a slice delta.
public struct DeltaInterval: Equatable, Sendable {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}

/// The paired bootstrap behind every slice delta's interval: resample the
/// fixtures present in both runs (with replacement, same count), take the
/// mean of their candidate − baseline deltas, repeat `resamples` times, and
/// read the 2.5th and 97.5th percentiles (nearest rank) of those means.
/// Deterministic: fixtures in id order (code point), a generator restarted
/// at `seed` for every slice and metric, so neither input order nor the
/// number of slices evaluated before changes an interval.
public struct PairedBootstrap: Equatable, Sendable {
    public var seed: UInt64
    public var resamples: Int
    /// Two-sided coverage, as a percentage of the resampled means kept.
    public var confidencePercent: Int

    public init(seed: UInt64 = PairedBootstrap.standard.seed, resamples: Int = PairedBootstrap.standard.resamples,
                confidencePercent: Int = 95) {
        self.seed = seed
        self.resamples = resamples
        self.confidencePercent = confidencePercent
    }

    /// The settings `compare` uses and prints (`bootstrap` in its JSON).
    public static let standard = PairedBootstrap(seed: 20_260_420, resamples: 2_000, confidencePercent: 95)

    /// The interval of the mean of `deltas` (already in fixture-id order);
    /// nil when there is no pair. A single pair gives a zero-width interval.
    public func interval(_ deltas: [Double]) -> DeltaInterval? {
        guard !deltas.isEmpty else { return nil }
        var generator = SeededRandom(seed: seed)
        let n = deltas.count
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<max(1, resamples) {
            var sum = 0.0
            for _ in 0..<n { sum += deltas[generator.index(below: n)] }
            means.append(sum / Double(n))
        }
        means.sort()
        // Nearest rank in integers: the tails hold (100 − confidence)/2 % each.
        let tailPerMille = (100 - confidencePercent) * 5
        let lowRank = max(1, (tailPerMille * means.count + 999) / 1000)
        let highRank = max(1, ((1000 - tailPerMille) * means.count + 999) / 1000)
        return DeltaInterval(low: means[min(lowRank, means.count) - 1], high: means[min(highRank, means.count) - 1])
    }
}
