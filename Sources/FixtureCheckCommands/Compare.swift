import ArgumentParser
import FileFormats
import Insights

/// `fixture-check compare`: slice regressions between two runs, ranked, and
/// a rollout recommendation (docs/decisions.md).
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a candidate run with a baseline, slice by slice, and recommend a rollout action.",
        discussion: """
        Exit codes: 0 continue (the candidate is cleared); 1 pause, partial rollback or \
        rollback; 2 an unreadable or invalid input, named; 64 bad usage. Without --budgets \
        the built-in budgets of docs/decisions.md apply.
        """
    )

    @Option(help: "The baseline's `fixture-check run --format json` result.")
    var baseline: String

    @Option(help: "The candidate's `fixture-check run --format json` result.")
    var candidate: String

    @Option(help: "Budgets JSON: {metric: {allowed_delta, direction, critical}}; default: the built-in budgets.")
    var budgets: String?

    @Option(name: .customLong("slo-burn"), help: "Current SLO burn rate of the canary; 2.0 or more means rollback.")
    var sloBurn: Double?

    @Option(name: .customLong("min-fixtures"), help: "Fixtures a slice needs in both runs before a regression can be confirmed.")
    var minFixtures: Int = SliceComparison.defaultMinFixtures

    @Option(help: "Output format.")
    var format: DecisionFormat = .text

    @Option(help: "Write the report to this file instead of stdout.")
    var output: String?

    func validate() throws {
        guard minFixtures >= 1 else { throw ValidationError("--min-fixtures must be at least 1") }
        if let sloBurn, !(sloBurn.isFinite && sloBurn >= 0) {
            throw ValidationError("--slo-burn must be a finite number ≥ 0")
        }
    }

    func run() throws {
        let report = try exitingOnBadInput {
            let budgetSet = try budgets.map { try BudgetSet.load(path: try InputPath.file($0, role: "budgets")) } ?? .standard
            return try ComparisonReport(baseline: try RunResults.load(path: baseline),
                                        candidate: try RunResults.load(path: candidate),
                                        budgets: budgetSet, budgetsPath: budgets, sloBurn: sloBurn,
                                        minFixtures: minFixtures)
        }
        switch format {
        case .json: try emit(report.json.serialized(), to: output)
        case .markdown: try emit(report.markdown, to: output)
        case .text: try emit(report.text, to: output)
        }
        if !report.recommendation.action.clearsCandidate { throw Exit.regression }
    }
}
