import FileFormats
import Foundation
import StreamingMetrics
import Traces

/// The results of `fixture-check run` over several fixture folders, in
/// the order given, with the metrics version they were computed under.
public struct FixtureRunReport: Equatable, Sendable {
    public var metricsVersion: String
    public var fixtures: [FixtureResult]
    /// A name for the run (`run --label`), e.g. the night's date; written
    /// into the JSON only when set, so output without it is unchanged.
    public var label: String?

    public init(metricsVersion: String = StreamingMetrics.metricsVersion, fixtures: [FixtureResult], label: String? = nil) {
        self.metricsVersion = metricsVersion
        self.fixtures = fixtures
        self.label = label
    }

    /// True when any fixture failed to run (exit 2).
    public var hasErrors: Bool { fixtures.contains { !$0.errors.isEmpty } }

    /// The docs/gate.md `run` JSON shape.
    public var json: JSONValue {
        var root: [String: JSONValue] = [
            "metrics_version": .string(metricsVersion),
            "fixtures": .array(fixtures.map { fixture in
                .object([
                    "id": .string(fixture.id),
                    "slices": .object(fixture.slices.mapValues { .string($0) }),
                    "metrics": JSONValue(metrics: fixture.metrics),
                    "errors": .array(fixture.errors.map { .string($0) }),
                    "engines": .object(fixture.engines.mapValues { .string($0) }),
                ])
            }),
        ]
        if let label { root["label"] = .string(label) }
        return .object(root)
    }

    /// One block per fixture: a status line, its slices, then metric names
    /// and values in aligned columns, then its errors.
    public var text: String {
        var lines = ["metrics_version \(metricsVersion)"]
        for fixture in fixtures {
            lines.append("")
            lines.append("\(fixture.id)  \(fixture.errors.isEmpty ? "ok" : "ERROR (\(fixture.errors.count))")")
            if !fixture.engines.isEmpty {
                lines.append("  engines: " + fixture.engines.keys.sorted().map { "\($0)=\(fixture.engines[$0]!)" }.joined(separator: " "))
            }
            if !fixture.slices.isEmpty {
                lines.append("  slices: " + fixture.slices.keys.sorted().map { "\($0)=\(fixture.slices[$0]!)" }.joined(separator: " "))
            }
            let names = fixture.metrics.keys.sorted()
            let width = names.map(\.count).max() ?? 0
            for name in names {
                let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
                lines.append("  \(padded)  \(fixture.metrics[name]!.text)")
            }
            for error in fixture.errors { lines.append("  error: \(error)") }
        }
        return lines.joined(separator: "\n")
    }
}

extension FixtureRunner {
    /// Runs every folder on up to `jobs` threads (fixtures are independent)
    /// and returns the results in the order given. With `fixtureTimeout`, a
    /// folder that overruns it becomes an error (`FixtureDeadline`).
    public func run(folders: [String], jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                    fixtureTimeout: Double? = nil,
                    progress: (@Sendable (FixtureProgress) -> Void)? = nil) -> FixtureRunReport {
        let results = FixturePool.map(folders, jobs: jobs, failed: { !$0.errors.isEmpty }, progress: progress) { folder in
            guard let seconds = fixtureTimeout else { return run(folder: folder).result }
            return FixtureDeadline.run(seconds: seconds) { run(folder: folder).result }
                ?? FixtureDeadline.timedOut(folder: folder, seconds: seconds).result
        }
        return FixtureRunReport(fixtures: results)
    }
}
