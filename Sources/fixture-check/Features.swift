import ArgumentParser
import Harness

/// `fixture-check features MIC.wav`: audio features of one recording.
struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the audio features of one recording."
    )

    @Argument(help: "The microphone recording (any format libsndfile reads).")
    var mic: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Write the result to this file instead of stdout.")
    var output: String?

    func validate() throws {
        guard [.text, .json].contains(format) else {
            throw ValidationError("features supports --format text or json")
        }
    }

    func run() throws {
        let report: FeatureReport
        do {
            report = try FeatureReport.measure(micPath: mic)
        } catch {
            Diagnostics.error("\(error)")
            throw Exit.badInput
        }
        try emit(format == .json ? report.json.serialized() : report.text, to: output)
    }
}
