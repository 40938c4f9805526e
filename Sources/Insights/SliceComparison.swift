import FileFormats
import FixtureKit
import Traces
/// Baseline against candidate, slice by slice (SPEC §7): the ranked
/// findings, the per-slice table, and the aggregate wins the recommendation
/// may weigh.
public struct SliceComparison: Equatable, Sendable {
    /// Findings in SPEC §7 rank order.
    public var findings: [SliceFinding]
    /// Every slice of either side: `all` first, then by code point.
    public var rows: [SliceRow]
    /// Budgeted metrics of `all` better than baseline by more than their
    /// budget, by name.
    public var aggregateWins: [MetricChange]

    /// Prefix of the metrics shown as cost beside every slice's quality.
    public static let costPrefix = "cost."

    public init(baseline: [FixtureResult], candidate: [FixtureResult], budgets: BudgetSet) {
        self.init(baseline: SliceSummary.slices(of: baseline), candidate: SliceSummary.slices(of: candidate), budgets: budgets)
    }

    /// Compares two slice tables; each slice only with its own baseline.
    public init(baseline: [String: SliceSummary], candidate: [String: SliceSummary], budgets: BudgetSet) {
        var seen = Set<String>()
        for summary in baseline.values { seen.formUnion(summary.means.keys) }
        for summary in candidate.values { seen.formUnion(summary.means.keys) }
        let governed = budgets.governedMetrics(seen: seen)
        let costs = seen.filter { $0.hasPrefix(SliceComparison.costPrefix) }.sorted(by: codePointOrder)

        let names = Set(baseline.keys).union(candidate.keys).sorted { a, b in
            if (a == SliceSummary.all) != (b == SliceSummary.all) { return a == SliceSummary.all }
            return codePointOrder(a, b)
        }
        var findings: [SliceFinding] = []
        var rows: [SliceRow] = []
        for name in names {
            let old = baseline[name], new = candidate[name]
            func change(_ metric: String) -> MetricChange {
                MetricChange(metric: metric, baseline: old?.means[metric], candidate: new?.means[metric],
                             budget: budgets.budget(for: metric))
            }
            let quality = governed.filter { !$0.hasPrefix(SliceComparison.costPrefix) }.map(change)
                .filter { $0.baseline != nil || $0.candidate != nil }
            rows.append(SliceRow(slice: name, baselineFixtures: old?.fixtureCount, candidateFixtures: new?.fixtureCount,
                                 quality: quality, cost: costs.map(change).filter { $0.baseline != nil || $0.candidate != nil }))
            guard old != nil else { findings.append(SliceFinding(kind: .missingBaseline, slice: name)); continue }
            guard new != nil else { findings.append(SliceFinding(kind: .missingCandidate, slice: name)); continue }
            for metric in governed {
                let change = change(metric)
                switch (change.baseline, change.candidate, change.budget) {
                case (nil, nil, _), (_, _, nil):
                    continue  // absent on both sides: nothing measured, nothing lost
                case (nil, _, let budget?), (_, nil, let budget?):
                    findings.append(SliceFinding(kind: .missingMetric, slice: name, metric: metric,
                                                 baseline: change.baseline, candidate: change.candidate, budget: budget))
                case (_?, _?, let budget?):
                    if budget.isRegression(delta: change.delta!) {
                        findings.append(SliceFinding(kind: .regression, slice: name, metric: metric,
                                                     baseline: change.baseline, candidate: change.candidate, budget: budget))
                    }
                }
            }
        }
        self.findings = findings.sorted(by: SliceFinding.ranked)
        self.rows = rows
        let allRow = rows.first { $0.slice == SliceSummary.all }
        self.aggregateWins = ((allRow?.quality ?? []) + (allRow?.cost ?? [])).filter { $0.verdict == .win }
            .sorted { codePointOrder($0.metric, $1.metric) }
    }
}
