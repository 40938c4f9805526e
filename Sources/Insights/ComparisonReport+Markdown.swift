extension ComparisonReport {
    /// A pull-request or release comment: the verdict line first, then the
    /// ranked findings, then every slice's quality beside its cost.
    public var markdown: String {
        typealias F = DecisionFormatting
        var lines: [String] = []
        lines.append("**fixture-check compare: \(recommendation.action.rawValue)** — \(md(recommendation.reason))")
        lines.append("")
        lines.append("Baseline \(code(baselinePath)) (\(fixturesLabel(baselineFixtures, errored: baselineErrored))) → candidate \(code(candidatePath)) (\(fixturesLabel(candidateFixtures, errored: candidateErrored))). "
            + "Budgets: \(md(budgetsLabel)). SLO burn: \(sloBurn.map { F.value($0) } ?? "not given").")
        if !recommendation.routeToBaseline.isEmpty {
            lines.append("")
            lines.append("Route to the baseline: " + recommendation.routeToBaseline.map(code).joined(separator: ", "))
        }
        if !recommendation.fixtures.isEmpty {
            lines.append("")
            lines.append("Fixtures behind the verdict: " + recommendation.fixtures.map(code).joined(separator: ", "))
        }
        lines.append("")
        lines.append("### Findings (\(comparison.findings.count))")
        lines.append("")
        if comparison.findings.isEmpty {
            lines.append("None: every budgeted metric of every slice is within budget.")
        } else {
            lines.append("| # | kind | status | slice | metric | baseline | candidate | delta | 95 % interval | budget | severity |")
            lines.append("|---:|---|---|---|---|---:|---:|---:|---:|---:|---:|")
            for (index, finding) in comparison.findings.enumerated() {
                let kind = finding.isCriticalRegression ? "**regression (critical)**" : finding.kind.rawValue
                lines.append("| \(index + 1) | \(kind) | \(finding.status.rawValue) | \(code(finding.slice)) | \(finding.metric.map(code) ?? "—") | "
                    + "\(F.value(finding.baseline)) | \(F.value(finding.candidate)) | \(F.signed(finding.delta)) | "
                    + "\(F.interval(finding.evidence?.interval)) | \(F.budget(finding.budget)) | \(F.value(finding.severity)) |")
            }
            let attributed = comparison.findings.enumerated().compactMap { index, finding in
                F.attribution(finding).map { "- #\(index + 1) \(code(finding.slice)) \(finding.metric.map(code) ?? ""): \(md($0))" }
            }
            if !attributed.isEmpty {
                lines.append("")
                lines.append("Intervals: paired bootstrap, \(comparison.bootstrap.resamples) resamples, seed \(comparison.bootstrap.seed); "
                    + "a regression is confirmed when its whole interval is over budget and at least \(comparison.minFixtures) fixtures are in both runs.")
                lines.append("")
                lines += attributed
            }
        }
        lines.append("")
        lines.append("### Slices: quality beside cost")
        lines.append("")
        lines.append("| slice | fixtures | quality | cost |")
        lines.append("|---|---:|---|---|")
        for row in comparison.rows {
            let fixtures = "\(F.value(row.baselineFixtures.map(Double.init))) → \(F.value(row.candidateFixtures.map(Double.init)))"
            lines.append("| \(code(row.slice)) | \(fixtures) | \(md(F.quality(row))) | \(md(F.cost(row))) |")
        }
        return lines.joined(separator: "\n")
    }

    /// A name as inline code; a backtick inside cannot close the span and a
    /// pipe cannot split the table cell.
    private func code(_ text: String) -> String {
        "`" + DecisionFormatting.printable(text).replacingOccurrences(of: "`", with: "'")
            .replacingOccurrences(of: "|", with: "\\|") + "`"
    }

    /// Prose in a table cell: pipes escaped, markup characters neutralized.
    private func md(_ text: String) -> String {
        var out = ""
        for ch in DecisionFormatting.printable(text) {
            if "|*_`<>[]\\".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
