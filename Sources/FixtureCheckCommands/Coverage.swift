import ArgumentParser
import Insights

/// `fixture-check coverage`: slice coverage and traffic-mix drift of the
/// fixture set (docs/coverage.md), for nightly jobs.
struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report slice-coverage gaps and traffic-mix drift of the fixture set."
    )

    @Option(help: "The fixtures folder.")
    var fixtures: String = "Fixtures"

    @Option(help: "Required coverage: {\"dimensions\": [...], \"min_per_cell\": n}; without it, drift only (needs --traffic).")
    var require: String?

    @Option(help: "Production traffic shares: {\"dimension\": {\"value\": share}}.")
    var traffic: String?

    @Option(help: "Output format.")
    var format: PageFormat = .json

    @Option(help: "Write the report to this file instead of stdout.")
    var output: String?

    @Flag(name: .customLong("fail-on-gaps"), help: "Exit 1 when any cell is short or any drift alert fires.")
    var failOnGaps = false

    func validate() throws {
        guard require != nil || traffic != nil else {
            throw ValidationError("give --require (coverage gaps), --traffic (drift), or both")
        }
    }

    func run() throws {
        let report = try exitingOnBadInput {
            let requirement = try require.map(CoverageRequirement.load(path:))
            let mix = try traffic.map { try TrafficMix.load(path: $0) }
            let slices = try FixtureSlices.load(fixturesDirectory: fixtures).map(\.slices)
            return CoverageReport(fixtures: slices, requirement: requirement, traffic: mix)
        }
        switch format {
        case .markdown: try emit(report.markdown, to: output)
        case .html: try emit(report.html, to: output)
        case .json: try emit(report.json.serialized(), to: output)
        }
        for (dimension, near) in report.suggestions.sorted(by: { $0.key < $1.key }) {
            Diagnostics.note("coverage: no fixture carries \"\(dimension)\"; did you mean \"\(near)\"?")
        }
        let cells = report.minPerCell == nil ? "no requirement" : "\(report.gaps.count) of \(report.cells.count) required cells short"
        if !report.hasFindings {
            Diagnostics.note("coverage: \(report.minPerCell == nil ? "no requirement" : "\(report.cells.count) required cells covered"), no drift alerts")
        } else {
            Diagnostics.note("coverage: \(cells), \(report.alerts.count) drift alerts" + (report.unknownDimensions.isEmpty ? "" : ", no value known for \(report.unknownDimensions.joined(separator: ", "))"))
            if failOnGaps { throw Exit.regression }
        }
    }
}
