import FileFormats
import Foundation

/// Night after night (docs/trend.md): per slice and budgeted metric the
/// series of slice means over the runs in the order given, and an alert
/// when a night is worse than the median of the nights before it by more
/// than the metric's budget.
public struct TrendReport: Equatable, Sendable {
    /// One night's value of a series; nil when that run has no such slice
    /// or no fixture of it has the metric.
    public struct Point: Equatable, Sendable {
        public var label: String
        public var value: Double?
    }

    public struct Series: Equatable, Sendable {
        public var slice: String
        public var metric: String
        public var budget: MetricBudget
        public var points: [Point]
    }

    public struct Alert: Equatable, Sendable {
        public var slice: String
        public var metric: String
        /// The night that first went over.
        public var label: String
        /// Its position among the runs (0-based).
        public var night: Int
        /// Median of the nights before it (up to `window`).
        public var baseline: Double
        public var value: Double
        /// value − baseline.
        public var delta: Double
        public var budget: MetricBudget
        /// Later nights, in a row, still over their own baseline: the same
        /// episode, not alerted again.
        public var followingNights: Int
    }

    /// Nights before a night whose median is its baseline.
    public static let window = 7
    /// Fewer earlier nights with a value than this: no baseline, no alert.
    public static let minimumHistory = 3

    public var labels: [String]
    public var series: [Series]
    public var alerts: [Alert]
    /// The budgets file, or nil for the built-in set.
    public var budgetsPath: String?

    /// A point's label: the run's `label`, else its file name without the
    /// extension (`nightly/2026-11-20.json` → `2026-11-20`).
    public static func label(of run: RunResults) -> String {
        if let label = run.label { return label }
        let name = (run.path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        return stem.isEmpty ? name : stem
    }

    /// Runs computed under different `metrics_version`s cannot form one
    /// series; the error names the first file that differs.
    public static func checkComparable(_ runs: [RunResults]) throws {
        guard let first = runs.first(where: { $0.metricsVersion != nil }) else { return }
        if let other = runs.first(where: { $0.metricsVersion != nil && $0.metricsVersion != first.metricsVersion }) {
            throw InputFileError(path: other.path, reason: "metrics_version \"\(other.metricsVersion!)\" differs from \"\(first.metricsVersion!)\" in \(first.path); metrics defined differently cannot form one series")
        }
    }

    public init(runs: [RunResults], budgets: BudgetSet, budgetsPath: String? = nil) {
        self.budgetsPath = budgetsPath
        labels = runs.map(Self.label(of:))
        let tables = runs.map { SliceSummary.slices(of: $0.fixtures) }
        var seen = Set<String>()
        for table in tables { for summary in table.values { seen.formUnion(summary.means.keys) } }
        let metrics = budgets.governedMetrics(seen: seen).filter { seen.contains($0) }
        let slices = Set(tables.flatMap(\.keys)).sorted { a, b in
            if (a == SliceSummary.all) != (b == SliceSummary.all) { return a == SliceSummary.all }
            return codePointOrder(a, b)
        }
        var series: [Series] = []
        var alerts: [Alert] = []
        for slice in slices {
            for metric in metrics {
                guard let budget = budgets.budget(for: metric) else { continue }
                let values = tables.map { $0[slice]?.means[metric] }
                guard values.contains(where: { $0 != nil }) else { continue }
                series.append(Series(slice: slice, metric: metric, budget: budget,
                                     points: zip(labels, values).map { Point(label: $0, value: $1) }))
                alerts += Self.alerts(slice: slice, metric: metric, labels: labels, values: values, budget: budget)
            }
        }
        self.series = series
        self.alerts = alerts.sorted { a, b in
            if a.night != b.night { return a.night < b.night }
            if a.slice != b.slice {
                if (a.slice == SliceSummary.all) != (b.slice == SliceSummary.all) { return a.slice == SliceSummary.all }
                return codePointOrder(a.slice, b.slice)
            }
            return codePointOrder(a.metric, b.metric)
        }
    }

    /// The median of the values of the (up to) `window` nights before
    /// `night` that have one; nil with fewer than `minimumHistory`.
    public static func baseline(_ values: [Double?], before night: Int) -> Double? {
        let history = values[max(0, night - window)..<night].compactMap { $0 }.sorted()
        guard history.count >= minimumHistory else { return nil }
        let middle = history.count / 2
        return history.count % 2 == 1 ? history[middle] : (history[middle - 1] + history[middle]) / 2
    }

    /// Alerts of one series: a night over (worse than its baseline by more
    /// than the budget, float noise excepted) right after a night that was
    /// not over starts an episode and is alerted; the nights that stay over
    /// after it are counted into that alert, not alerted again.
    static func alerts(slice: String, metric: String, labels: [String], values: [Double?], budget: MetricBudget) -> [Alert] {
        var alerts: [Alert] = []
        var previousOver = false
        for night in values.indices {
            guard let value = values[night], let baseline = baseline(values, before: night) else {
                previousOver = false
                continue
            }
            let over = budget.isRegression(delta: value - baseline)
            if over && previousOver, !alerts.isEmpty {
                alerts[alerts.count - 1].followingNights += 1
            } else if over {
                alerts.append(Alert(slice: slice, metric: metric, label: labels[night], night: night, baseline: baseline,
                                    value: value, delta: value - baseline, budget: budget, followingNights: 0))
            }
            previousOver = over
        }
        return alerts
    }

    /// Series with at least one alert.
    public func isAlerted(_ series: Series) -> Bool {
        alerts.contains { $0.slice == series.slice && $0.metric == series.metric }
    }

    /// `{"series": [{"slice", "metric", "points": [{"label", "value"}]}],
    /// "alerts": [{"slice", "metric", "label", "baseline", "value", "delta"}]}`.
    public var json: JSONValue {
        .object([
            "series": .array(series.map { series in
                .object([
                    "slice": .string(series.slice),
                    "metric": .string(series.metric),
                    "points": .array(series.points.map { .object(["label": .string($0.label), "value": .finite($0.value)]) }),
                ])
            }),
            "alerts": .array(alerts.map { alert in
                .object([
                    "slice": .string(alert.slice),
                    "metric": .string(alert.metric),
                    "label": .string(alert.label),
                    "baseline": .finite(alert.baseline),
                    "value": .finite(alert.value),
                    "delta": .finite(alert.delta),
                ])
            }),
        ])
    }

    /// A nightly CI summary: the verdict, the alerts, then every series as a
    /// row of values (alerted series first).
    public var markdown: String {
        typealias F = DecisionFormatting
        func code(_ text: String) -> String {
            "`" + F.printable(text).replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|") + "`"
        }
        var lines = ["## Nightly trend", ""]
        lines.append("\(labels.count) night\(labels.count == 1 ? "" : "s") (\(labels.first.map(code) ?? "—") → \(labels.last.map(code) ?? "—")) · \(series.count) series · **\(alerts.count) alert\(alerts.count == 1 ? "" : "s")** · budgets: \(budgetsPath.map(code) ?? "built-in (docs/decisions.md)")")
        lines.append("")
        lines.append("### Alerts")
        lines.append("")
        if alerts.isEmpty {
            lines.append("None: no night is worse than the median of its previous \(Self.window) nights by more than the metric's budget.")
        } else {
            lines.append("| night | slice | metric | baseline (median) | value | delta | budget | still over after |")
            lines.append("|---|---|---|---:|---:|---:|---:|---:|")
            for alert in alerts {
                lines.append("| \(code(alert.label)) | \(code(alert.slice)) | \(code(alert.metric)) | \(F.value(alert.baseline)) | \(F.value(alert.value)) | \(F.signed(alert.delta)) | \(F.budget(alert.budget)) | \(alert.followingNights) night\(alert.followingNights == 1 ? "" : "s") |")
            }
        }
        lines.append("")
        lines.append("### Series")
        lines.append("")
        lines.append("| slice | metric | " + labels.map(code).joined(separator: " | ") + " |")
        lines.append("|---|---|" + labels.map { _ in "---:" }.joined(separator: "|") + "|")
        for series in series.filter(isAlerted) + series.filter({ !isAlerted($0) }) {
            lines.append("| \(code(series.slice)) | \(code(series.metric)) | " + series.points.map { F.value($0.value) }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
