import FileFormats
import Traces
/// Why a slice/metric pair is reported by `compare` (docs/decisions.md).
public enum FindingKind: String, Sendable, CaseIterable {
    /// Over budget in the bad direction.
    case regression
    /// The slice exists only in the candidate: nothing to compare it with.
    case missingBaseline = "missing_baseline"
    /// The slice exists only in the baseline: the candidate lost coverage.
    case missingCandidate = "missing_candidate"
    /// A budgeted metric has a value on one side of the slice only.
    case missingMetric = "missing_metric"

    /// The missing kinds outrank every regression: an unmeasured slice can
    /// hide any harm.
    public var isMissing: Bool { self != .regression }
}

/// One ranked line of a comparison.
public struct SliceFinding: Equatable, Sendable {
    public var kind: FindingKind
    /// `all` or `dimension=value`.
    public var slice: String
    /// The metric; nil for a whole slice missing on one side.
    public var metric: String?
    /// Slice means; nil where that side has no value.
    public var baseline: Double?
    public var candidate: Double?
    /// The budget that applied; nil for a missing slice.
    public var budget: MetricBudget?
    /// Confirmed or only possible; the missing kinds are always confirmed.
    public var status: FindingStatus
    /// For a regression: the paired fixtures, interval and `driven_by`.
    public var evidence: SliceEvidence?

    public init(kind: FindingKind, slice: String, metric: String? = nil,
                baseline: Double? = nil, candidate: Double? = nil, budget: MetricBudget? = nil,
                status: FindingStatus = .confirmed, evidence: SliceEvidence? = nil) {
        self.kind = kind
        self.slice = slice
        self.metric = metric
        self.baseline = baseline
        self.candidate = candidate
        self.budget = budget
        self.status = status
        self.evidence = evidence
    }

    /// Candidate − baseline, when both exist.
    public var delta: Double? {
        guard let baseline, let candidate else { return nil }
        return candidate - baseline
    }

    /// How far over budget; nil (ranked as infinite) for the missing kinds.
    public var severity: Double? {
        guard let delta, let budget else { return nil }
        return budget.severity(delta: delta)
    }

    /// A regression on a metric whose budget is marked critical.
    public var isCriticalRegression: Bool { kind == .regression && budget?.critical == true }

    public var isConfirmed: Bool { status == .confirmed }

    /// The fixtures that hold this regression: `driven_by`, or for a
    /// slice-wide shift every paired fixture whose own delta is over budget.
    public var heldBy: [String] {
        guard kind == .regression, let evidence, let budget else { return [] }
        return evidence.drivenBy ?? evidence.overBudget(budget).map(\.id)
    }

    /// Ranking: missing kinds first, then severity descending, ties
    /// by slice, then metric (then kind), all by code point, so two runs on
    /// the same inputs print the same order.
    public static func ranked(_ a: SliceFinding, before b: SliceFinding) -> Bool {
        if a.kind.isMissing != b.kind.isMissing { return a.kind.isMissing }
        let sa = a.severity ?? .infinity, sb = b.severity ?? .infinity
        if sa != sb { return sa > sb }
        if a.slice != b.slice { return codePointOrder(a.slice, b.slice) }
        if a.metric != b.metric {
            // A whole missing slice (no metric) sorts before its metrics.
            guard let ma = a.metric else { return true }
            guard let mb = b.metric else { return false }
            return codePointOrder(ma, mb)
        }
        return codePointOrder(a.kind.rawValue, b.kind.rawValue)
    }
}
