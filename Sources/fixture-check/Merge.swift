import ArgumentParser
import FileFormats
import Foundation
import Gate
import Traces

/// `fixture-check merge R…`: one verdict (and exit code) from the JSON
/// results of every shard, equal to an unsharded run's.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the `check --format json` results of every shard into one verdict."
    )

    @Argument(help: "Shard results (`check --shard K/N --format json` output), one per shard.")
    var results: [String]

    @Option(help: "Output format: text, json, junit, github or markdown.")
    var format: OutputFormat = .text

    @Option(help: "Write the merged report to this file instead of stdout.")
    var output: String?

    func validate() throws {
        guard !results.isEmpty else { throw ValidationError("give the result file of every shard") }
        guard format != .html else { throw ValidationError("merge supports --format text, json, junit, github or markdown") }
    }

    func run() throws {
        let merged: GateReport
        do {
            let reports = try results.map { try GateReport(json: try JSONFile.read($0), path: $0) }
            merged = try GateMerge.merge(reports, paths: results)
        } catch {
            Diagnostics.error("\(error)")
            throw Exit.badInput
        }
        try emit(merged.rendered(as: format), to: output)
        throw ExitCode(merged.exitCode)
    }
}
