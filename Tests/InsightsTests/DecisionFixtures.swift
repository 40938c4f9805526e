import FixtureKit
import Insights
import StreamingMetrics

/// Small builders for hand-computed comparison cases.
enum Make {
    /// A fixture with slices and numeric metrics (nil → JSON null).
    static func fixture(_ id: String, _ slices: [String: String] = [:], _ metrics: [String: Double?]) -> FixtureResult {
        FixtureResult(id: id, slices: slices, metrics: metrics.mapValues { MetricValue.finite($0) })
    }

    static let werBudget = MetricBudget(allowedDelta: 0.02, direction: .lowerIsBetter, critical: true)
    static let successBudget = MetricBudget(allowedDelta: 0.05, direction: .higherIsBetter)

    /// Finding triples (kind, slice, metric) in report order.
    static func summary(_ findings: [SliceFinding]) -> [String] {
        findings.map { "\($0.kind.rawValue) \($0.slice) \($0.metric ?? "-")" }
    }
}
