import FixtureKit
import StreamingMetrics

/// One slice of a run: the fixtures it holds and the mean of every numeric
/// metric over the fixtures that have it (docs/decisions.md).
public struct SliceSummary: Equatable, Sendable {
    /// `all`, or `dimension=value`.
    public var name: String
    /// Fixtures in the slice, whether or not they have a given metric.
    public var fixtureCount: Int
    /// Mean per metric over the fixtures with a number for it; a metric no
    /// fixture could compute is absent, never 0.
    public var means: [String: Double]
    /// How many fixtures contributed to each mean.
    public var counts: [String: Int]
    /// Each fixture's own value per metric (metric → fixture id → value):
    /// what attribution and the paired bootstrap pair up across runs.
    public var values: [String: [String: Double]]

    public init(name: String, fixtureCount: Int, means: [String: Double], counts: [String: Int],
                values: [String: [String: Double]] = [:]) {
        self.name = name
        self.fixtureCount = fixtureCount
        self.means = means
        self.counts = counts
        self.values = values
    }

    /// The name of the slice holding every fixture.
    public static let all = "all"

    /// The name of the slice `dimension=value`.
    public static func name(dimension: String, value: String) -> String { "\(dimension)=\(value)" }

    /// Every slice of `fixtures`: `all`, and `dimension=value` for each key
    /// of each fixture's slices (derived ones included), keyed by name.
    public static func slices(of fixtures: [FixtureResult]) -> [String: SliceSummary] {
        var members: [String: [FixtureResult]] = [all: fixtures]
        for fixture in fixtures {
            for (dimension, value) in fixture.slices {
                members[name(dimension: dimension, value: value), default: []].append(fixture)
            }
        }
        return members.reduce(into: [:]) { table, entry in
            table[entry.key] = summarize(name: entry.key, entry.value)
        }
    }

    static func summarize(name: String, _ fixtures: [FixtureResult]) -> SliceSummary {
        var sums: [String: Double] = [:], counts: [String: Int] = [:], values: [String: [String: Double]] = [:]
        // Fixture order is the file's order, so the float sums are reproducible.
        for fixture in fixtures {
            for (metric, value) in fixture.metrics {
                guard let number = value.number, number.isFinite else { continue }
                sums[metric, default: 0] += number
                counts[metric, default: 0] += 1
                values[metric, default: [:]][fixture.id] = number
            }
        }
        let means = sums.reduce(into: [String: Double]()) { $0[$1.key] = $1.value / Double(counts[$1.key]!) }
        return SliceSummary(name: name, fixtureCount: fixtures.count, means: means, counts: counts, values: values)
    }
}
