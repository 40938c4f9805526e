import FileFormats
import Traces

/// Number and cell spelling shared by the text and markdown reports.
enum DecisionFormatting {
    /// A value as the canonical writer spells it; "—" when absent.
    static func value(_ number: Double?) -> String {
        guard let number, number.isFinite else { return "—" }
        return JSONValue.format(number: number)
    }

    /// A change with its sign, so "+0.08" and "-35" read at a glance.
    static func signed(_ number: Double?) -> String {
        guard let number, number.isFinite else { return "—" }
        let text = JSONValue.format(number: number)
        return number > 0 && text != "0" ? "+" + text : text
    }

    /// A relative change as a whole-ish percentage: "-35%".
    static func percent(_ ratio: Double?) -> String {
        guard let ratio, ratio.isFinite else { return "" }
        let rounded = (ratio * 1000).rounded() / 10
        return signed(rounded) + "%"
    }

    /// The budget as a reader checks it: "≤ +0.01" or "≥ -0.02".
    static func budget(_ budget: MetricBudget?) -> String {
        guard let budget else { return "—" }
        switch budget.direction {
        case .lowerIsBetter: return "≤ " + signed(budget.allowedDelta)
        case .higherIsBetter: return "≥ " + signed(-budget.allowedDelta)
        }
    }

    /// Baseline → candidate of one change.
    static func move(_ change: MetricChange) -> String {
        "\(change.metric) \(value(change.baseline)) → \(value(change.candidate))"
    }

    /// One slice's quality, worst first: regressions and missing values by
    /// name, then wins, then how many metrics stayed within budget.
    static func quality(_ row: SliceRow) -> String {
        if row.baselineFixtures == nil { return "new slice: no baseline" }
        if row.candidateFixtures == nil { return "slice lost: no candidate fixtures" }
        var parts: [String] = []
        for change in row.quality where change.verdict == .regression {
            parts.append("REGRESSION \(change.metric) \(signed(change.delta)) (budget \(budget(change.budget)); 95% \(interval(change.interval)), n=\(change.pairedFixtures))")
        }
        for change in row.quality where change.verdict == .missing {
            parts.append("MISSING \(change.metric) (\(change.baseline == nil ? "baseline" : "candidate") has none)")
        }
        for change in row.quality where change.verdict == .win {
            parts.append("win \(change.metric) \(signed(change.delta)) (95% \(interval(change.interval)))")
        }
        let within = row.quality.filter { $0.verdict == .withinBudget }.count
        if within > 0 { parts.append("\(within) within budget") }
        return parts.isEmpty ? "no budgeted metrics" : parts.joined(separator: "; ")
    }

    /// One slice's cost changes: "cost.usd_per_min 0.02 → 0.013 (-35%)".
    static func cost(_ row: SliceRow) -> String {
        if row.cost.isEmpty { return "—" }
        return row.cost.map { change in
            let relative = percent(change.relativeDelta)
            return move(change) + (relative.isEmpty ? "" : " (\(relative))")
        }.joined(separator: "; ")
    }

    /// The kind as a reader scans it; critical regressions stand out.
    static func kind(_ finding: SliceFinding) -> String {
        finding.isCriticalRegression ? "regression (critical)" : finding.kind.rawValue
    }

    /// Text from fixture files, made safe for a terminal: control
    /// characters (escape sequences) become U+FFFD.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? "\u{FFFD}" : $0
        }))
    }

    /// A 95 % interval as "[+0.01, +0.03]"; "—" when there is none.
    static func interval(_ interval: DeltaInterval?) -> String {
        guard let interval else { return "—" }
        return "[\(signed(interval.low)), \(signed(interval.high))]"
    }

    /// The fixtures under a regression, worst first: "driven by a, b;
    /// a +0.9, b +0.02, c 0 (3 of 60 shown)". At most `limit` are listed.
    static func attribution(_ finding: SliceFinding, limit: Int = 5) -> String? {
        guard finding.kind == .regression, let evidence = finding.evidence else { return nil }
        let driven = evidence.drivenBy.map { "driven by " + $0.joined(separator: ", ") }
            ?? "slice-wide: no subset of its fixtures explains it"
        let shown = evidence.fixtures.prefix(limit).map { "\($0.id) \(signed($0.delta))" }.joined(separator: ", ")
        let more = evidence.fixtures.count > limit ? " (\(limit) of \(evidence.fixtures.count) shown)" : ""
        return "\(driven); fixtures by contribution: \(shown)\(more)"
    }
}
