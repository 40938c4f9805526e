import FileFormats
import Foundation
import StreamingMetrics
import Traces

/// `Goldens/<id>.json` (schema `golden/v1`): a fixture's expected metrics.
public struct Golden: Equatable, Sendable {
    public static let schema = "golden/v1"

    public var fixture: String
    public var metricsVersion: String
    public var metrics: MetricSet

    public init(fixture: String, metricsVersion: String = StreamingMetrics.metricsVersion, metrics: MetricSet) {
        self.fixture = fixture
        self.metricsVersion = metricsVersion
        self.metrics = metrics
    }

    /// The canonical document: sorted keys, fixed precision, one trailing
    /// newline — so recording the same metrics twice gives the same bytes.
    public var serialized: String {
        JSONValue.object([
            "schema": .string(Golden.schema),
            "fixture": .string(fixture),
            "metrics_version": .string(metricsVersion),
            "metrics": JSONValue(metrics: metrics),
        ]).serialized() + "\n"
    }

    /// Parses a golden document; `reason` strings say what is wrong.
    public init(json: JSONValue) throws {
        guard json["schema"]?.stringValue == Golden.schema else {
            throw GoldenFormatError(reason: "schema is not \"\(Golden.schema)\"")
        }
        let defined = ["schema", "fixture", "metrics_version", "metrics"]
        for key in (json.objectValue ?? [:]).keys.sorted(by: codePointOrder) where !defined.contains(key) && !key.hasPrefix("x_") {
            throw GoldenFormatError(reason: "unknown field \"\(key)\"\(NearestName.didYouMean(key, among: defined)); fields a tool adds start with \"x_\"")
        }
        guard let fixture = json["fixture"]?.stringValue else { throw GoldenFormatError(reason: "missing \"fixture\"") }
        guard let version = json["metrics_version"]?.stringValue else {
            throw GoldenFormatError(reason: "missing \"metrics_version\" (a string)")
        }
        guard let members = json["metrics"]?.objectValue else { throw GoldenFormatError(reason: "missing \"metrics\" object") }
        var metrics: MetricSet = [:]
        for (name, value) in members {
            guard let metric = MetricValue(json: value) else {
                throw GoldenFormatError(reason: "metric \"\(name)\" is not a number, string or null")
            }
            metrics[name] = metric
        }
        self.init(fixture: fixture, metricsVersion: version, metrics: metrics)
    }
}

/// Why a golden document was refused (the store adds the path).
public struct GoldenFormatError: Error, Equatable, Sendable {
    public var reason: String
}

extension MetricValue {
    /// A JSON number, string or null as a metric; nil for anything else.
    public init?(json: JSONValue) {
        switch json {
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .null: self = .null
        default: return nil
        }
    }
}
