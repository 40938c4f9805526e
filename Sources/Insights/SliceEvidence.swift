import FileFormats

/// One fixture's own move inside a slice: present in both runs with a
/// number for the metric on each side.
public struct FixtureDelta: Equatable, Sendable {
    public var id: String
    public var baseline: Double
    public var candidate: Double
    /// Candidate − baseline.
    public var delta: Double
    /// Its share of the slice's paired mean delta: `delta / n`, n the
    /// fixtures present in both runs. The contributions sum to that mean.
    public var contribution: Double
}

/// Whether a finding is established or only suggested by the fixtures.
public enum FindingStatus: String, Sendable, CaseIterable {
    /// The whole bootstrap interval is over budget and the slice has at
    /// least `--min-fixtures` fixtures in both runs; the missing kinds
    /// (a slice or metric absent on one side) are facts, always confirmed.
    case confirmed
    /// Over budget on the means, but the interval reaches back within
    /// budget or the slice has too few fixtures to decide.
    case possible
}

/// What sits under one slice delta: the paired fixtures, worst first, its
/// bootstrap interval, and the fewest fixtures that explain a regression.
public struct SliceEvidence: Equatable, Sendable {
    /// Fixtures in the slice in both runs, by contribution in the bad
    /// direction (worst first), ties by id (code point).
    public var fixtures: [FixtureDelta]
    /// Paired bootstrap interval of the mean delta; nil with no pair.
    public var interval: DeltaInterval?
    /// For a regression: the smallest set of fixtures whose removal (from
    /// both runs) brings the slice back within budget, worst first. nil
    /// when no proper subset does — a slice-wide shift — or when the slice
    /// is not a regression.
    public var drivenBy: [String]?

    /// Builds the evidence of one slice and metric from each run's
    /// per-fixture values (fixture id → value).
    public init(baseline: [String: Double], candidate: [String: Double], budget: MetricBudget?,
                bootstrap: PairedBootstrap = .standard) {
        let paired = Set(baseline.keys).intersection(candidate.keys).sorted(by: codePointOrder)
        let n = Double(paired.count)
        let deltas = paired.map { candidate[$0]! - baseline[$0]! }
        interval = bootstrap.interval(deltas)
        let bad: (Double) -> Double = budget?.direction == .higherIsBetter ? { -$0 } : { $0 }
        fixtures = zip(paired, deltas).map { id, delta in
            FixtureDelta(id: id, baseline: baseline[id]!, candidate: candidate[id]!, delta: delta, contribution: delta / n)
        }.sorted { a, b in
            bad(a.delta) != bad(b.delta) ? bad(a.delta) > bad(b.delta) : codePointOrder(a.id, b.id)
        }
        drivenBy = nil
        let oldIDs = baseline.keys.sorted(by: codePointOrder), newIDs = candidate.keys.sorted(by: codePointOrder)
        guard let budget, let delta = Self.delta(baseline, oldIDs, candidate, newIDs, removing: []),
              budget.isRegression(delta: delta) else { return }
        // Removing the k worst fixtures lowers the paired mean more than
        // removing any other k, so the first k that clears is the smallest
        // set. At least one fixture must stay: removing all is no answer.
        var removed: Set<String> = []
        for fixture in fixtures.dropLast() {
            removed.insert(fixture.id)
            guard let rest = Self.delta(baseline, oldIDs, candidate, newIDs, removing: removed) else { break }
            if !budget.isRegression(delta: rest) {
                drivenBy = fixtures.prefix(removed.count).map(\.id)
                return
            }
        }
    }

    /// The slice delta (mean of candidate − mean of baseline, each over its
    /// own fixtures with the metric) without `removing`; sums in id order
    /// (`oldIDs`, `newIDs` are each side's ids, sorted once).
    static func delta(_ baseline: [String: Double], _ oldIDs: [String], _ candidate: [String: Double], _ newIDs: [String],
                      removing: Set<String>) -> Double? {
        func mean(_ values: [String: Double], _ ids: [String]) -> Double? {
            var sum = 0.0, count = 0
            for id in ids where !removing.contains(id) {
                sum += values[id]!
                count += 1
            }
            return count == 0 ? nil : sum / Double(count)
        }
        guard let old = mean(baseline, oldIDs), let new = mean(candidate, newIDs) else { return nil }
        return new - old
    }

    /// Fixtures present in both runs.
    public var pairedCount: Int { fixtures.count }

    /// The status of a regression with this evidence: confirmed when at
    /// least `minFixtures` fixtures are paired and even the interval's
    /// favourable end is over budget (by more than float noise, so an
    /// interval ending exactly on the budget is only possible).
    public func status(budget: MetricBudget, minFixtures: Int) -> FindingStatus {
        guard pairedCount >= minFixtures, let interval else { return .possible }
        let favourable = budget.direction == .lowerIsBetter ? interval.low : interval.high
        return budget.isRegression(delta: favourable) ? .confirmed : .possible
    }

    /// Paired fixtures whose own delta is over the budget.
    public func overBudget(_ budget: MetricBudget) -> [FixtureDelta] {
        fixtures.filter { budget.isRegression(delta: $0.delta) }
    }
}
