import FileFormats
import FixtureKit
import StreamingMetrics
import Traces

/// The pure core of the gate: one fixture's result against its golden.
public enum GateEvaluation {
    /// The verdict for fixture `id`, and the golden to write when `record`
    /// asks for one. `recorded` is left false: the shell sets it once the
    /// write has landed.
    public static func evaluate(
        id: String,
        result: FixtureResult,
        lookup: GoldenLookup,
        tolerances: ToleranceTable,
        record: RecordMode,
        goldenPath: String
    ) -> (verdict: FixtureVerdict, goldenToWrite: Golden?) {
        var errors = result.errors
        if case .corrupt(let reason) = lookup { errors.append(reason) }
        if !errors.isEmpty {
            return (FixtureVerdict(id: id, status: .error, errors: errors, goldenPath: goldenPath, engines: result.engines), nil)
        }
        let actual = storedPrecision(result.metrics)
        let fresh = Golden(fixture: id, metrics: actual)
        guard case .found(let golden) = lookup else {
            let verdict = FixtureVerdict(id: id, status: .missingGolden, goldenPath: goldenPath, engines: result.engines)
            return (verdict, record.records(.missingGolden) ? fresh : nil)
        }
        guard golden.metricsVersion == StreamingMetrics.metricsVersion else {
            // Definitions changed since recording: the numbers are not
            // comparable, so nothing is compared. Re-recording is the fix.
            if record.records(.regression) {
                return (FixtureVerdict(id: id, status: .regression, goldenPath: goldenPath, engines: result.engines), fresh)
            }
            let reason = "\(goldenPath): recorded under metrics_version \(golden.metricsVersion), this build computes \(StreamingMetrics.metricsVersion); the numbers are not comparable: re-record with `fixture-check --record all` and review the diff"
            return (FixtureVerdict(id: id, status: .error, errors: [reason], goldenPath: goldenPath, engines: result.engines), nil)
        }
        let diffs = MetricComparison.diffs(golden: golden.metrics, actual: actual, tolerances: tolerances)
        let status: FixtureStatus
        if diffs.contains(where: { $0.kind.fails && $0.kind != .audioChanged }) {
            status = .regression
        } else if diffs.contains(where: { $0.kind == .audioChanged }) {
            status = .audioChanged
        } else if diffs.contains(where: { $0.kind == .improved }) {
            status = .improved
        } else {
            status = .pass
        }
        let verdict = FixtureVerdict(id: id, status: status, diffs: diffs, goldenPath: goldenPath, engines: result.engines)
        return (verdict, record.records(status) ? fresh : nil)
    }

    /// Numbers as a golden stores them (`JSONValue.fractionDigits`), so a
    /// value compares equal to its own recording under the default
    /// 1e-9 tolerance and re-recording is a no-op.
    public static func storedPrecision(_ metrics: MetricSet) -> MetricSet {
        metrics.mapValues { value in
            guard case .number(let n) = value else { return value }
            guard n.isFinite, let stored = Double(JSONValue.format(number: n)) else { return .null }
            return .number(stored)
        }
    }
}
