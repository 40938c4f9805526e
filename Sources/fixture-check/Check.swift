import ArgumentParser
import FixtureKit
import Foundation
import Gate
import TimelineView

/// `fixture-check [check]`: the CI gate — run every fixture, compare with
/// its golden, exit 0/1/2 (SPEC §4–5).
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every fixture and compare its metrics with its golden (the CI gate)."
    )

    @Option(help: "Folder of fixture folders.")
    var fixtures = "Fixtures"

    @Option(help: "Folder of goldens (<id>.json) and tolerances.json.")
    var goldens = "Goldens"

    @Option(help: "Tolerance table (default: <goldens>/tolerances.json).")
    var tolerances: String?

    @Option(help: "Output format: text, json, junit, github or markdown.")
    var format: OutputFormat = .text

    @Option(help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(help: "Write goldens: never, missing, failed or all (default: never when CI is set, else missing).")
    var record: String?

    @Option(help: "Fixtures run at once (default: all cores).")
    var jobs: Int?

    @Option(help: "Run shard K of N (K/N, 1-based), or N with K from JOB_COMPLETION_INDEX (0-based).")
    var shard: String?

    @Option(help: "Write <id>.actual.json of every failing fixture to this folder.")
    var artifacts: String?

    @Option(help: "Take metrics from a `run --format json` file instead of running fixtures.")
    var results: String?

    @OptionGroup var engines: EngineOptions

    @OptionGroup var fixtureTimeout: FixtureTimeoutOption

    func validate() throws {
        guard format != .html else { throw ValidationError("check supports --format text, json, junit, github or markdown") }
        if let record, RecordMode(rawValue: record) == nil {
            throw ValidationError("--record must be never, missing, failed or all")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let shard {
            do {
                _ = try Shard(parsing: shard, jobCompletionIndex: ProcessInfo.processInfo.environment["JOB_COMPLETION_INDEX"])
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let selection = try engines.selection()
        let store = GoldenStore(directory: goldens)
        var options: GateOptions
        let runner: FixtureRunFunction
        do {
            options = GateOptions(
                fixturesDirectory: fixtures,
                goldens: store,
                tolerances: try ToleranceTable.load(path: tolerances ?? store.tolerancesPath),
                record: record.flatMap(RecordMode.init(rawValue:)) ?? RecordMode.defaultMode(environment: environment),
                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                shard: try shard.map { try Shard(parsing: $0, jobCompletionIndex: environment["JOB_COMPLETION_INDEX"]) },
                artifactsDirectory: artifacts)
            let fixtureRunner = Runners.fixtureRunner(selection, jobs: options.jobs)
            if let results {
                runner = try RecordedRunResults(path: results).runner
            } else {
                runner = FixtureDeadline.guarded({ fixtureRunner.run(folder: $0.path) }, seconds: fixtureTimeout.seconds)
                // The page shows transcripts, so only synthetic fixtures get
                // one; a consented fixture's stays on an engineer's machine
                // (`fixture-check view`).
                options.artifactPage = { run, golden, failing in
                    guard let manifest = run.manifest, manifest.provenance == .synthetic else { return nil }
                    let timeline = Timeline.load(run: run, manifest: manifest, runner: fixtureRunner)
                    return TimelinePage.render(timeline, golden: golden, failing: failing)
                }
            }
        } catch {
            Diagnostics.error("\(error)")
            throw Exit.badInput
        }
        let report: GateReport
        do {
            report = try GateCheck.run(options: options, runner: runner, progress: ProgressLine.onTerminal)
        } catch {
            Diagnostics.error("\(error)")
            throw Exit.badInput
        }
        ProgressLine.finish()
        fixtureTimeout.cleanUp()
        try emit(report.rendered(as: format), to: output)
        throw ExitCode(report.exitCode)
    }
}

extension GateReport {
    /// The report in one of the gate's output formats.
    func rendered(as format: OutputFormat) -> String {
        switch format {
        case .json: json.serialized()
        case .junit: junit
        case .github: githubAnnotations
        case .markdown: markdown
        case .text, .html: text
        }
    }
}
