import FileFormats
import Foundation

extension CoverageReport {
    /// A CI summary: the verdict, then drift alerts, then gaps, then the full
    /// traffic mix — what needs action comes first.
    public var markdown: String {
        var lines: [String] = ["## Fixture coverage", ""]
        let required = dimensions.map { "`\(Self.cellText($0))`" }.joined(separator: " × ")
        let requirementText = minPerCell.map { "required \(required), at least \($0) per cell · **\(gaps.count) of \(cells.count) cells short**" }
            ?? "no coverage requirement (drift only)"
        lines.append("\(fixtureCount) fixtures · \(requirementText) · **\(alerts.count) drift alert\(alerts.count == 1 ? "" : "s")**")
        lines.append("")
        lines.append("Fixtures carrying each dimension (the denominator of its shares): "
            + denominators.keys.sorted(by: codePointOrder).map { "`\(Self.cellText($0))` \(denominators[$0]!) of \(fixtureCount)" }.joined(separator: ", "))
        lines.append("")
        if !unknownDimensions.isEmpty {
            lines.append("> **No fixture or traffic value for** " + unknownDimensions.map { "`\(Self.cellText($0))`" + didYouMean($0) }.joined(separator: ", ") + ": add fixtures carrying these slices.")
            lines.append("")
        }
        let unmatchedTraffic = suggestions.keys.filter { !unknownDimensions.contains($0) }.sorted(by: codePointOrder)
        if !unmatchedTraffic.isEmpty {
            lines.append("> **No fixture carries traffic dimension** " + unmatchedTraffic.map { "`\(Self.cellText($0))`" + didYouMean($0) }.joined(separator: ", ") + ".")
            lines.append("")
        }
        lines.append("### Drift alerts")
        lines.append("")
        if alerts.isEmpty {
            lines.append("None: every value with at least 5 % of traffic has at least half its share among fixtures.")
        } else {
            lines.append("| dimension | value | traffic share | fixture share | fixtures |")
            lines.append("| --- | --- | ---: | ---: | ---: |")
            for row in alerts {
                lines.append("| \(Self.cellText(row.dimension)) | \(Self.cellText(row.value)) | \(Self.percent(row.trafficShare)) | \(Self.percent(row.fixtureShare)) | \(fraction(row)) |")
            }
        }
        lines.append("")
        lines.append("### Coverage gaps")
        lines.append("")
        if minPerCell == nil {
            lines.append("Not checked: no coverage requirement (`--require`) was given.")
        } else if cells.isEmpty {
            lines.append("No required cells: a required dimension has no known value (see above).")
        } else if gaps.isEmpty {
            lines.append("None: every required cell has at least \(minPerCell!) fixture\(minPerCell == 1 ? "" : "s").")
        } else {
            lines.append("| " + dimensions.map(Self.cellText).joined(separator: " | ") + " | have | need |")
            lines.append("| " + dimensions.map { _ in "---" }.joined(separator: " | ") + " | ---: | ---: |")
            for cell in gaps {
                lines.append("| " + cell.values.map(Self.cellText).joined(separator: " | ") + " | \(cell.have) | \(cell.need) |")
            }
        }
        if !drift.isEmpty {
            lines.append("")
            lines.append("### Traffic mix")
            lines.append("")
            lines.append("| dimension | value | traffic share | fixture share | fixtures | alert |")
            lines.append("| --- | --- | ---: | ---: | ---: | :---: |")
            for row in drift {
                lines.append("| \(Self.cellText(row.dimension)) | \(Self.cellText(row.value)) | \(Self.percent(row.trafficShare)) | \(Self.percent(row.fixtureShare)) | \(fraction(row)) | \(row.alert ? "⚠️" : "") |")
            }
            lines.append("")
            let divergences = jsDivergence.keys.sorted().map { dimension in
                "`\(Self.cellText(dimension))` \(jsDivergence[dimension]!.map { ReportNumber.number($0, digits: 3) } ?? "n/a (no fixture carries it)")"
            }
            lines.append("Jensen–Shannon divergence (bits, 0 = same mix, 1 = disjoint): " + divergences.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A drift row's share as a count over its dimension's denominator: "3 of 5".
    func fraction(_ row: Drift) -> String {
        "\(row.fixtureCount) of \(denominators[row.dimension] ?? 0)"
    }

    /// " (did you mean `language`?)" for a dimension with a near fixture key.
    func didYouMean(_ dimension: String) -> String {
        suggestions[dimension].map { " (did you mean `\(Self.cellText($0))`?)" } ?? ""
    }

    /// A share as a percentage with one decimal; `n/a` when unknown.
    static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return "n/a" }
        return ReportNumber.number(share * 100, digits: 1) + " %"
    }

    /// Table cells cannot hold `|` or line breaks.
    static func cellText(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

/// Fixed-digit number text for human-facing reports.
enum ReportNumber {
    static func number(_ value: Double, digits: Int) -> String {
        let text = String(format: "%.\(digits)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
