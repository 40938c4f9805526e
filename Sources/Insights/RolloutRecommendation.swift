import FileFormats
import Traces

/// What to do with the candidate (docs/decisions.md).
public enum RolloutAction: String, Sendable, CaseIterable {
    case `continue` = "continue"
    case pause
    case partialRollback = "partial rollback"
    case rollback

    /// Only `continue` clears the candidate; the CLI exits 1 for the rest.
    public var clearsCandidate: Bool { self == .continue }
}

/// A rollout action, the reason a person reads, the slice to route back
/// to the baseline on a partial rollback, and the fixtures behind it.
public struct RolloutRecommendation: Equatable, Sendable {
    public var action: RolloutAction
    public var reason: String
    /// Slices to serve from the baseline; non-empty only for `partial rollback`.
    public var routeToBaseline: [String]
    /// The fixtures the decision rests on (regressing fixtures of the
    /// findings that decided it), by id (code point).
    public var fixtures: [String]
    /// Distinct fixtures over a critical budget in confirmed critical
    /// findings, and the fixtures present in both runs: breadth is their ratio.
    public var regressingFixtures: Int
    public var pairedFixtures: Int

    public init(action: RolloutAction, reason: String, routeToBaseline: [String] = [], fixtures: [String] = [],
                regressingFixtures: Int = 0, pairedFixtures: Int = 0) {
        self.action = action
        self.reason = reason
        self.routeToBaseline = routeToBaseline
        self.fixtures = fixtures
        self.regressingFixtures = regressingFixtures
        self.pairedFixtures = pairedFixtures
    }

    /// SLO burn rate at or above which the candidate is rolled back outright.
    public static let rollbackBurn = 2.0
    /// A critical regression is broad when at least this percentage of the
    /// fixtures present in both runs regress (compared in integers, so
    /// exactly 20 % is broad).
    public static let broadPercent = 20
    /// Confirmed findings at or above this count pause the rollout.
    public static let pauseFindings = 3
    /// Slice dimensions the serving stack can route on: a partial rollback
    /// may name only these. Derived buckets (`snr_bucket`,
    /// `duration_bucket`) and descriptive slices (scenario, noise, …) are
    /// properties of a recording, not of a request the router sees.
    public static let routingDimensions: Set<String> = ["language", "accent", "device", "sdk", "region"]

    /// The first rule that applies (docs/decisions.md). User harm (burn,
    /// confirmed critical regressions, possible ones) is weighed before any
    /// aggregate win; breadth is counted in fixtures, not slices, because one
    /// fixture is in `all` and in every slice it carries.
    public static func recommend(comparison: SliceComparison, sloBurn: Double?) -> RolloutRecommendation {
        let findings = comparison.findings
        let paired = comparison.pairedFixtures
        let n = paired.count
        if let sloBurn, sloBurn >= rollbackBurn {
            return RolloutRecommendation(action: .rollback,
                                         reason: "SLO burn \(JSONValue.format(number: sloBurn)) is at or above \(JSONValue.format(number: rollbackBurn))",
                                         pairedFixtures: n)
        }
        let critical = findings.filter { $0.isCriticalRegression && $0.isConfirmed }
        if !critical.isEmpty {
            var regressing = Set<String>()
            for finding in critical { regressing.formUnion(finding.evidence.map { $0.overBudget(finding.budget!).map(\.id) } ?? []) }
            let ids = regressing.sorted(by: codePointOrder)
            let metrics = names(critical.compactMap(\.metric))
            let count = "\(ids.count) of \(n) fixture\(n == 1 ? "" : "s")"
            func make(_ action: RolloutAction, _ reason: String, route: [String] = []) -> RolloutRecommendation {
                RolloutRecommendation(action: action, reason: reason, routeToBaseline: route, fixtures: ids,
                                      regressingFixtures: ids.count, pairedFixtures: n)
            }
            if ids.count * 100 >= broadPercent * n {
                return make(.rollback, "critical \(metrics) regressions are broad: \(count) regress (at least \(broadPercent) %)")
            }
            if let shift = critical.first(where: { $0.slice == SliceSummary.all && $0.evidence?.drivenBy == nil }) {
                return make(.rollback, "critical \(shift.metric ?? "") shifted slice-wide: no subset of fixtures explains the regression of all")
            }
            if ids.isEmpty {
                return make(.pause, "critical \(metrics) regressed on \(names(critical.map(\.slice))) but no fixture in both runs is over budget on its own: the slice membership changed; look before deciding")
            }
            let named = "\(count) (\(ids.joined(separator: ", ")))"
            if let slice = narrowestRoutingSlice(holding: regressing, paired: paired) {
                return make(.partialRollback, "route \(slice) to the baseline: critical \(metrics) regression driven by \(named), all in \(slice)",
                            route: [slice])
            }
            return make(.pause, "critical \(metrics) regression driven by \(named); no routing slice (\(routingDimensions.sorted().joined(separator: ", "))) holds them without the rest: fix or drop these fixtures' cases before deciding")
        }
        let confirmed = findings.filter(\.isConfirmed)
        let possibleCritical = findings.filter { $0.isCriticalRegression && !$0.isConfirmed }
        if !possibleCritical.isEmpty {
            var held = Set<String>()
            for finding in possibleCritical { held.formUnion(finding.heldBy) }
            let ids = held.sorted(by: codePointOrder)
            let few = possibleCritical.filter { ($0.evidence?.pairedCount ?? 0) < comparison.minFixtures }
            let why = few.count == possibleCritical.count
                ? "too few fixtures to decide (fewer than \(comparison.minFixtures) in both runs)"
                : few.isEmpty ? "the 95 % interval reaches back within budget"
                : "too few fixtures to decide on \(names(few.map(\.slice))), the 95 % interval reaches back within budget elsewhere"
            return RolloutRecommendation(action: .pause,
                                         reason: "possible critical \(names(possibleCritical.compactMap(\.metric))) regression on \(names(possibleCritical.map(\.slice))), not confirmed: \(why)"
                                             + (ids.isEmpty ? "" : "; fixtures over budget: \(ids.joined(separator: ", "))"),
                                         fixtures: ids, pairedFixtures: n)
        }
        let unconfirmed = findings.count - confirmed.count
        let possibleNote = unconfirmed == 0 ? "" : "; \(unconfirmed) possible finding\(unconfirmed == 1 ? "" : "s") not confirmed"
        if confirmed.count >= pauseFindings {
            return RolloutRecommendation(action: .pause, reason: "\(confirmed.count) unresolved findings (\(summary(of: confirmed)))" + possibleNote,
                                         pairedFixtures: n)
        }
        if !comparison.aggregateWins.isEmpty {
            let wins = comparison.aggregateWins.map(\.metric).joined(separator: ", ")
            let open = confirmed.isEmpty ? "guardrails are clean" : "\(confirmed.count) finding\(confirmed.count == 1 ? "" : "s") to review (\(summary(of: confirmed)))"
            return RolloutRecommendation(action: .continue, reason: "\(wins) on all better than baseline beyond budget; \(open)" + possibleNote,
                                         pairedFixtures: n)
        }
        if confirmed.isEmpty {
            return RolloutRecommendation(action: .pause, reason: "no clear win yet: no budgeted metric of all improved beyond its budget" + possibleNote,
                                         pairedFixtures: n)
        }
        return RolloutRecommendation(action: .pause, reason: "no clear win yet, and \(confirmed.count) finding\(confirmed.count == 1 ? "" : "s") (\(summary(of: confirmed)))" + possibleNote,
                                     pairedFixtures: n)
    }

    /// The routing slice with the fewest fixtures in both runs that holds
    /// every one of `ids`, provided it leaves some fixture out (routing a
    /// slice that holds everything is a rollback); ties by name.
    static func narrowestRoutingSlice(holding ids: Set<String>, paired: [String: [String: String]]) -> String? {
        var best: (name: String, size: Int)?
        for dimension in routingDimensions {
            let values = Set(ids.map { paired[$0]?[dimension] })
            guard values.count == 1, let value = values.first ?? nil else { continue }
            let size = paired.values.filter { $0[dimension] == value }.count
            guard size < paired.count else { continue }
            let name = SliceSummary.name(dimension: dimension, value: value)
            if best == nil || size < best!.size || (size == best!.size && codePointOrder(name, best!.name)) { best = (name, size) }
        }
        return best?.name
    }

    /// Distinct names, code-point order, comma-separated.
    static func names(_ items: [String]) -> String {
        Set(items).sorted(by: codePointOrder).joined(separator: ", ")
    }

    /// "2 regression, 1 missing_candidate" in a fixed kind order.
    static func summary(of findings: [SliceFinding]) -> String {
        FindingKind.allCases.compactMap { kind in
            let n = findings.filter { $0.kind == kind }.count
            return n == 0 ? nil : "\(n) \(kind.rawValue)"
        }.joined(separator: ", ")
    }
}
