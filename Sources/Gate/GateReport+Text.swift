import FileFormats
import StreamingMetrics
import Traces

extension GateReport {
    /// For people at a terminal or in a CI log: each failing (or stale)
    /// fixture with its golden's path, every diff as metric, golden →
    /// actual, tolerance and direction (a `.p50`/`.p95`/`.max` family that
    /// moved identically is one line); then the summary line and, when the
    /// run failed, what to do next.
    public var text: String {
        var lines: [String] = []
        for verdict in noteworthy {
            let label = verdict.fails ? "FAIL" : (verdict.recorded ? "RECORDED" : "STALE")
            lines.append("\(label) \(verdict.id): \(verdict.status.rawValue) — golden \(verdict.goldenPath)")
            for error in verdict.errors { lines.append("  error: \(error)") }
            for diff in MetricDiff.collapsingSummaries(verdict.diffs) { lines.append("  " + diff.text) }
            if let advice = verdict.advice { lines.append("  " + advice) }
        }
        if let enginesSummary { lines.append("engines — " + enginesSummary) }
        lines.append(summary)
        lines += nextSteps
        return lines.joined(separator: "\n")
    }

    /// What a person does after a failing run: look at the failure, then
    /// re-record if it was intended. Empty when the run passed.
    public var nextSteps: [String] {
        guard !passed else { return [] }
        let failing = fixtures.filter(\.fails)
        var steps = ["Next:"]
        if failing.contains(where: { $0.status == .regression }) {
            steps.append("  look: rerun with --artifacts DIR to get DIR/<id>.actual.json and, for a synthetic fixture, its timeline page DIR/<id>.html (or run fixture-check view <fixtures>/<id>)")
            steps.append("  intended: fixture-check check --record failed, then review and commit "
                + failing.filter { $0.status == .regression }.map(\.goldenPath).joined(separator: ", "))
        }
        if failing.contains(where: { $0.status == .audioChanged }) {
            steps.append("  audio changed: if the recording or the feature estimators changed on purpose, fixture-check check --record failed and review the diff")
        }
        if failing.contains(where: { $0.status == .missingGolden }) {
            steps.append("  no golden: review the metrics, then fixture-check check --record missing and commit the new goldens")
        }
        if failing.contains(where: { $0.status == .error }) {
            steps.append("  errors: fix the input named in each error line above and rerun (exit 2 until then)")
        }
        if failing.contains(where: { $0.status == .orphan }) {
            steps.append("  orphans: delete the golden or restore its fixture folder")
        }
        return steps
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

    /// The summaries of one metric (`.p50`, `.p95`, `.max`) that moved
    /// identically, as one diff named `name.p50/p95/max`: a fixture with one
    /// event prints one line, not three equal ones. Others stay as they are,
    /// in order.
    public static func collapsingSummaries(_ diffs: [MetricDiff]) -> [MetricDiff] {
        let suffixes = [".p50", ".p95", ".max"]
        func split(_ name: String) -> (base: String, suffix: String)? {
            suffixes.first(where: name.hasSuffix).map { (String(name.dropLast($0.count)), String($0.dropFirst())) }
        }
        func key(_ diff: MetricDiff) -> String? {
            guard let base = split(diff.metric)?.base else { return nil }
            return [base, describe(diff.golden, side: "golden"), describe(diff.actual, side: "fixture"), diff.kind.rawValue,
                    diff.tolerance.summary].joined(separator: "\u{1}")
        }
        var groups: [String: [Int]] = [:]
        for (i, diff) in diffs.enumerated() {
            if let key = key(diff) { groups[key, default: []].append(i) }
        }
        var result: [MetricDiff] = []
        var done = Set<Int>()
        for (i, diff) in diffs.enumerated() where !done.contains(i) {
            guard let key = key(diff), let members = groups[key], members.count > 1, let base = split(diff.metric)?.base else {
                result.append(diff)
                continue
            }
            done.formUnion(members)
            var merged = diff
            let order = ["p50", "p95", "max"]
            merged.metric = base + "." + members.compactMap { split(diffs[$0].metric)?.suffix }
                .sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }.joined(separator: "/")
            result.append(merged)
        }
        return result
    }
}
