import ArgumentParser
import TimelineView

/// `fixture-check view DIR`: one fixture's timeline as a self-contained
/// HTML page (an engineer's local tool: it shows transcripts).
struct View: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render one fixture's timeline as a self-contained HTML page.",
        discussion: "The page shows transcripts: keep it on your machine or in CI artifacts, never in incident packets."
    )

    @Argument(help: "The fixture folder (holding fixture.json).")
    var folder: String

    @Option(help: "Write the page to this file instead of stdout.")
    var output: String?

    @OptionGroup var engines: EngineOptions

    func run() throws {
        let runner = Runners.fixtureRunner(try engines.selection())
        let timeline = try exitingOnBadInput { try Timeline.load(folder: folder, runner: runner) }
        try emit(TimelinePage.render(timeline), to: output)
        // The page is written either way: a partial timeline helps debug
        // the very fixture that failed.
        for error in timeline.errors { Diagnostics.error("\(timeline.fixtureID): \(error)") }
        if !timeline.errors.isEmpty { throw Exit.badInput }
    }
}
