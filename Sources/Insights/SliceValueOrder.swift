import FileFormats
import FixtureKit
import Traces
/// The order slice values are listed in: buckets in their natural order
/// (so a heat map reads `<0`, `0-5`, `5-10`, …), anything else by code
/// point, so reports are deterministic.
public enum SliceValueOrder {
    /// Natural orders of the derived slices (docs/features.md).
    static let natural: [String: [String]] = [
        "snr_bucket": ["<0", "0-5", "5-10", "10-15", "15-20", "20-30", ">=30"],
        "duration_bucket": DurationBucket.allCases.map(\.rawValue),
    ]

    /// `values` of `dimension` in report order; unknown bucket labels follow
    /// the known ones.
    public static func sorted(_ values: some Sequence<String>, dimension: String) -> [String] {
        let rank = Dictionary(uniqueKeysWithValues: (natural[dimension] ?? []).enumerated().map { ($1, $0) })
        return values.sorted { a, b in
            switch (rank[a], rank[b]) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return codePointOrder(a, b)
            }
        }
    }
}
