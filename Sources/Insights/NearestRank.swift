/// Nearest-rank percentile (docs/metrics.md): `sorted[ceil(q/100 · n) − 1]`.
enum NearestRank {
    /// The `percent`-th percentile of ascending `sorted`; nil when empty.
    /// The rank is computed in integers so `0.95 · n` can never round to the
    /// wrong side.
    static func percentile(_ percent: Int, ofSorted sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = (percent * sorted.count + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
