/// Which way a metric gets better.
public enum BudgetDirection: String, Sendable, CaseIterable {
    /// Error rates, latencies, cost: a rise is a regression.
    case lowerIsBetter = "lower_is_better"
    /// Task success, barge-in success: a fall is a regression.
    case higherIsBetter = "higher_is_better"
}

/// How far one metric may move against its direction before a slice
/// regresses (docs/decisions.md, "Budgets").
public struct MetricBudget: Equatable, Sendable {
    /// The change tolerated in the bad direction, in the metric's own unit.
    public var allowedDelta: Double
    public var direction: BudgetDirection
    /// A regression here is user harm: it triggers (partial) rollback.
    public var critical: Bool

    public init(allowedDelta: Double, direction: BudgetDirection, critical: Bool = false) {
        self.allowedDelta = allowedDelta
        self.direction = direction
        self.critical = critical
    }

    /// How far past its budget `delta` (candidate − baseline) lies in the
    /// bad direction; positive means over budget.
    public func severity(delta: Double) -> Double {
        switch direction {
        case .lowerIsBetter: delta - allowedDelta
        case .higherIsBetter: -delta - allowedDelta
        }
    }

    /// How far past its budget `delta` lies in the good direction; positive
    /// means a win larger than the noise the budget allows.
    public func improvement(delta: Double) -> Double {
        switch direction {
        case .lowerIsBetter: -delta - allowedDelta
        case .higherIsBetter: delta - allowedDelta
        }
    }

    /// The float-noise margin: a delta exactly on budget must pass even when
    /// `0.1 + 0.2` lands a few ulps above `0.3`.
    public var epsilon: Double { 1e-9 * max(1, abs(allowedDelta)) }

    /// Whether `delta` is over budget by more than float noise.
    public func isRegression(delta: Double) -> Bool { severity(delta: delta) > epsilon }

    /// Whether `delta` is a win by more than the budget and float noise.
    public func isWin(delta: Double) -> Bool { improvement(delta: delta) > epsilon }
}
