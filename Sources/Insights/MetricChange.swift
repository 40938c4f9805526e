/// One metric of one slice, baseline beside candidate: a cell of the
/// per-slice table, reported whether or not it is a finding.
public struct MetricChange: Equatable, Sendable {
    public var metric: String
    public var baseline: Double?
    public var candidate: Double?
    /// The budget that governs the metric; nil for an unbudgeted cost metric.
    public var budget: MetricBudget?
    /// Paired bootstrap interval of the delta; nil when no fixture has the
    /// metric in both runs.
    public var interval: DeltaInterval?
    /// Fixtures with the metric in both runs (the interval's n).
    public var pairedFixtures: Int

    public init(metric: String, baseline: Double?, candidate: Double?, budget: MetricBudget?,
                interval: DeltaInterval? = nil, pairedFixtures: Int = 0) {
        self.metric = metric
        self.baseline = baseline
        self.candidate = candidate
        self.budget = budget
        self.interval = interval
        self.pairedFixtures = pairedFixtures
    }

    /// Candidate − baseline, when both sides have a value.
    public var delta: Double? {
        guard let baseline, let candidate else { return nil }
        return candidate - baseline
    }

    /// The change relative to the baseline, for costs ("−35 %"); nil when
    /// the baseline is 0 or either side is missing.
    public var relativeDelta: Double? {
        guard let delta, let baseline, baseline != 0 else { return nil }
        return delta / abs(baseline)
    }

    /// How the change reads against its budget.
    public var verdict: Verdict {
        guard let delta else { return .missing }
        guard let budget else { return .unbudgeted }
        if budget.isRegression(delta: delta) { return .regression }
        if budget.isWin(delta: delta) { return .win }
        return .withinBudget
    }

    /// The reading of one change.
    public enum Verdict: String, Sendable {
        /// Over budget in the bad direction.
        case regression
        /// Better than baseline by more than the budget.
        case win
        /// Inside the budget either way.
        case withinBudget = "within_budget"
        /// One side has no value.
        case missing
        /// No budget applies (a cost metric shown for context).
        case unbudgeted
    }
}

/// One slice's row: its fixture counts on both sides, its budgeted quality
/// metrics, and its cost metrics beside them — so a cost win can never be
/// read without the quality change of the same slice (seed incident 4).
public struct SliceRow: Equatable, Sendable {
    public var slice: String
    /// Fixtures in the slice; nil when the slice is absent on that side.
    public var baselineFixtures: Int?
    public var candidateFixtures: Int?
    /// Budgeted metrics other than `cost.*`, by name.
    public var quality: [MetricChange]
    /// Every numeric `cost.*` metric of either side, by name.
    public var cost: [MetricChange]

    public init(slice: String, baselineFixtures: Int?, candidateFixtures: Int?, quality: [MetricChange], cost: [MetricChange]) {
        self.slice = slice
        self.baselineFixtures = baselineFixtures
        self.candidateFixtures = candidateFixtures
        self.quality = quality
        self.cost = cost
    }
}
