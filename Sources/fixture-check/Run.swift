import ArgumentParser
import Foundation
import StreamingMetrics

/// `fixture-check run DIR…`: metrics of fixture folders, no goldens.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute and print the metrics of fixture folders (no goldens)."
    )

    @Argument(help: "Fixture folders, each holding a fixture.json.")
    var folders: [String]

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Write the result to this file instead of stdout.")
    var output: String?

    @OptionGroup var engines: EngineOptions

    @OptionGroup var fixtureTimeout: FixtureTimeoutOption

    @Option(help: "Fixtures run at once (default: all cores).")
    var jobs: Int?

    @Option(help: "A name for this run, written into the JSON (e.g. the night's date); `trend` labels its point with it.")
    var label: String?

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("give at least one fixture folder") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let label, label.isEmpty { throw ValidationError("--label must not be empty") }
        guard [.text, .json].contains(format) else {
            throw ValidationError("run supports --format text or json")
        }
    }

    func run() throws {
        let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        var report = Runners.fixtureRunner(try engines.selection(), jobs: jobs).run(
            folders: folders, jobs: jobs,
            fixtureTimeout: fixtureTimeout.seconds, progress: ProgressLine.onTerminal)
        report.label = label
        ProgressLine.finish()
        fixtureTimeout.cleanUp()
        try emit(format == .json ? report.json.serialized() : report.text, to: output)
        for fixture in report.fixtures {
            for error in fixture.errors { Diagnostics.error("\(fixture.id): \(error)") }
        }
        if report.hasErrors { throw Exit.badInput }
    }
}
