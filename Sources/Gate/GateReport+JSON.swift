import FileFormats
import Foundation
import StreamingMetrics
import Traces


extension GateReport {
    /// docs/gate.md `check` JSON, plus what `merge` needs to rebuild the verdict
    /// (`shard`, `metrics_version`, per fixture `golden_path`, `recorded`,
    /// `errors`, and per diff `kind`).
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "schema": .string(GateReport.schema),
            "passed": .bool(passed),
            "exit_code": .number(Double(exitCode)),
            "metrics_version": .string(metricsVersion),
            "summary": .string(summary),
            "fixtures": .array(fixtures.map(\.json)),
        ]
        if let shard { members["shard"] = .object(["index": .number(Double(shard.index)), "count": .number(Double(shard.count))]) }
        if let fixtureSet {
            members["fixture_set"] = .object(["count": .number(Double(fixtureSet.count)), "digest": .string(fixtureSet.digest)])
        }
        return .object(members)
    }

    /// Names this document's shape so `merge` refuses other JSON.
    public static let schema = "check-result/v1"

    /// Reads a `check --format json` document back; errors name `path`.
    public init(json: JSONValue, path: String) throws {
        func fail(_ reason: String) -> InputFileError { InputFileError(path: path, reason: reason) }
        guard json["schema"]?.stringValue == GateReport.schema else {
            throw fail("not a fixture-check check result (schema is not \"\(GateReport.schema)\")")
        }
        guard let items = json["fixtures"]?.arrayValue else { throw fail("missing \"fixtures\" array") }
        var shard: Shard?
        if let s = json["shard"], !s.isNull {
            guard let k = s["index"]?.intValue, let n = s["count"]?.intValue, n >= 1, (1...n).contains(k) else {
                throw fail("\"shard\" must be {\"index\": K, \"count\": N} with 1 ≤ K ≤ N")
            }
            shard = Shard(index: k, count: n)
        }
        var fixtureSet: FixtureSetIdentity?
        if let set = json["fixture_set"], !set.isNull {
            guard let count = set["count"]?.intValue, count >= 0, let digest = set["digest"]?.stringValue else {
                throw fail("\"fixture_set\" must be {\"count\": N, \"digest\": \"…\"}")
            }
            fixtureSet = FixtureSetIdentity(count: count, digest: digest)
        }
        let fixtures = try items.enumerated().map { i, item in
            do {
                return try FixtureVerdict(json: item)
            } catch let error as InputFileError {
                throw fail("fixtures[\(i)]: \(error.reason)")
            }
        }
        self.init(fixtures: fixtures, shard: shard, fixtureSet: fixtureSet,
                  metricsVersion: json["metrics_version"]?.stringValue ?? StreamingMetrics.metricsVersion)
    }
}

extension FixtureVerdict {
    var json: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id),
            "status": .string(status.rawValue),
            "fails": .bool(fails),
            "golden_path": .string(goldenPath),
            "diffs": .array(diffs.map(\.json)),
        ]
        if recorded { members["recorded"] = .bool(true) }
        if !engines.isEmpty { members["engines"] = .object(engines.mapValues(JSONValue.string)) }
        if !errors.isEmpty { members["errors"] = .array(errors.map(JSONValue.string)) }
        return .object(members)
    }

    init(json: JSONValue) throws {
        func fail(_ reason: String) -> InputFileError { InputFileError(path: "", reason: reason) }
        guard let id = json["id"]?.stringValue else { throw fail("missing \"id\"") }
        guard let statusText = json["status"]?.stringValue, let status = FixtureStatus(rawValue: statusText) else {
            throw fail("\(id): unknown status")
        }
        let diffs = try (json["diffs"]?.arrayValue ?? []).map { try MetricDiff(json: $0, fixture: id) }
        var errors: [String] = []
        for error in json["errors"]?.arrayValue ?? [] {
            guard let text = error.stringValue else { throw fail("\(id): errors must be strings") }
            errors.append(text)
        }
        self.init(id: id, status: status, diffs: diffs, errors: errors,
                  goldenPath: json["golden_path"]?.stringValue ?? "\(id).json",
                  recorded: json["recorded"]?.boolValue ?? false,
                  engines: (json["engines"]?.objectValue ?? [:]).compactMapValues(\.stringValue))
    }
}

extension MetricDiff {
    /// `golden`/`actual` are left out when that side lacks the metric, and
    /// `null` when the metric is there but could not be computed.
    var json: JSONValue {
        var members: [String: JSONValue] = [
            "metric": .string(metric),
            "kind": .string(kind.rawValue),
            "tolerance": tolerance.json,
        ]
        if let golden { members["golden"] = golden.json }
        if let actual { members["actual"] = actual.json }
        if let g = golden?.number, let a = actual?.number { members["delta"] = .finite(a - g) }
        return .object(members)
    }

    init(json: JSONValue, fixture: String) throws {
        func fail(_ reason: String) -> InputFileError { InputFileError(path: "", reason: "\(fixture): \(reason)") }
        guard let metric = json["metric"]?.stringValue else { throw fail("diff without \"metric\"") }
        guard let kindText = json["kind"]?.stringValue, let kind = DiffKind(rawValue: kindText) else {
            throw fail("\(metric): unknown diff kind")
        }
        guard let toleranceJSON = json["tolerance"] else { throw fail("\(metric): missing tolerance") }
        let tolerance: Tolerance
        do {
            tolerance = try Tolerance(json: toleranceJSON, pattern: nil, path: "")
        } catch let error as InputFileError {
            throw fail("\(metric): \(error.reason)")
        }
        func side(_ key: String) throws -> MetricValue? {
            guard let value = json[key] else { return nil }
            guard let metricValue = MetricValue(json: value) else { throw fail("\(metric): \(key) is not a metric value") }
            return metricValue
        }
        self.init(metric: metric, golden: try side("golden"), actual: try side("actual"), tolerance: tolerance, kind: kind)
    }
}
