import FileFormats
import StreamingMetrics
import Traces

/// A fixture's verdict against its golden (SPEC §5 statuses, plus `orphan`).
public enum FixtureStatus: String, CaseIterable, Sendable {
    case pass
    case regression
    /// Better than the golden beyond tolerance: passes, golden is stale.
    case improved
    case missingGolden = "missing_golden"
    /// The fixture failed to run, or its golden is corrupt.
    case error
    /// A golden whose fixture folder is gone: fails, so a deleted fixture
    /// cannot silently shrink the gate.
    case orphan
}

/// One fixture's (or orphan golden's) line in the gate report.
public struct FixtureVerdict: Equatable, Sendable {
    public var id: String
    public var status: FixtureStatus
    /// Metrics not simply within tolerance, by name.
    public var diffs: [MetricDiff]
    /// Run errors, or the corrupt golden's problem.
    public var errors: [String]
    /// The golden file's path as the user spelled the goldens folder.
    public var goldenPath: String
    /// Whether this run wrote the golden (a recorded fixture does not fail).
    public var recorded: Bool

    public init(id: String, status: FixtureStatus, diffs: [MetricDiff] = [], errors: [String] = [], goldenPath: String, recorded: Bool = false) {
        self.id = id
        self.status = status
        self.diffs = diffs
        self.errors = errors
        self.goldenPath = goldenPath
        self.recorded = recorded
    }

    /// What a person should do next, when the status alone does not say.
    public var advice: String? {
        switch status {
        case .missingGolden where !recorded:
            "no golden yet: review the metrics, then record with --record missing (CI never records)"
        case .improved where !recorded:
            "golden is stale: re-record with --record all to lock in the improvement"
        default:
            nil
        }
    }

    /// Whether this fixture fails the gate.
    public var fails: Bool {
        switch status {
        case .pass, .improved: false
        case .error: true
        case .regression, .missingGolden, .orphan: !recorded
        }
    }
}

/// The verdict of a whole (or sharded) gate run, in id order.
public struct GateReport: Equatable, Sendable {
    public var fixtures: [FixtureVerdict]
    /// The shard this run covered; nil for an unsharded or merged run.
    public var shard: Shard?
    public var metricsVersion: String

    public init(fixtures: [FixtureVerdict], shard: Shard? = nil, metricsVersion: String = StreamingMetrics.metricsVersion) {
        self.fixtures = fixtures.sorted { codePointOrder($0.id, $1.id) }
        self.shard = shard
        self.metricsVersion = metricsVersion
    }

    public var passed: Bool { !fixtures.contains(where: \.fails) }

    /// SPEC §5: 2 when anything errored, 1 for regressions and missing goldens, else 0.
    public var exitCode: Int32 {
        if fixtures.contains(where: { $0.status == .error }) { return 2 }
        return passed ? 0 : 1
    }

    public func count(_ status: FixtureStatus) -> Int {
        fixtures.filter { $0.status == status }.count
    }

    /// Fixtures to show a reader: failing ones and stale (improved) goldens.
    public var noteworthy: [FixtureVerdict] {
        fixtures.filter { $0.fails || $0.status == .improved || $0.recorded }
    }

    /// One line: counts per status and the verdict.
    public var summary: String {
        var parts = ["\(fixtures.count) fixture\(fixtures.count == 1 ? "" : "s")"]
        for status in FixtureStatus.allCases {
            let n = count(status)
            if n > 0 { parts.append("\(n) \(status.rawValue)") }
        }
        let recorded = fixtures.filter(\.recorded).count
        if recorded > 0 { parts.append("\(recorded) golden\(recorded == 1 ? "" : "s") recorded") }
        if let shard { parts.append("shard \(shard.index)/\(shard.count)") }
        return parts.joined(separator: ", ") + " — " + (passed ? "PASSED" : "FAILED")
    }
}
