import ArgumentParser
import Foundation

/// The `fixture-check` command: a thin root over the subcommands of SPEC §5.
@main
struct FixtureCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixture-check",
        abstract: "Offline audio-fixture regression harness for streaming ASR, TTS and voice agents.",
        subcommands: [Check.self, Run.self, Features.self, View.self, Add.self, Coverage.self, Compare.self, Packet.self, Trend.self, Merge.self, Synth.self],
        defaultSubcommand: Check.self
    )

    static func main() {
        MemoryPolicy.keepFreedMemory()
        main(nil)
    }
}
