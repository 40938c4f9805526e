import FileFormats
import Foundation
import Traces

/// The budgets of one comparison: exact metric names, plus `*` patterns
/// (as in `Goldens/tolerances.json`) so `cost.*` covers every cost metric.
public struct BudgetSet: Equatable, Sendable {
    /// Budgets keyed by metric name or pattern, as written in the file.
    public var entries: [String: MetricBudget]

    public init(_ entries: [String: MetricBudget]) {
        self.entries = entries
    }

    /// The budget that governs `metric`: its exact entry, else the most
    /// specific matching pattern by the same rule as `tolerances.json`
    /// (`GlobPattern.isMoreSpecific`), so the choice never depends on
    /// dictionary order.
    public func budget(for metric: String) -> MetricBudget? {
        if let exact = entries[metric] { return exact }
        let matching = entries.keys.filter { $0.contains("*") && GlobPattern.matches($0, metric) }
        return matching.min { GlobPattern.isMoreSpecific($0, than: $1) }.flatMap { entries[$0] }
    }

    /// The metrics to compare, given the metric names seen in either run:
    /// every exact entry, and every seen name a pattern covers.
    public func governedMetrics(seen: Set<String>) -> [String] {
        var names = Set(entries.keys.filter { !$0.contains("*") })
        for name in seen where budget(for: name) != nil { names.insert(name) }
        return names.sorted(by: codePointOrder)
    }
}

extension BudgetSet {
    /// Reads a budgets file (docs/decisions.md):
    /// `{"asr.wer": {"allowed_delta": 0.02, "direction": "lower_is_better", "critical": true}}`.
    public static func load(path: String) throws -> BudgetSet {
        try BudgetSet(json: try JSONFile.read(path), path: path)
    }

    /// Validates a parsed budgets document; errors name the file and metric.
    public init(json: JSONValue, path: String) throws {
        func fail(_ reason: String) -> InputFileError { InputFileError(path: path, reason: reason) }
        guard case .object(let root) = json else { throw fail("expected an object mapping metric names to budgets") }
        var entries: [String: MetricBudget] = [:]
        for (metric, value) in root {
            guard case .object(let fields) = value else { throw fail("\(metric): expected an object") }
            guard let allowed = fields["allowed_delta"]?.numberValue else {
                throw fail("\(metric): missing \"allowed_delta\" (a number)")
            }
            guard let raw = fields["direction"]?.stringValue, let direction = BudgetDirection(rawValue: raw) else {
                throw fail("\(metric): \"direction\" must be \"lower_is_better\" or \"higher_is_better\"")
            }
            var critical = false
            if let flag = fields["critical"], !flag.isNull {
                guard let value = flag.boolValue else { throw fail("\(metric): \"critical\" must be true or false") }
                critical = value
            }
            let unknown = Set(fields.keys).subtracting(["allowed_delta", "direction", "critical"])
            if let key = unknown.sorted().first { throw fail("\(metric): unknown key \"\(key)\"") }
            entries[metric] = MetricBudget(allowedDelta: allowed, direction: direction, critical: critical)
        }
        self.init(entries)
    }

    /// The budgets used without `--budgets`: the metrics (docs/metrics.md) whose
    /// movement users feel, with directions, and every `cost.` metric so a
    /// cost win counts and a cost rise is flagged. Documented in
    /// `docs/decisions.md`; change both together.
    public static let standard = BudgetSet([
        "asr.wer": MetricBudget(allowedDelta: 0.01, direction: .lowerIsBetter, critical: true),
        "asr.cer": MetricBudget(allowedDelta: 0.01, direction: .lowerIsBetter),
        // A cheaper model that keeps WER but garbles card digits, or stays
        // confident while wrong, must not pass: entities are critical.
        "asr.entity_error_rate": MetricBudget(allowedDelta: 0.02, direction: .lowerIsBetter, critical: true),
        "asr.confidence_ece": MetricBudget(allowedDelta: 0.03, direction: .lowerIsBetter),
        "asr.confidence_nce": MetricBudget(allowedDelta: 0.05, direction: .higherIsBetter),
        "asr.inserted_utterances": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter),
        "asr.missed_segments": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter, critical: true),
        "barge_in.late": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter),
        "asr.partial_churn": MetricBudget(allowedDelta: 0.05, direction: .lowerIsBetter, critical: true),
        "asr.first_partial_latency_ms.p95": MetricBudget(allowedDelta: 100, direction: .lowerIsBetter),
        "asr.first_stable_token_latency_ms.p95": MetricBudget(allowedDelta: 150, direction: .lowerIsBetter),
        "asr.finalization_delay_ms.p95": MetricBudget(allowedDelta: 150, direction: .lowerIsBetter),
        "tts.first_audio_byte_ms.p95": MetricBudget(allowedDelta: 150, direction: .lowerIsBetter, critical: true),
        "tts.cadence_p95_ms.p95": MetricBudget(allowedDelta: 50, direction: .lowerIsBetter),
        "tts.underrun_ms": MetricBudget(allowedDelta: 100, direction: .lowerIsBetter),
        "tts.rtf.p95": MetricBudget(allowedDelta: 0.1, direction: .lowerIsBetter),
        "barge_in.missed": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter, critical: true),
        "barge_in.false": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter),
        "barge_in.latency_ms.p95": MetricBudget(allowedDelta: 100, direction: .lowerIsBetter),
        "turns.response_gap_ms.p95": MetricBudget(allowedDelta: 200, direction: .lowerIsBetter),
        "turns.overlap_ms": MetricBudget(allowedDelta: 250, direction: .lowerIsBetter),
        "cost.*": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter),
    ])
}
