import ArgumentParser
import Insights

/// `fixture-check trend RUN.json…`: per slice and budgeted metric the
/// series over nightly runs, and alerts when a night is worse than the
/// median of its previous seven by more than the budget (docs/trend.md).
struct Trend: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow slice metrics over nightly runs and alert on a night worse than its recent median.",
        discussion: """
        Runs are taken in the order given; a point's label is the run's "label" (run --label), \
        else the file name without extension. Exit codes: 0 report written, no alert; 1 with \
        --fail-on-alerts when any alert fires; 2 an unreadable or invalid input, named; 64 bad usage.
        """
    )

    @Argument(help: "`fixture-check run --format json` results, oldest first.")
    var runs: [String]

    @Option(help: "Budgets JSON: {metric: {allowed_delta, direction, critical}}; default: the built-in budgets.")
    var budgets: String?

    @Option(help: "Output format.")
    var format: PageFormat = .json

    @Option(help: "Write the report to this file instead of stdout.")
    var output: String?

    @Flag(name: .customLong("fail-on-alerts"), help: "Exit 1 when any alert fires.")
    var failOnAlerts = false

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one run JSON file") }
    }

    func run() throws {
        let report = try exitingOnBadInput {
            let budgetSet = try budgets.map(BudgetSet.load(path:)) ?? .standard
            let results = try runs.map(RunResults.load(path:))
            try TrendReport.checkComparable(results)
            return TrendReport(runs: results, budgets: budgetSet, budgetsPath: budgets)
        }
        switch format {
        case .markdown: try emit(report.markdown, to: output)
        case .html: try emit(report.html, to: output)
        case .json: try emit(report.json.serialized(), to: output)
        }
        Diagnostics.note("trend: \(report.labels.count) nights, \(report.series.count) series, \(report.alerts.count) alert\(report.alerts.count == 1 ? "" : "s")")
        if failOnAlerts && !report.alerts.isEmpty { throw Exit.regression }
    }
}
