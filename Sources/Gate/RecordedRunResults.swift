import FileFormats
import FixtureKit
import Foundation
import StreamingMetrics
import Traces

/// Results of an earlier `fixture-check run --format json` (docs/gate.md `run`
/// shape), used as the gate's runner: measure on one machine (a device
/// farm, a GPU box), gate on another.
public struct RecordedRunResults: Sendable {
    public var path: String
    public var results: [String: FixtureResult]

    /// Reads and validates the file; errors name it.
    public init(path: String) throws {
        self.path = path
        let json = try JSONFile.read(path)
        guard let items = json["fixtures"]?.arrayValue else {
            throw InputFileError(path: path, reason: "expected {\"fixtures\": [...]} as `run --format json` writes")
        }
        var results: [String: FixtureResult] = [:]
        for (i, item) in items.enumerated() {
            guard let id = item["id"]?.stringValue else { throw InputFileError(path: path, reason: "fixtures[\(i)] has no \"id\"") }
            guard results[id] == nil else { throw InputFileError(path: path, reason: "fixture \(id) appears twice") }
            var metrics: MetricSet = [:]
            for (name, value) in item["metrics"]?.objectValue ?? [:] {
                guard let metric = MetricValue(json: value) else {
                    throw InputFileError(path: path, reason: "\(id): metric \"\(name)\" is not a number, string or null")
                }
                metrics[name] = metric
            }
            let slices = (item["slices"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            let errors = (item["errors"]?.arrayValue ?? []).map { $0.stringValue ?? "\($0.serialized(pretty: false))" }
            results[id] = FixtureResult(id: id, slices: slices, metrics: metrics, errors: errors)
        }
        self.results = results
    }

    /// The runner: a fixture absent from the file is an error for it.
    public var runner: FixtureRunFunction {
        let results = results, path = path
        return { folder in
            let id = folder.lastPathComponent
            return FixtureRun(result: results[id] ?? FixtureResult(id: id, errors: ["\(path): no result for fixture \(id)"]))
        }
    }
}
