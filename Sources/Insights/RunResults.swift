import FileFormats
import FixtureKit
import Foundation
import StreamingMetrics
import Traces

/// The fixtures of one `fixture-check run --format json` result: the input
/// of `compare` (one file for the baseline and one for the candidate) and of
/// `trend` (one file per night).
public struct RunResults: Equatable, Sendable {
    /// Where the results came from; named in every error and report.
    public var path: String
    /// The `metrics_version` the results were computed with, when recorded.
    public var metricsVersion: String?
    /// The run's name from `run --label`, when given (a trend point's label).
    public var label: String?
    public var fixtures: [FixtureResult]

    public init(path: String, metricsVersion: String? = nil, label: String? = nil, fixtures: [FixtureResult]) {
        self.path = path
        self.metricsVersion = metricsVersion
        self.label = label
        self.fixtures = fixtures
    }

    /// Reads and validates a results file.
    public static func load(path: String) throws -> RunResults {
        try RunResults(json: try JSONFile.read(path), path: path)
    }

    /// Validates a parsed results document. Metric values must be numbers,
    /// strings or null; slices must be strings; fixture ids must be unique,
    /// because a fixture counted twice would weigh twice in every mean.
    public init(json: JSONValue, path: String) throws {
        func fail(_ reason: String) -> InputFileError { InputFileError(path: path, reason: reason) }
        guard case .object(let root) = json else { throw fail("expected a JSON object with a \"fixtures\" array") }
        var version: String?
        if let raw = root["metrics_version"], !raw.isNull {
            guard let text = raw.stringValue else { throw fail("\"metrics_version\" must be a string") }
            version = text
        }
        var label: String?
        if let raw = root["label"], !raw.isNull {
            guard let text = raw.stringValue, !text.isEmpty else { throw fail("\"label\" must be a non-empty string") }
            label = text
        }
        guard let items = root["fixtures"]?.arrayValue else { throw fail("missing \"fixtures\" array") }
        var seen: Set<String> = []
        var fixtures: [FixtureResult] = []
        for (index, item) in items.enumerated() {
            let at = "fixtures[\(index)]"
            guard case .object(let fields) = item else { throw fail("\(at): expected an object") }
            guard let id = fields["id"]?.stringValue, !id.isEmpty else { throw fail("\(at): missing \"id\" (a non-empty string)") }
            guard seen.insert(id).inserted else { throw fail("\(at): fixture \"\(id)\" appears more than once") }
            var slices: [String: String] = [:]
            if let raw = fields["slices"], !raw.isNull {
                guard let object = raw.objectValue else { throw fail("\(at).slices: expected an object") }
                for (dimension, value) in object {
                    guard let text = value.stringValue else { throw fail("\(at).slices.\(dimension): expected a string") }
                    slices[dimension] = text
                }
            }
            var metrics: MetricSet = [:]
            if let raw = fields["metrics"], !raw.isNull {
                guard let object = raw.objectValue else { throw fail("\(at).metrics: expected an object") }
                for (name, value) in object {
                    switch value {
                    case .number(let n): metrics[name] = .number(n)
                    case .string(let s): metrics[name] = .string(s)
                    case .null: metrics[name] = .null
                    default: throw fail("\(at).metrics.\(name): expected a number, a string or null")
                    }
                }
            }
            var errors: [String] = []
            if let raw = fields["errors"], !raw.isNull {
                guard let list = raw.arrayValue else { throw fail("\(at).errors: expected an array") }
                errors = list.map { $0.stringValue ?? $0.serialized(pretty: false) }
            }
            fixtures.append(FixtureResult(id: id, slices: slices, metrics: metrics, errors: errors))
        }
        self.init(path: path, metricsVersion: version, label: label, fixtures: fixtures)
    }
}
