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

    @Option(help: "Output format.")
    var format: GateFormat = .text

    @Option(help: "Write the merged report to this file instead of stdout.")
    var output: String?

    func validate() throws {
        guard !results.isEmpty else { throw ValidationError("give the result file of every shard") }
    }

    func run() throws {
        let merged = try exitingOnBadInput {
            let reports = try results.map { try GateReport(json: try JSONFile.read($0), path: $0) }
            return try GateMerge.merge(reports, paths: results)
        }
        try emit(merged.rendered(as: format), to: output)
        throw ExitCode(merged.exitCode)
    }
}
