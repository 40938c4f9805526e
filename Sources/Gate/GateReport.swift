import Foundation
import FileFormats
import StreamingMetrics
import Traces

/// A fixture's verdict against its golden (docs/gate.md statuses, plus `orphan`).
public enum FixtureStatus: String, CaseIterable, Sendable {
    case pass
    case regression
    /// Better than the golden beyond tolerance: passes, golden is stale.
    case improved
    case missingGolden = "missing_golden"
    /// Only properties of the recording moved (`DiffKind.audioChanged`):
    /// fails until re-recorded, but says nothing about the candidate.
    case audioChanged = "audio_changed"
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
    /// Which engine produced each part's trace: `recorded` or an adapter.
    public var engines: [String: String]

    public init(id: String, status: FixtureStatus, diffs: [MetricDiff] = [], errors: [String] = [], goldenPath: String,
                recorded: Bool = false, engines: [String: String] = [:]) {
        self.id = id
        self.status = status
        self.diffs = diffs
        self.errors = errors
        self.goldenPath = goldenPath
        self.recorded = recorded
        self.engines = engines
    }

    /// What a person should do next, when the status alone does not say.
    public var advice: String? {
        switch status {
        case .missingGolden where !recorded:
            "no golden yet: review the metrics, then record with --record missing (CI never records)"
        case .improved where !recorded:
            "golden is stale: re-record with --record all to lock in the improvement"
        case .audioChanged where !recorded:
            "the recording's own properties changed (audio replaced, or the feature estimators changed), not the engine: if that is intended, re-record with --record failed and review the diff"
        default:
            nil
        }
    }

    /// Whether this fixture fails the gate.
    public var fails: Bool {
        switch status {
        case .pass, .improved: false
        case .error: true
        case .regression, .audioChanged, .missingGolden, .orphan: !recorded
        }
    }
}

/// The verdict of a whole (or sharded) gate run, in id order.
public struct GateReport: Equatable, Sendable {
    public var fixtures: [FixtureVerdict]
    /// The shard this run covered; nil for an unsharded or merged run.
    public var shard: Shard?
    /// The whole fixture set the run was drawn from, so `merge` can refuse
    /// shards of different sets.
    public var fixtureSet: FixtureSetIdentity?
    public var metricsVersion: String

    public init(fixtures: [FixtureVerdict], shard: Shard? = nil, fixtureSet: FixtureSetIdentity? = nil,
                metricsVersion: String = StreamingMetrics.metricsVersion) {
        self.fixtures = fixtures.sorted { codePointOrder($0.id, $1.id) }
        self.shard = shard
        self.fixtureSet = fixtureSet
        self.metricsVersion = metricsVersion
    }

    /// Each part's engines with their fixture counts, in one line
    /// (`asr: sphinx ×12; tts: recorded ×3`); nil when no fixture has one.
    public var enginesSummary: String? {
        var counts: [String: [String: Int]] = [:]
        for verdict in fixtures { for (part, engine) in verdict.engines { counts[part, default: [:]][engine, default: 0] += 1 } }
        guard !counts.isEmpty else { return nil }
        return counts.keys.sorted(by: codePointOrder).map { part in
            let engines = counts[part]!
            return "\(part): " + engines.keys.sorted(by: codePointOrder).map { "\($0) ×\(engines[$0]!)" }.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    public var passed: Bool { !fixtures.contains(where: \.fails) }

    /// docs/gate.md: 2 when anything errored, 1 for regressions and missing goldens, else 0.
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

/// Which fixture set a run was drawn from: the number of fixtures and a
/// digest of their sorted ids (FNV-1a 64), the same for every shard of one
/// run over one folder.
public struct FixtureSetIdentity: Equatable, Sendable {
    public var count: Int
    public var digest: String

    public init(ids: [String]) {
        count = ids.count
        digest = String(format: "%016llx", Shard.fnv1a64(ids.sorted(by: codePointOrder).joined(separator: "\n")))
    }

    public init(count: Int, digest: String) {
        self.count = count
        self.digest = digest
    }
}
