import ArgumentParser
import FileFormats
import Foundation
import StreamingMetrics

/// The `fixture-check` command: a thin root over the subcommands of
/// docs/gate.md. The commands live in this library so their parsing is
/// tested in-process; the executable only calls `FixtureCheck.main()`.
public struct FixtureCheck: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fixture-check",
        abstract: "Offline audio-fixture regression harness for streaming ASR, TTS and voice agents.",
        version: FixtureCheck.version,
        subcommands: [Check.self, Run.self, Features.self, View.self, Add.self, Coverage.self, Compare.self, Packet.self, Trend.self, Merge.self, Synth.self, AdapterTest.self],
        defaultSubcommand: Check.self
    )

    /// The tool's version and the metric definitions it computes.
    static let version = "fixture-check 0.5.0 (metrics_version \(metricsVersion))"

    public init() {}

    public static func main() {
        MemoryPolicy.keepFreedMemory()
        refuseUnknownSubcommand(Array(CommandLine.arguments.dropFirst()))
        main(nil)
    }

    /// The gate is the default subcommand and takes no positional
    /// argument, so a bare first word that names no subcommand is a
    /// misspelt one: say which, rather than "unexpected argument".
    static func refuseUnknownSubcommand(_ arguments: [String]) {
        guard let first = arguments.first, !first.hasPrefix("-") else { return }
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(first) else { return }
        let hint = NearestName.didYouMean(first, among: names)
        Diagnostics.error("unknown command \"\(first)\"\(hint); commands: \(names.dropLast().joined(separator: ", "))")
        Self.exit(withError: ExitCode.validationFailure)
    }
}
