import FileFormats
import FixtureKit
import Foundation
import StreamingMetrics
import Traces

/// What a `check` run needs besides the runner.
public struct GateOptions: Sendable {
    public var fixturesDirectory: String
    public var goldens: GoldenStore
    public var tolerances: ToleranceTable
    public var record: RecordMode
    public var jobs: Int
    public var shard: Shard?
    /// Where `<id>.actual.json` of every failing fixture goes, if anywhere.
    public var artifactsDirectory: String?
    /// Renders a failing fixture's page for `<id>.html` in the artifacts
    /// folder: its run, its golden metrics (nil when missing) and the
    /// names of the failing metrics. Returning nil (or no closure) writes
    /// no page.
    public var artifactPage: (@Sendable (_ run: FixtureRun, _ golden: MetricSet?, _ failing: Set<String>) throws -> String?)?

    public init(fixturesDirectory: String, goldens: GoldenStore, tolerances: ToleranceTable, record: RecordMode,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount, shard: Shard? = nil, artifactsDirectory: String? = nil) {
        self.fixturesDirectory = fixturesDirectory
        self.goldens = goldens
        self.tolerances = tolerances
        self.record = record
        self.jobs = jobs
        self.shard = shard
        self.artifactsDirectory = artifactsDirectory
    }
}


/// The I/O shell of the gate: finds fixtures, runs them concurrently,
/// compares, records and writes artifacts.
public enum GateCheck {
    /// Runs the gate. Output order is by id whatever `jobs` is.
    public static func run(options: GateOptions, runner: @escaping FixtureRunFunction,
                           progress: (@Sendable (FixtureProgress) -> Void)? = nil) throws -> GateReport {
        let allIDs = try FixtureFolders.ids(in: options.fixturesDirectory)
        let inShard = { (id: String) in options.shard?.contains(id) ?? true }
        let ids = allIDs.filter(inShard)
        let verdicts = FixturePool.map(ids, jobs: options.jobs, failed: \.fails, progress: progress) { id in
            let folder = URL(fileURLWithPath: options.fixturesDirectory).appendingPathComponent(id, isDirectory: true)
            return check(id: id, run: runner(folder), options: options)
        }
        var report = verdicts
        let known = Set(allIDs)
        for id in options.goldens.ids() where !known.contains(id) && inShard(id) {
            let fixture = (options.fixturesDirectory as NSString).appendingPathComponent("\(id)/fixture.json")
            report.append(FixtureVerdict(
                id: id, status: .orphan,
                errors: ["golden has no fixture (\(fixture) is missing): restore the fixture or delete the golden"],
                goldenPath: options.goldens.path(for: id)))
        }
        return GateReport(fixtures: report, shard: options.shard, fixtureSet: FixtureSetIdentity(ids: allIDs))
    }

    /// Compares one result with its golden, records and writes the artifact.
    static func check(id: String, run: FixtureRun, options: GateOptions) -> FixtureVerdict {
        let result = run.result
        var (verdict, golden) = GateEvaluation.evaluate(
            id: id, result: result, lookup: options.goldens.lookup(id),
            tolerances: options.tolerances, record: options.record, goldenPath: options.goldens.path(for: id))
        if let golden {
            do {
                let changed = try options.goldens.write(golden)
                // A failing fixture's golden that already holds these bytes was
                // written by a concurrent gate since we read it: it is recorded
                // all the same, so the run must not fail on the stale read.
                verdict.recorded = changed || verdict.fails
            } catch {
                verdict.status = .error
                verdict.errors.append("\(error)")
            }
        }
        if verdict.fails, let folder = options.artifactsDirectory {
            do {
                try writeArtifact(id: id, result: result, to: folder)
                if let page = options.artifactPage {
                    let golden: MetricSet? = if case .found(let golden) = options.goldens.lookup(id) { golden.metrics } else { nil }
                    if let html = try page(run, golden, Set(verdict.diffs.map(\.metric))) {
                        try AtomicFile.write(Data(html.utf8), to: (folder as NSString).appendingPathComponent("\(id).html"))
                    }
                }
            } catch {
                verdict.status = .error
                verdict.errors.append("\(error)")
            }
        }
        return verdict
    }

    /// `<id>.actual.json`: what the fixture measured, in golden form, so a
    /// reviewer can diff it or copy it over the golden.
    static func writeArtifact(id: String, result: FixtureResult, to folder: String) throws {
        var document: [String: JSONValue] = [
            "schema": .string(Golden.schema),
            "fixture": .string(id),
            "metrics_version": .string(StreamingMetrics.metricsVersion),
            "metrics": JSONValue(metrics: GateEvaluation.storedPrecision(result.metrics)),
        ]
        if !result.errors.isEmpty { document["errors"] = .array(result.errors.map(JSONValue.string)) }
        let path = (folder as NSString).appendingPathComponent("\(id).actual.json")
        try AtomicFile.write(Data((JSONValue.object(document).serialized() + "\n").utf8), to: path)
    }
}
