import FileFormats
import StreamingMetrics
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
    /// Fixtures whose run reported errors: their metrics may be partial, so
    /// a missing metric is worth reading alongside them.
    public var baselineErrored: Int
    public var candidateErrored: Int
    public var comparison: SliceComparison
    public var recommendation: RolloutRecommendation

    /// Compares two runs and recommends a rollout action.
    public init(baseline: RunResults, candidate: RunResults, budgets: BudgetSet, budgetsPath: String?, sloBurn: Double?,
                minFixtures: Int = SliceComparison.defaultMinFixtures, bootstrap: PairedBootstrap = .standard) throws {
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
        baselineErrored = baseline.fixtures.filter { !$0.errors.isEmpty }.count
        candidateErrored = candidate.fixtures.filter { !$0.errors.isEmpty }.count
        comparison = SliceComparison(baseline: baseline.fixtures, candidate: candidate.fixtures, budgets: budgets,
                                     minFixtures: minFixtures, bootstrap: bootstrap)
        recommendation = RolloutRecommendation.recommend(comparison: comparison, sloBurn: sloBurn)
    }

    /// "12 fixtures" or "12 fixtures, 2 with errors".
    func fixturesLabel(_ count: Int, errored: Int) -> String {
        "\(count) fixture\(count == 1 ? "" : "s")" + (errored > 0 ? ", \(errored) with errors" : "")
    }

    /// How the budgets are named in reports.
    var budgetsLabel: String { budgetsPath ?? "built-in defaults (docs/decisions.md)" }
}
