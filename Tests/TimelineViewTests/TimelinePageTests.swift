import Foundation
import FoundationXML
import XCTest
@testable import TimelineView
import StreamingMetrics
import Traces
import FixtureKit

/// The page of the demo fixture: well-formed XHTML, self-contained, and
/// showing every hypothesis, underrun and barge-in of the fixture.
final class TimelinePageTests: XCTestCase {
    /// No VAD in unit tests: annotations drive the metrics.
    static let runner = FixtureRunner(detectSpeech: { _ in throw VADUnavailable() })

    struct VADUnavailable: Error, CustomStringConvertible {
        var description: String { "no VAD in this test" }
    }

    /// Renders the demo. With `FIXTURE_CHECK_DEMO_DIR` set the fixture is
    /// kept there (Scripts/render-view screenshots it).
    func renderDemo() throws -> (page: String, timeline: Timeline) {
        let demo = try DemoFixture(directory: ProcessInfo.processInfo.environment["FIXTURE_CHECK_DEMO_DIR"])
        let timeline = try Timeline.load(folder: demo.path, runner: Self.runner)
        return (TimelinePage.render(timeline), timeline)
    }

    func testPageIsWellFormedXHTML() throws {
        let (page, _) = try renderDemo()
        let document = try XMLDocument(xmlString: page, options: [])
        XCTAssertEqual(document.rootElement()?.name, "html")
        XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='svg']").count, 1)
        XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='table']").count, 1)
    }

    func testPageIsSelfContained() throws {
        let (page, _) = try renderDemo()
        let lower = page.lowercased()
        XCTAssertFalse(lower.contains("src="), "no external sources")
        XCTAssertFalse(lower.contains("href="), "no links to other documents")
        XCTAssertFalse(lower.contains("<script"), "no scripts")
        XCTAssertFalse(lower.contains("url("), "no CSS or SVG references")
        XCTAssertFalse(lower.contains("@import"), "no imported styles")
        XCTAssertFalse(lower.contains("nan") && lower.contains(">nan<"))
    }

    func testEveryHypothesisTextIsOnThePage() throws {
        let (page, _) = try renderDemo()
        // The full text is each row's hover title; its words are the row.
        let titles = try XMLDocument(xmlString: page, options: [])
            .nodes(forXPath: "//*[local-name()='text']/*[local-name()='title']").compactMap(\.stringValue)
        for text in DemoFixture.hypothesisTexts {
            XCTAssertTrue(titles.contains { $0.hasSuffix(": " + text) || $0.contains(": " + text + " —") }, "missing hypothesis \(text)")
        }
    }

    /// A fixture whose transcript and request text try to break out of
    /// the markup.
    static let hostile = #"<script>alert("x")</script> & 'q' ]]> </svg>"#

    func hostileFixture() throws -> (DemoFixture, Timeline) {
        let demo = try DemoFixture()
        let asr = #"{"t_ms": 500, "kind": "partial", "text": "\u003cscript\u003ealert(\"x\")\u003c/script\u003e \u0026 'q' ]]> \u003c/svg\u003e"}"# + "\n"
            + #"{"t_ms": 900, "kind": "final", "text": "fine"}"#
        try Data(asr.utf8).write(to: demo.folder.appendingPathComponent("asr.jsonl"))
        let tts = try String(contentsOf: demo.folder.appendingPathComponent("tts.jsonl"), encoding: .utf8)
            .replacingOccurrences(of: "Sure, turning left at the light, then continue for two miles.", with: #"\u003c/text\u003e\u003cscript src=\"http://x\"\u003e"#)
        try Data(tts.utf8).write(to: demo.folder.appendingPathComponent("tts.jsonl"))
        return (demo, try Timeline.load(folder: demo.path, runner: Self.runner))
    }

    func testUserTextIsEscapedAndSurvivesParsing() throws {
        let (_, timeline) = try hostileFixture()
        XCTAssertEqual(timeline.utterances[0].hypotheses[0].text, Self.hostile)
        let page = TimelinePage.render(timeline)
        XCTAssertFalse(page.lowercased().contains("<script"))
        XCTAssertTrue(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; ]]&gt; &lt;/svg&gt;"))
        // Parsed back, the text is exactly what the engine emitted.
        let document = try XMLDocument(xmlString: page, options: [])
        XCTAssertEqual(try document.nodes(forXPath: "//@src | //@href").count, 0)
        let titles = try document.nodes(forXPath: "//*[local-name()='svg']//*[local-name()='title']").compactMap(\.stringValue)
        XCTAssertTrue(titles.contains { $0.hasSuffix(": " + Self.hostile + " — next update erases 5 words") }, titles.joined(separator: "\n"))
        XCTAssertTrue(titles.contains(#"</text><script src="http://x">"#))
    }

    func testGatePageShowsGoldenBesideActualAndHighlightsFailures() throws {
        let (_, timeline) = try renderDemo()
        var golden = timeline.metrics
        golden["asr.partial_churn"] = .number(0.5)
        golden["tts.underrun_ms"] = .number(0)
        golden["asr.only_in_golden"] = .number(1)
        let failing: Set = ["asr.partial_churn", "tts.underrun_ms", "asr.only_in_golden"]
        let page = TimelinePage.render(timeline, golden: golden, failing: failing)
        let document = try XMLDocument(xmlString: page, options: [])
        let header = try document.nodes(forXPath: "//*[local-name()='thead']//*[local-name()='th']").compactMap(\.stringValue)
        XCTAssertEqual(header, ["metric", "golden", "actual"])
        let failed = try document.nodes(forXPath: "//*[local-name()='tr'][@class='fail']").map { row in
            try row.nodes(forXPath: "*[local-name()='td']").compactMap(\.stringValue)
        }
        XCTAssertEqual(failed, [
            ["asr.only_in_golden", "1", "—"],
            ["asr.partial_churn", "0.5", "1.714286"],
            ["tts.underrun_ms", "0", "350"],
        ])
        let rows = try document.nodes(forXPath: "//*[local-name()='tbody']/*[local-name()='tr']")
        XCTAssertEqual(rows.count, timeline.metrics.count + 1)
        XCTAssertTrue(page.contains("Fails its golden on <code>asr.only_in_golden</code>, <code>asr.partial_churn</code>, <code>tts.underrun_ms</code>."))
    }

    func testPlainPageHasOneValueColumnAndDefinitionsOnHover() throws {
        let (page, timeline) = try renderDemo()
        let document = try XMLDocument(xmlString: page, options: [])
        XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='tr'][@class='fail']").count, 0)
        let rows = try document.nodes(forXPath: "//*[local-name()='tbody']/*[local-name()='tr']").compactMap { $0 as? XMLElement }
        XCTAssertEqual(rows.count, timeline.metrics.count)
        for row in rows {
            let cells = try row.nodes(forXPath: "*[local-name()='td']").compactMap(\.stringValue)
            XCTAssertEqual(cells.count, 2)
            XCTAssertEqual(row.attributes?.first { $0.name == "title" }?.stringValue, MetricDefinitions.definition(of: cells[0]), cells[0])
        }
        // Hand-checked values of the demo: one barge-in at 350 ms, one false.
        XCTAssertEqual(timeline.metrics["barge_in.latency_ms.max"], .number(350))
        XCTAssertEqual(timeline.metrics["barge_in.false"], .number(1))
        XCTAssertEqual(timeline.metrics["tts.underrun_ms"], .number(350))
    }

    func testAxisCoversEventsPastTheEndOfTheAudio() throws {
        let (_, timeline) = try renderDemo()
        XCTAssertEqual(timeline.durationMs, DemoFixture.durationMs)
        let late = FixtureTraces(emission: EmissionTrace(events: [EmissionEvent(tMs: 9_000, kind: .final, text: "late")]))
        XCTAssertEqual(Timeline.axisDurationMs(trackDurationsMs: [6_500], traces: late, speech: []), 9_000)
        XCTAssertEqual(Timeline.axisDurationMs(trackDurationsMs: [], traces: FixtureTraces(), speech: []), 1)
    }
}
