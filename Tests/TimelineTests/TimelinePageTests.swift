import Foundation
import FoundationXML
import XCTest
@testable import Harness
import StreamingMetrics
import Traces

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
}
