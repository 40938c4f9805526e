/// Everything `fixture-check compare` reports: the inputs named, the
/// ranked findings, the per-slice table and the recommendation.
public struct ComparisonReport: Equatable, Sendable {
    public var baselinePath: String
    public var candidatePath: String
    /// The budgets file, or nil for the built-in `BudgetSet.standard`.
    public var budgetsPath: String?
    public var sloBurn: Double?
    public var baselineFixtures: Int
    public var candidateFixtures: Int
    public var comparison: SliceComparison
    public var recommendation: RolloutRecommendation

    /// Compares two runs and recommends a rollout action.
    public init(baseline: RunResults, candidate: RunResults, budgets: BudgetSet, budgetsPath: String?, sloBurn: Double?) throws {
        if let old = baseline.metricsVersion, let new = candidate.metricsVersion, old != new {
            throw InputFileError(path: candidate.path,
                                 reason: "metrics_version \"\(new)\" differs from \"\(old)\" in \(baseline.path); metrics defined differently cannot be compared")
        }
        baselinePath = baseline.path
        candidatePath = candidate.path
        self.budgetsPath = budgetsPath
        self.sloBurn = sloBurn
        baselineFixtures = baseline.fixtures.count
        candidateFixtures = candidate.fixtures.count
        comparison = SliceComparison(baseline: baseline.fixtures, candidate: candidate.fixtures, budgets: budgets)
        recommendation = RolloutRecommendation.recommend(findings: comparison.findings,
                                                         aggregateWins: comparison.aggregateWins, sloBurn: sloBurn)
    }

    /// How the budgets are named in reports.
    var budgetsLabel: String { budgetsPath ?? "built-in defaults (docs/decisions.md)" }
}
