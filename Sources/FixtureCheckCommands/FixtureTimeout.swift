import ArgumentParser
import FixtureKit

/// `--fixture-timeout`, shared by `run` and `check`: one stuck fixture must
/// not stall CI (docs/reliability.md).
struct FixtureTimeoutOption: ParsableArguments {
    @Option(name: .customLong("fixture-timeout"),
            help: "Seconds one fixture may take before it is abandoned as an error (default 120).")
    var seconds: Double = FixtureDeadline.defaultSeconds

    func validate() throws {
        guard seconds.isFinite, seconds > 0 else { throw ValidationError("--fixture-timeout must be a positive number of seconds") }
    }

    /// Kills adapters a stuck fixture left running; call before exiting.
    func cleanUp() {
        if FixtureDeadline.abandoned > 0 { FixtureDeadline.killStrandedAdapters() }
    }
}
