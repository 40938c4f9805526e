import ArgumentParser
import FixtureKit
import Foundation
import StreamingMetrics

/// `fixture-check run DIR…`: metrics of fixture folders, no goldens.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute and print the metrics of fixture folders (no goldens)."
    )

    @Argument(help: "Fixture folders, each holding a fixture.json (default: every fixture under --fixtures).")
    var folders: [String] = []

    @Option(help: "Folder of fixture folders, walked when no folder is named; folders without a fixture.json (recipes) are not fixtures.")
    var fixtures = "Fixtures"

    @Option(help: "Output format.")
    var format: MeasurementFormat = .text

    @Option(help: "Write the result to this file instead of stdout.")
    var output: String?

    @OptionGroup var engines: EngineOptions

    @OptionGroup var fixtureTimeout: FixtureTimeoutOption

    @Option(help: "Fixtures run at once (default: all cores).")
    var jobs: Int?

    @Option(help: "A name for this run, written into the JSON (e.g. the night's date); `trend` labels its point with it.")
    var label: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let label, label.isEmpty { throw ValidationError("--label must not be empty") }
    }

    func run() throws {
        let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let selection = try engines.selection()
        // A folder named explicitly must be a fixture (a missing manifest is
        // an error for it); walking --fixtures takes the folders that are.
        let folders = try exitingOnBadInput {
            try self.folders.isEmpty
                ? FixtureFolders.ids(in: fixtures).map { (fixtures as NSString).appendingPathComponent($0) }
                : self.folders
        }
        var report = Runners.fixtureRunner(selection, jobs: jobs).run(
            folders: folders, jobs: jobs,
            fixtureTimeout: fixtureTimeout.seconds, progress: ProgressLine.onTerminal)
        report.label = label
        ProgressLine.finish()
        fixtureTimeout.cleanUp()
        try emit(format == .json ? report.json.serialized() : report.text, to: output)
        for fixture in report.fixtures {
            for error in fixture.errors { Diagnostics.error("\(fixture.id): \(error)") }
        }
        try engines.refuseUnused(selection, engines: report.fixtures.map(\.engines))
        if report.hasErrors { throw Exit.badInput }
    }
}
