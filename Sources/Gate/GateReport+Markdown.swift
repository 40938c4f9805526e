import StreamingMetrics
import Traces

extension GateReport {
    /// A CI job summary (`$GITHUB_STEP_SUMMARY`): the verdict, a count per
    /// status, and a table of every diff of failing and stale fixtures.
    public var markdown: String {
        var lines = ["## fixture-check: \(passed ? "✅ passed" : "❌ failed")", "", summary, ""]
        if let enginesSummary { lines += ["Engines — \(enginesSummary)", ""] }
        lines += ["| status | fixtures |", "| --- | ---: |"]
        for status in FixtureStatus.allCases where count(status) > 0 {
            lines.append("| \(status.rawValue) | \(count(status)) |")
        }
        let shown = noteworthy
        if !shown.isEmpty {
            lines += ["", "| fixture | status | metric | golden | actual | tolerance |", "| --- | --- | --- | ---: | ---: | --- |"]
            for verdict in shown {
                let status = verdict.status.rawValue + (verdict.recorded ? " (recorded)" : "")
                for error in verdict.errors {
                    lines.append("| \(cell(verdict.id)) | \(status) | \(cell(error)) | | | |")
                }
                for diff in verdict.diffs {
                    lines.append("| \(cell(verdict.id)) | \(status) | `\(cell(diff.metric))` (\(diff.kind.rawValue)) | \(cell(MetricDiff.describe(diff.golden, side: "golden"))) | \(cell(MetricDiff.describe(diff.actual, side: "fixture"))) | \(cell(diff.tolerance.summary)) |")
                }
                if verdict.errors.isEmpty && verdict.diffs.isEmpty {
                    lines.append("| \(cell(verdict.id)) | \(status) | | | | |")
                }
            }
            lines += ["", "Goldens: " + shown.map { "`\(cell($0.goldenPath))`" }.joined(separator: ", ")]
        }
        return lines.joined(separator: "\n")
    }

    /// Table cells cannot hold `|` or line breaks.
    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }
}
