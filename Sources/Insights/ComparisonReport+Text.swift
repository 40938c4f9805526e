extension ComparisonReport {
    /// A terminal report: the verdict, the ranked findings, then each
    /// slice's quality with its cost beside it.
    public var text: String {
        typealias F = DecisionFormatting
        var lines: [String] = []
        lines.append("verdict: \(recommendation.action.rawValue.uppercased()) — \(F.printable(recommendation.reason))")
        lines.append("baseline \(F.printable(baselinePath)) (\(fixturesLabel(baselineFixtures, errored: baselineErrored))), candidate \(F.printable(candidatePath)) (\(fixturesLabel(candidateFixtures, errored: candidateErrored)))")
        lines.append("budgets: \(F.printable(budgetsLabel)); SLO burn: \(sloBurn.map { F.value($0) } ?? "not given")")
        lines.append("")
        let findings = comparison.findings
        lines.append(findings.isEmpty ? "findings: none" : "findings (\(findings.count), worst first):")
        let table = findings.enumerated().map { index, finding -> [String] in
            [
                "\(index + 1).", F.kind(finding), finding.status.rawValue, F.printable(finding.slice), F.printable(finding.metric ?? "—"),
                "\(F.value(finding.baseline)) → \(F.value(finding.candidate))",
                "delta \(F.signed(finding.delta))", "95% \(F.interval(finding.evidence?.interval))",
                "budget \(F.budget(finding.budget))", "severity \(F.value(finding.severity))",
            ]
        }
        for (finding, line) in zip(findings, aligned(table)) {
            lines.append("  " + line)
            if let attribution = F.attribution(finding) { lines.append("      " + F.printable(attribution)) }
        }
        if !findings.isEmpty {
            lines.append("  (intervals: paired bootstrap, \(comparison.bootstrap.resamples) resamples, seed \(comparison.bootstrap.seed); confirmed needs ≥ \(comparison.minFixtures) fixtures in both runs)")
        }
        if !recommendation.fixtures.isEmpty {
            lines.append("fixtures behind the verdict: " + F.printable(recommendation.fixtures.joined(separator: ", ")))
        }
        lines.append("")
        lines.append("slices (fixtures baseline → candidate | quality | cost):")
        let rows = comparison.rows.map { row -> [String] in
            [F.printable(row.slice), "\(F.value(row.baselineFixtures.map(Double.init))) → \(F.value(row.candidateFixtures.map(Double.init)))",
             "| " + F.printable(F.quality(row)), "| " + F.printable(F.cost(row))]
        }
        lines += aligned(rows).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    /// Pads every column but the last to its widest cell.
    private func aligned(_ rows: [[String]]) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
