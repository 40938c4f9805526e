/// Nearest-rank percentiles (docs/metrics.md): `p(q) = sorted[ceil(q/100 · n) − 1]`.
public enum Percentile {
    /// The nearest-rank `q`th percentile of `values`; nil when empty.
    public static func nearestRank(_ q: Double, of values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        // q·n first: for whole q and n it is exact, so 95 of 20 values is
        // rank 19, not the 20 that 0.95·20 rounds to in binary.
        let rank = Int((q * Double(sorted.count) / 100).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// `name.p50`, `name.p95` and `name.max` of `values`, null when empty.
    public static func summary(_ name: String, _ values: [Double]) -> MetricSet {
        [
            "\(name).p50": .finite(nearestRank(50, of: values)),
            "\(name).p95": .finite(nearestRank(95, of: values)),
            "\(name).max": .finite(values.max()),
        ]
    }
}
