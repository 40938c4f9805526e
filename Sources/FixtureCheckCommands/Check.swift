import ArgumentParser
import FileFormats
import FixtureKit
import Foundation
import Gate
import TimelineView

/// `fixture-check [check]`: the CI gate — run every fixture, compare with
/// its golden, exit 0/1/2 (docs/gate.md).
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

    @Option(help: "Output format.")
    var format: GateFormat = .text

    @Option(help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(help: "Write goldens (default: never when CI is set, else missing).")
    var record: RecordMode?

    @Option(help: "Fixtures run at once (default: all cores).")
    var jobs: Int?

    @Option(help: "Run shard K of N (K/N, 1-based), or N with K from JOB_COMPLETION_INDEX (0-based).",
            transform: Shard.init(argument:))
    var shard: Shard?

    @Option(help: "Write <id>.actual.json of every failing fixture to this folder.")
    var artifacts: String?

    @Option(help: "Take metrics from a `run --format json` file instead of running fixtures.")
    var results: String?

    @OptionGroup var engines: EngineOptions

    @OptionGroup var fixtureTimeout: FixtureTimeoutOption

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let selection = try engines.selection()
        let store = GoldenStore(directory: goldens)
        var options: GateOptions
        let runner: FixtureRunFunction
        (options, runner) = try exitingOnBadInput {
            // Every path must exist before anything runs: a typo'd goldens
            // folder must not be created and filled with today's numbers.
            _ = try InputPath.folder(fixtures, role: "fixtures")
            _ = try InputPath.folder(goldens, role: "goldens", creating: "to start a new goldens folder, create it first (mkdir \(goldens))")
            let toleranceTable: ToleranceTable
            if let tolerances {
                toleranceTable = try ToleranceTable.load(path: try InputPath.file(tolerances, role: "tolerances"))
            } else if FileManager.default.fileExists(atPath: store.tolerancesPath) {
                toleranceTable = try ToleranceTable.load(path: store.tolerancesPath)
            } else {
                Diagnostics.note("note: \(store.tolerancesPath) does not exist: every metric must equal its golden exactly")
                toleranceTable = ToleranceTable()
            }
            var options = GateOptions(
                fixturesDirectory: fixtures,
                goldens: store,
                tolerances: toleranceTable,
                record: record ?? RecordMode.defaultMode(environment: environment),
                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                shard: shard,
                artifactsDirectory: artifacts)
            let fixtureRunner = Runners.fixtureRunner(selection, jobs: options.jobs)
            if let results { return (options, try RecordedRunResults(path: results).runner) }
            // The page shows transcripts, so only synthetic fixtures get
            // one; a consented fixture's stays on an engineer's machine
            // (`fixture-check view`).
            options.artifactPage = { run, golden, failing in
                guard let manifest = run.manifest, manifest.provenance == .synthetic else { return nil }
                let timeline = Timeline.load(run: run, manifest: manifest, runner: fixtureRunner)
                return TimelinePage.render(timeline, golden: golden, failing: failing)
            }
            return (options, FixtureDeadline.guarded({ fixtureRunner.run(folder: $0.path) }, seconds: fixtureTimeout.seconds))
        }
        let report = try exitingOnBadInput {
            try GateCheck.run(options: options, runner: runner, progress: ProgressLine.onTerminal)
        }
        ProgressLine.finish()
        fixtureTimeout.cleanUp()
        try emit(report.rendered(as: format), to: output)
        try engines.refuseUnused(selection, engines: report.fixtures.map(\.engines))
        throw ExitCode(report.exitCode)
    }
}

extension GateReport {
    /// The report in one of the gate's output formats.
    func rendered(as format: GateFormat) -> String {
        switch format {
        case .json: json.serialized()
        case .junit: junit
        case .github: githubAnnotations
        case .markdown: markdown
        case .text: text
        }
    }
}
