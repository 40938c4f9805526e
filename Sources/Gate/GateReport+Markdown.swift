import StreamingMetrics
import Traces

extension GateReport {
    /// A CI job summary (`$GITHUB_STEP_SUMMARY`): the verdict, a count per
    /// status, a table of every diff of failing and stale fixtures (a
    /// `.p50`/`.p95`/`.max` family that moved identically is one row), and
    /// the next step of a failing run. Text outside code spans is escaped,
    /// so a pattern like `asr.*latency*` reads as written, not in italics.
    public var markdown: String {
        var lines = ["## fixture-check: \(passed ? "✅ passed" : "❌ failed")", "", Self.escape(summary), ""]
        if let enginesSummary { lines += ["Engines — \(Self.escape(enginesSummary))", ""] }
        lines += ["| status | fixtures |", "| --- | ---: |"]
        for status in FixtureStatus.allCases where count(status) > 0 {
            lines.append("| \(cell(status.rawValue)) | \(count(status)) |")
        }
        let shown = noteworthy
        if !shown.isEmpty {
            lines += ["", "| fixture | status | metric | golden | actual | tolerance |", "| --- | --- | --- | ---: | ---: | --- |"]
            for verdict in shown {
                let status = cell(verdict.status.rawValue + (verdict.recorded ? " (recorded)" : ""))
                for error in verdict.errors {
                    lines.append("| \(cell(verdict.id)) | \(status) | \(cell(error)) | | | |")
                }
                for diff in MetricDiff.collapsingSummaries(verdict.diffs) {
                    lines.append("| \(cell(verdict.id)) | \(status) | \(code(diff.metric)) (\(cell(diff.kind.rawValue))) | \(cell(MetricDiff.describe(diff.golden, side: "golden"))) | \(cell(MetricDiff.describe(diff.actual, side: "fixture"))) | \(cell(diff.tolerance.summary)) |")
                }
                if verdict.errors.isEmpty && verdict.diffs.isEmpty {
                    lines.append("| \(cell(verdict.id)) | \(status) | | | | |")
                }
            }
            lines += ["", "Goldens: " + shown.map { code($0.goldenPath) }.joined(separator: ", ")]
        }
        if !nextSteps.isEmpty {
            lines.append("")
            lines += nextSteps.dropFirst().map { "- " + Self.escape($0.trimmingCharacters(in: .whitespaces)) }
        }
        return lines.joined(separator: "\n")
    }

    /// Backslash-escapes every character Markdown could take as markup
    /// (emphasis, code, links, HTML, tables, strikethrough).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>|~".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Table cells cannot hold line breaks, and their text is escaped.
    private func cell(_ text: String) -> String {
        Self.escape(text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " "))
    }

    /// A code span (no escapes inside one): as many backticks around it as
    /// it needs, and `|` escaped for the table, as GitHub requires.
    private func code(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "|", with: "\\|")
        let fence = flat.contains("`") ? "``" : "`"
        return fence == "``" ? "`` \(flat) ``" : "`\(flat)`"
    }
}
