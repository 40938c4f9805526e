import FileFormats
import StreamingMetrics
import Traces

/// How one metric of a fixture compares with its golden.
public enum DiffKind: String, CaseIterable, Sendable {
    /// Moved beyond tolerance in the bad direction (or at all, for `exact`).
    case regression
    /// Moved beyond tolerance in the good direction: passes, golden is stale.
    case improved
    /// Values of different kinds (`null` vs a number, a string vs a number)
    /// or different strings.
    case mismatch
    /// The fixture produced a metric the golden does not have.
    case missingInGolden = "missing_in_golden"
    /// The golden has a metric the fixture no longer produces.
    case missingInActual = "missing_in_actual"
    /// A property of the recording itself (`snr.*`, `vad.*`, `echo.*`,
    /// `audio.*`) moved: the audio or the feature estimators changed, not
    /// the candidate engine, so it is never called a regression or an
    /// improvement. It fails until the golden is re-recorded.
    case audioChanged = "audio_changed"

    /// Everything but an improvement fails the fixture.
    public var fails: Bool { self != .improved }
}

/// One metric that is not simply within tolerance.
public struct MetricDiff: Equatable, Sendable {
    public var metric: String
    /// nil when the golden lacks the metric (not the same as `.null`).
    public var golden: MetricValue?
    /// nil when the fixture no longer produces the metric.
    public var actual: MetricValue?
    public var tolerance: Tolerance
    public var kind: DiffKind

    public init(metric: String, golden: MetricValue?, actual: MetricValue?, tolerance: Tolerance, kind: DiffKind) {
        self.metric = metric
        self.golden = golden
        self.actual = actual
        self.tolerance = tolerance
        self.kind = kind
    }
}

/// The comparison rules of docs/gate.md, as pure functions.
public enum MetricComparison {
    /// How `actual` compares with `golden` under `tolerance`; nil when it
    /// is within tolerance. A distance exactly on the tolerance passes: the
    /// bound carries `1e-9·max(1, allowed)` of slack for floating-point
    /// noise, as in docs/decisions.md.
    public static func compare(golden: MetricValue?, actual: MetricValue?, tolerance: Tolerance) -> DiffKind? {
        switch (golden, actual) {
        case (nil, nil): return nil
        case (nil, _?): return .missingInGolden
        case (_?, nil): return .missingInActual
        case (.null?, .null?): return nil
        case (.string(let g)?, .string(let a)?): return g == a ? nil : .mismatch
        case (.number(let g)?, .number(let a)?):
            let allowed = tolerance.amount.allowed(around: g)
            let bound = allowed + 1e-9 * max(1, allowed)
            let delta = a - g
            guard abs(delta) > bound else { return nil }
            switch tolerance.direction {
            case .exact: return .regression
            case .lowerIsBetter: return delta > 0 ? .regression : .improved
            case .higherIsBetter: return delta < 0 ? .regression : .improved
            }
        default: return .mismatch
        }
    }

    /// Every metric of either side that is not within tolerance, by name.
    /// A moved audio property is `audioChanged`, whichever way it moved.
    public static func diffs(golden: MetricSet, actual: MetricSet, tolerances: ToleranceTable) -> [MetricDiff] {
        let names = Set(golden.keys).union(actual.keys).sorted(by: codePointOrder)
        return names.compactMap { name in
            let tolerance = tolerances.tolerance(for: name)
            guard var kind = compare(golden: golden[name], actual: actual[name], tolerance: tolerance) else { return nil }
            if isAudioProperty(name), [.regression, .improved, .mismatch].contains(kind) { kind = .audioChanged }
            return MetricDiff(metric: name, golden: golden[name], actual: actual[name], tolerance: tolerance, kind: kind)
        }
    }

    /// Metrics that describe the recording, not what an engine did with it.
    public static func isAudioProperty(_ metric: String) -> Bool {
        ["snr.", "vad.", "echo.", "audio."].contains { metric.hasPrefix($0) }
    }
}
