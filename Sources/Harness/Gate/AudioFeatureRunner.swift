import Foundation
import StreamingMetrics
import Traces

/// Runs a fixture as far as the audio features go: the manifest's slices
/// and the mic track's `audio.*` metrics. The full `FixtureRunner` (traces
/// and SPEC §3 metrics) supersedes it when wired into `check`.
public enum AudioFeatureRunner {
    public static func run(_ folder: URL) -> FixtureResult {
        let id = folder.lastPathComponent
        let manifestPath = folder.appendingPathComponent("fixture.json").path
        let manifest: JSONValue
        do {
            guard let data = FileManager.default.contents(atPath: manifestPath) else {
                return FixtureResult(id: id, errors: ["\(manifestPath): cannot read"])
            }
            manifest = try JSONValue.parse(data: data)
        } catch {
            return FixtureResult(id: id, errors: ["\(manifestPath): \(error)"])
        }
        guard let mic = manifest["audio"]?["mic"]?.stringValue, !mic.hasPrefix("/"), !mic.split(separator: "/").contains("..") else {
            return FixtureResult(id: id, errors: ["\(manifestPath): audio.mic must name a file inside the fixture folder"])
        }
        var slices = (manifest["slices"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        do {
            let report = try FeatureReport.measure(micPath: folder.appendingPathComponent(mic).path)
            let metrics = report.metrics
            if case .string(let bucket)? = metrics["duration_bucket"] { slices["duration_bucket"] = bucket }
            return FixtureResult(id: id, slices: slices, metrics: metrics)
        } catch {
            return FixtureResult(id: id, slices: slices, errors: ["\(error)"])
        }
    }
}
