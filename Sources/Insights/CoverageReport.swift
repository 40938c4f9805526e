import FileFormats
import StreamingMetrics
import Traces
/// How a fixture set covers the slices that matter, and how its mix drifts
/// from production traffic (docs/coverage.md). A pure value: built from
/// slices, an optional requirement and an optional traffic mix; written by
/// its format files.
public struct CoverageReport: Equatable, Sendable {
    /// One combination of the required dimensions' values.
    public struct Cell: Equatable, Sendable {
        /// Values aligned with `CoverageReport.dimensions`.
        public var values: [String]
        /// Fixtures whose slices match every value.
        public var have: Int
        public var need: Int
        public var isGap: Bool { have < need }
    }

    /// One value of a traffic dimension: its production and fixture shares.
    public struct Drift: Equatable, Sendable {
        public var dimension: String
        public var value: String
        public var trafficShare: Double
        /// Share among fixtures that carry the dimension; nil when none do.
        public var fixtureShare: Double?
        /// Fixtures with this value (the share's numerator); the
        /// denominator is `denominators[dimension]`.
        public var fixtureCount: Int
        /// Traffic share ≥ 5 % and fixture share below half of it.
        public var alert: Bool
    }

    /// Traffic shares at or above this can raise an alert.
    public static let alertMinimumTrafficShare = 0.05
    /// Slack for shares computed by division sitting exactly on a threshold.
    static let epsilon = 1e-9

    public var fixtureCount: Int
    /// Required dimensions; empty without `--require`.
    public var dimensions: [String]
    /// nil without `--require` (drift only).
    public var minPerCell: Int?
    /// Per required or traffic dimension, the fixtures that carry it: the
    /// denominator of every fixture share of that dimension.
    public var denominators: [String: Int]
    /// A required or traffic dimension no fixture carries → the fixture
    /// slice key nearest to it, when it looks like a typo.
    public var suggestions: [String: String]
    /// Every required cell, in dimension order then value order.
    public var cells: [Cell]
    /// Required dimensions with no known value at all: no fixture has the
    /// key and traffic does not list it, so not a single cell can exist.
    public var unknownDimensions: [String]
    /// Per traffic dimension (code-point order), per value (report order).
    public var drift: [Drift]
    /// Jensen–Shannon divergence (bits) per traffic dimension; nil when no
    /// fixture carries the dimension.
    public var jsDivergence: [String: Double?]

    public var gaps: [Cell] { cells.filter(\.isGap) }
    public var alerts: [Drift] { drift.filter(\.alert) }
    /// What `--fail-on-gaps` fails on.
    public var hasFindings: Bool { !gaps.isEmpty || !alerts.isEmpty || !unknownDimensions.isEmpty }

    public init(fixtures: [[String: String]], requirement: CoverageRequirement?, traffic: TrafficMix?) {
        fixtureCount = fixtures.count
        let requirement = requirement ?? CoverageRequirement(dimensions: [], minPerCell: 0)
        dimensions = requirement.dimensions
        minPerCell = requirement.dimensions.isEmpty ? nil : requirement.minPerCell
        let trafficShares = traffic?.shares ?? [:]
        let named = Set(requirement.dimensions).union(trafficShares.keys)
        denominators = Dictionary(uniqueKeysWithValues: named.map { dimension in
            (dimension, fixtures.filter { $0[dimension] != nil }.count)
        })
        let carried = Set(fixtures.flatMap(\.keys))
        suggestions = [:]
        for dimension in named where !carried.contains(dimension) {
            if let near = NearestName.suggestion(for: dimension, among: carried.sorted(by: codePointOrder)) { suggestions[dimension] = near }
        }

        let known = requirement.dimensions.map { dimension in
            var values = Set(fixtures.compactMap { $0[dimension] })
            values.formUnion(trafficShares[dimension]?.keys ?? [:].keys)
            return SliceValueOrder.sorted(values, dimension: dimension)
        }
        unknownDimensions = zip(requirement.dimensions, known).filter { $1.isEmpty }.map(\.0)
        var counts: [[String]: Int] = [:]
        for slices in fixtures {
            let values = requirement.dimensions.compactMap { slices[$0] }
            if values.count == requirement.dimensions.count { counts[values, default: 0] += 1 }
        }
        cells = requirement.dimensions.isEmpty ? [] : Self.product(known).map { Cell(values: $0, have: counts[$0] ?? 0, need: requirement.minPerCell) }

        drift = []
        jsDivergence = [:]
        for dimension in trafficShares.keys.sorted(by: codePointOrder) {
            let shares = trafficShares[dimension]!
            let carrying = fixtures.compactMap { $0[dimension] }
            var fixtureCounts: [String: Int] = [:]
            for value in carrying { fixtureCounts[value, default: 0] += 1 }
            let values = SliceValueOrder.sorted(Set(shares.keys).union(fixtureCounts.keys), dimension: dimension)
            var p: [Double] = [], q: [Double] = []
            for value in values {
                let trafficShare = shares[value] ?? 0
                let fixtureShare = carrying.isEmpty ? nil : Double(fixtureCounts[value] ?? 0) / Double(carrying.count)
                let alert = trafficShare >= Self.alertMinimumTrafficShare - Self.epsilon
                    && (fixtureShare ?? 0) < trafficShare / 2 - Self.epsilon
                drift.append(Drift(dimension: dimension, value: value, trafficShare: trafficShare,
                                   fixtureShare: fixtureShare, fixtureCount: fixtureCounts[value] ?? 0, alert: alert))
                p.append(trafficShare)
                q.append(fixtureShare ?? 0)
            }
            jsDivergence[dimension] = carrying.isEmpty ? .some(nil) : JensenShannon.divergence(p, q)
        }
    }

    /// Every combination, first dimension slowest.
    private static func product(_ lists: [[String]]) -> [[String]] {
        lists.reduce([[]]) { partial, values in partial.flatMap { prefix in values.map { prefix + [$0] } } }
    }
}
