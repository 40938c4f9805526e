import Harness

/// The one place the CLI assembles a `FixtureRunner`, so `run`, `check`
/// and `view` measure fixtures identically.
enum Runners {
    static func fixtureRunner() -> FixtureRunner {
        FixtureRunner(
            // LEAD: wire VAD
            detectSpeech: { _ in throw SpeechDetectionUnavailable() }
        )
    }
}

/// The VAD is not wired into the CLI yet, so fixtures must annotate speech.
struct SpeechDetectionUnavailable: Error, CustomStringConvertible {
    var description: String { "needs annotations.speech until VAD lands" }
}
