import ArgumentParser
import FixtureKit

/// `fixture-check features MIC.wav`: audio features of one recording.
struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the audio features of one recording."
    )

    @Argument(help: "The microphone recording (any format libsndfile reads).")
    var mic: String

    @Option(name: .customLong("far-end"), help: "The far-end (playback) reference: echo delay, ERL, double talk, coherence.")
    var farEnd: String?

    @Option(name: .customLong("aec-out"), help: "The echo canceller's output for the same mic: ERLE (needs --far-end).")
    var aecOut: String?

    @Option(help: "Output format.")
    var format: MeasurementFormat = .text

    @Option(help: "Write the result to this file instead of stdout.")
    var output: String?

    func validate() throws {
        if aecOut != nil && farEnd == nil {
            throw ValidationError("--aec-out needs --far-end: ERLE is measured on far-end single talk")
        }
    }

    func run() throws {
        // On two threads: on a 2-vCPU runner they cost 5–6 % more CPU than
        // one for 39 % less wall time (docs/performance.md, round 17).
        let report = try exitingOnBadInput {
            try FeatureReport.measure(micPath: mic, farEndPath: farEnd, aecOutPath: aecOut)
        }
        try emit(format == .json ? report.json.serialized() : report.text, to: output)
    }
}
