import FileFormats
import FixtureKit
import Traces
/// Baseline against candidate, slice by slice (docs/decisions.md): the ranked
/// findings, the per-slice table, and the aggregate wins the recommendation
/// may weigh.
public struct SliceComparison: Equatable, Sendable {
    /// Findings in rank order (docs/decisions.md).
    public var findings: [SliceFinding]
    /// Every slice of either side: `all` first, then by code point.
    public var rows: [SliceRow]
    /// Budgeted metrics of `all` better than baseline by more than their
    /// budget, by name.
    public var aggregateWins: [MetricChange]

    /// Fixtures a slice needs in both runs before a regression can be
    /// confirmed (`--min-fixtures`).
    public var minFixtures: Int
    /// How every interval was drawn (seed, resamples), printed with it.
    public var bootstrap: PairedBootstrap
    /// Fixtures present in both runs, id → the candidate's slices: the
    /// denominator of breadth and the membership of routing slices.
    public var pairedFixtures: [String: [String: String]]

    /// Prefix of the metrics shown as cost beside every slice's quality.
    public static let costPrefix = "cost."
    /// The default `--min-fixtures`.
    public static let defaultMinFixtures = 5

    public init(baseline: [FixtureResult], candidate: [FixtureResult], budgets: BudgetSet,
                minFixtures: Int = SliceComparison.defaultMinFixtures, bootstrap: PairedBootstrap = .standard) {
        self.init(baseline: SliceSummary.slices(of: baseline), candidate: SliceSummary.slices(of: candidate), budgets: budgets,
                  minFixtures: minFixtures, bootstrap: bootstrap)
        let before = Set(baseline.map(\.id))
        pairedFixtures = Dictionary(uniqueKeysWithValues: candidate.filter { before.contains($0.id) }.map { ($0.id, $0.slices) })
    }

    /// Compares two slice tables; each slice only with its own baseline.
    public init(baseline: [String: SliceSummary], candidate: [String: SliceSummary], budgets: BudgetSet,
                minFixtures: Int = SliceComparison.defaultMinFixtures, bootstrap: PairedBootstrap = .standard) {
        self.minFixtures = minFixtures
        self.bootstrap = bootstrap
        self.pairedFixtures = [:]
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
            var evidence: [String: SliceEvidence] = [:]
            func evidenceOf(_ metric: String) -> SliceEvidence? {
                guard let a = old?.values[metric], let b = new?.values[metric] else { return nil }
                if let known = evidence[metric] { return known }
                let made = SliceEvidence(baseline: a, candidate: b, budget: budgets.budget(for: metric), bootstrap: bootstrap)
                evidence[metric] = made
                return made
            }
            func change(_ metric: String) -> MetricChange {
                let found = evidenceOf(metric)
                return MetricChange(metric: metric, baseline: old?.means[metric], candidate: new?.means[metric],
                                    budget: budgets.budget(for: metric), interval: found?.interval,
                                    pairedFixtures: found?.pairedCount ?? 0)
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
                        let found = evidenceOf(metric)
                        findings.append(SliceFinding(kind: .regression, slice: name, metric: metric,
                                                     baseline: change.baseline, candidate: change.candidate, budget: budget,
                                                     status: found?.status(budget: budget, minFixtures: minFixtures) ?? .possible,
                                                     evidence: found))
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
