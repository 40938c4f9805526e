import FileFormats
import StreamingMetrics
import Traces

extension GateReport {
    /// For people at a terminal or in a CI log: each failing (or stale)
    /// fixture with its golden's path, every diff as metric, golden →
    /// actual, tolerance and direction; then the summary line.
    public var text: String {
        var lines: [String] = []
        for verdict in noteworthy {
            let label = verdict.fails ? "FAIL" : (verdict.recorded ? "RECORDED" : "STALE")
            lines.append("\(label) \(verdict.id): \(verdict.status.rawValue) — golden \(verdict.goldenPath)")
            for error in verdict.errors { lines.append("  error: \(error)") }
            for diff in verdict.diffs { lines.append("  " + diff.text) }
            if let advice = verdict.advice { lines.append("  " + advice) }
        }
        if let enginesSummary { lines.append("engines — " + enginesSummary) }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }
}

extension MetricDiff {
    /// `asr.wer: 0.1 → 0.25 (regression; tolerance abs 0.02, lower_is_better from "asr.wer")`
    public var text: String {
        "\(metric): \(MetricDiff.describe(golden, side: "golden")) → \(MetricDiff.describe(actual, side: "fixture")) (\(kind.rawValue); tolerance \(tolerance.summary))"
    }

    static func describe(_ value: MetricValue?, side: String) -> String {
        switch value {
        case nil: "(absent from \(side))"
        case .string(let s)?: "\"\(s)\""
        case let value?: value.text
        }
    }
}
