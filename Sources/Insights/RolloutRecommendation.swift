import FileFormats
import Traces

/// What to do with the candidate (SPEC §7).
public enum RolloutAction: String, Sendable, CaseIterable {
    case `continue` = "continue"
    case pause
    case partialRollback = "partial rollback"
    case rollback

    /// Only `continue` clears the candidate; the CLI exits 1 for the rest.
    public var clearsCandidate: Bool { self == .continue }
}

/// A rollout action, the reason a person reads, and the slices to route
/// back to the baseline on a partial rollback.
public struct RolloutRecommendation: Equatable, Sendable {
    public var action: RolloutAction
    public var reason: String
    /// Slices to serve from the baseline; non-empty only for `partial rollback`.
    public var routeToBaseline: [String]

    public init(action: RolloutAction, reason: String, routeToBaseline: [String] = []) {
        self.action = action
        self.reason = reason
        self.routeToBaseline = routeToBaseline
    }

    /// SLO burn rate at or above which the candidate is rolled back outright.
    public static let rollbackBurn = 2.0
    /// Critical regressions in more slices than this are broad: roll back.
    public static let maximumRoutedSlices = 2
    /// Non-critical findings at or above this count pause the rollout.
    public static let pauseFindings = 3

    /// The first SPEC §7 rule that applies. User harm (burn, critical
    /// regressions, many findings) is weighed before any aggregate win.
    ///
    /// A critical regression of the `all` slice is broad by definition —
    /// routing "all" to the baseline is a rollback — so it never yields a
    /// partial rollback.
    public static func recommend(findings: [SliceFinding], aggregateWins: [MetricChange], sloBurn: Double?) -> RolloutRecommendation {
        if let sloBurn, sloBurn >= rollbackBurn {
            return RolloutRecommendation(action: .rollback,
                                         reason: "SLO burn \(JSONValue.format(number: sloBurn)) is at or above \(JSONValue.format(number: rollbackBurn))")
        }
        let critical = findings.filter(\.isCriticalRegression)
        if !critical.isEmpty {
            let slices = Set(critical.map(\.slice)).sorted(by: codePointOrder)
            let metrics = Set(critical.compactMap(\.metric)).sorted(by: codePointOrder).joined(separator: ", ")
            if slices.count > maximumRoutedSlices || slices.contains(SliceSummary.all) {
                return RolloutRecommendation(action: .rollback,
                                             reason: "critical regressions are broad (\(metrics) in \(slices.count) slice\(slices.count == 1 ? "" : "s"): \(slices.joined(separator: ", ")))")
            }
            return RolloutRecommendation(action: .partialRollback,
                                         reason: "route \(slices.joined(separator: ", ")) to the baseline: critical \(metrics) regressed there",
                                         routeToBaseline: slices)
        }
        if findings.count >= pauseFindings {
            return RolloutRecommendation(action: .pause, reason: "\(findings.count) unresolved findings (\(summary(of: findings)))")
        }
        if !aggregateWins.isEmpty {
            let wins = aggregateWins.map(\.metric).joined(separator: ", ")
            let open = findings.isEmpty ? "guardrails are clean" : "\(findings.count) finding\(findings.count == 1 ? "" : "s") to review (\(summary(of: findings)))"
            return RolloutRecommendation(action: .continue, reason: "\(wins) on all better than baseline beyond budget; \(open)")
        }
        if findings.isEmpty {
            return RolloutRecommendation(action: .pause, reason: "no clear win yet: no budgeted metric of all improved beyond its budget")
        }
        return RolloutRecommendation(action: .pause, reason: "no clear win yet, and \(findings.count) finding\(findings.count == 1 ? "" : "s") (\(summary(of: findings)))")
    }

    /// "2 regression, 1 missing_candidate" in a fixed kind order.
    static func summary(of findings: [SliceFinding]) -> String {
        FindingKind.allCases.compactMap { kind in
            let n = findings.filter { $0.kind == kind }.count
            return n == 0 ? nil : "\(n) \(kind.rawValue)"
        }.joined(separator: ", ")
    }
}
