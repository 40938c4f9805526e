import Foundation
import XCTest

#if canImport(FoundationXML)
import FoundationXML
import Insights
#endif

/// The HTML report is one self-contained, well-formed page: it parses as
/// XML, fetches nothing, and escapes what fixtures and traffic name.
final class CoverageHTMLTests: XCTestCase {
    func report(value: String = "hi-IN") -> CoverageReport {
        let fixtures: [[String: String]] = [["language": "en-US", "snr_bucket": "10-15"], ["language": value, "snr_bucket": "<0"]]
        let mix = TrafficMix(shares: ["language": ["en-US": 0.5, value: 0.3, "es-US": 0.2]])
        return CoverageReport(fixtures: fixtures, requirement: CoverageRequirement(dimensions: ["language", "snr_bucket"], minPerCell: 2), traffic: mix)
    }

    final class Collector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append(name)
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    func parse(_ html: String) -> (ok: Bool, collector: Collector, error: String) {
        let parser = XMLParser(data: Data(html.utf8))
        let collector = Collector()
        parser.delegate = collector
        let ok = parser.parse()
        return (ok, collector, parser.parserError.map { "\($0)" } ?? "")
    }

    func testWellFormedWithChartsAndAlertsFirst() {
        let html = report().html
        let (ok, collector, error) = parse(html)
        XCTAssertTrue(ok, "HTML must parse as XML: \(error)")
        XCTAssertEqual(collector.elements.filter { $0 == "svg" }.count, 2, "a heat map and one share chart")
        XCTAssertTrue(collector.elements.contains("rect"))
        let alerts = html.range(of: "<h2>Alerts</h2>")!.lowerBound
        let heatMap = html.range(of: "Required cells")!.lowerBound
        let bars = html.range(of: "Traffic mix versus fixtures")!.lowerBound
        XCTAssertTrue(alerts < heatMap && heatMap < bars, "alerts first, then the heat map, then the share bars")
        XCTAssertTrue(collector.text.contains("language=es-US is 20.0 % of traffic but 0.0 % of fixtures"), collector.text)
        XCTAssertTrue(collector.text.contains("1/2"), "cells show have/need")
    }

    func testSelfContained() {
        let html = report().html
        for forbidden in ["src=\"http", "src='http", "href=\"http", "href='http", "<script", "@import", "url(", "<link"] {
            XCTAssertFalse(html.lowercased().contains(forbidden), "page must not contain \(forbidden)")
        }
    }

    func testHostileSliceValuesAreEscaped() {
        let hostile = "<script>alert('x')</script> & \"q\""
        let html = report(value: hostile).html
        let (ok, collector, error) = parse(html)
        XCTAssertTrue(ok, "escaped page still parses: \(error)")
        XCTAssertFalse(collector.elements.contains("script"))
        XCTAssertTrue(collector.text.contains(hostile), "the value survives as text")
    }

    func testNoFindingsSaysSo() {
        let mix = TrafficMix(shares: ["language": ["en-US": 1]])
        let report = CoverageReport(fixtures: [["language": "en-US"]], requirement: CoverageRequirement(dimensions: ["language"], minPerCell: 1), traffic: mix)
        let (ok, collector, _) = parse(report.html)
        XCTAssertTrue(ok)
        XCTAssertTrue(collector.text.contains("No alerts"))
    }

    func testMarkdownPutsAlertsBeforeGaps() {
        let markdown = report().markdown
        let alerts = markdown.range(of: "### Drift alerts")!.lowerBound
        let gaps = markdown.range(of: "### Coverage gaps")!.lowerBound
        XCTAssertTrue(alerts < gaps)
        XCTAssertTrue(markdown.contains("| language | es-US | 20.0 % | 0.0 % |"), markdown)
        XCTAssertTrue(markdown.contains("| hi-IN | <0 | 1 | 2 |"), markdown)
    }
}

extension CoverageHTMLTests {
    func testMarkdownDoesNotCallAnEmptyGridCovered() {
        let report = CoverageReport(fixtures: [["language": "en-US"]], requirement: CoverageRequirement(dimensions: ["language", "device"], minPerCell: 1), traffic: nil)
        XCTAssertFalse(report.markdown.contains("None: every required cell"), report.markdown)
        XCTAssertTrue(report.markdown.contains("`device`"), report.markdown)
    }
}
