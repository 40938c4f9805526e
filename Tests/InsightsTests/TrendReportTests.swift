import FileFormats
import FixtureKit
import Foundation
import Insights
import XCTest
@testable import Insights

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `trend`: series per slice and budgeted metric over nights, and one alert
/// per episode of a night worse than its previous seven's median by more
/// than the budget (docs/trend.md).
final class TrendReportTests: XCTestCase {
    /// Night-to-night wobble, all within the 0.01 WER budget.
    static let wobble = [0, 0.004, -0.003, 0.002, 0, -0.004, 0.003, 0, 0.001, -0.002, 0.004, 0, -0.003, 0.002]

    /// 14 nights of 18 en-US fixtures at 0.10 and 2 hi-IN at 0.20 (plus the
    /// wobble); from night 10 (index 9) hi-IN is +0.05.
    func nights(step: Double = 0.05, labelled: Bool = true) -> [RunResults] {
        (0..<14).map { night in
            let w = Self.wobble[night]
            let hi = 0.20 + (night >= 9 ? step : 0) + w
            let fixtures = (0..<18).map { Make.fixture(String(format: "e-%02d", $0), ["language": "en-US"], ["asr.wer": 0.10 + w]) }
                + (0..<2).map { Make.fixture("h-\($0)", ["language": "hi-IN"], ["asr.wer": hi]) }
            let label = String(format: "2026-11-%02d", night + 1)
            return RunResults(path: "nightly/\(label)-run.json", metricsVersion: "1", label: labelled ? label : nil, fixtures: fixtures)
        }
    }

    func testStepInOneSliceAlertsOnceOnTheRightNight() throws {
        let report = TrendReport(runs: nights(), budgets: .standard)
        XCTAssertEqual(report.series.map { "\($0.slice) \($0.metric)" }, ["all asr.wer", "language=en-US asr.wer", "language=hi-IN asr.wer"])
        XCTAssertEqual(report.alerts.count, 1, "\(report.alerts)")
        let alert = try XCTUnwrap(report.alerts.first)
        XCTAssertEqual(alert.slice, "language=hi-IN")
        XCTAssertEqual(alert.label, "2026-11-10")
        // Nights 3–9 of hi-IN: 0.20 + {−.003, .002, 0, −.004, .003, 0, .001}: median 0.20.
        XCTAssertEqual(alert.baseline, 0.20, accuracy: 1e-12)
        XCTAssertEqual(alert.value, 0.248, accuracy: 1e-12)
        XCTAssertEqual(alert.delta, 0.048, accuracy: 1e-12)
        // Nights 11–13 stay over their (still pre-step) medians: same episode.
        // Night 14's window holds 4 post-step nights: median 0.247, value 0.252.
        XCTAssertEqual(alert.followingNights, 3)
        // all moves only 2·0.05/20 = 0.005: no alert there or for en-US.
        let json = report.json
        XCTAssertEqual(json["alerts"]?.arrayValue?.count, 1)
        let first = try XCTUnwrap(json["alerts"]?.arrayValue?.first)
        XCTAssertEqual(Set(first.objectValue!.keys), ["slice", "metric", "label", "baseline", "value", "delta"])
        let series = try XCTUnwrap(json["series"]?.arrayValue?.last)
        XCTAssertEqual(series["points"]?.arrayValue?.count, 14)
        XCTAssertEqual(series["points"]?.arrayValue?.first, .object(["label": .string("2026-11-01"), "value": .number(0.2)]))
    }

    func testNoStepNoAlert() {
        XCTAssertEqual(TrendReport(runs: nights(step: 0), budgets: .standard).alerts, [])
        // A step of exactly the budget is not worse "by more than" it.
        let budgets = BudgetSet(["asr.wer": MetricBudget(allowedDelta: 0.0625, direction: .lowerIsBetter)])
        let flat = (0..<8).map { night in
            RunResults(path: "n\(night).json", fixtures: [Make.fixture("a", [:], ["asr.wer": night == 7 ? 0.1875 : 0.125])])
        }
        XCTAssertEqual(TrendReport(runs: flat, budgets: budgets).alerts, [])
    }

    func testBaselineIsTheMedianOfUpToSevenEarlierNightsWithAtLeastThree() {
        let values: [Double?] = [1, 2, nil, 9, 4, 5, 6, 7, 8, 100]
        XCTAssertNil(TrendReport.baseline(values, before: 3), "two earlier values are too few")
        XCTAssertEqual(TrendReport.baseline(values, before: 4), 2)        // 1, 2, 9
        XCTAssertEqual(TrendReport.baseline(values, before: 5), 3)        // 1, 2, 4, 9: (2 + 4) / 2
        XCTAssertEqual(TrendReport.baseline(values, before: 9), 6.5)      // indices 2…8: nil, 9, 4, 5, 6, 7, 8 → (6 + 7) / 2
        XCTAssertEqual(TrendReport.baseline(values, before: 10), 7)       // indices 3…9: 9, 4, 5, 6, 7, 8, 100 (index 0–2 left the window)
    }

    func testLabelIsTheRunLabelElseTheFileStem() {
        let unlabelled = nights(labelled: false)
        XCTAssertEqual(TrendReport(runs: unlabelled, budgets: .standard).labels.first, "2026-11-01-run")
        XCTAssertEqual(TrendReport.label(of: RunResults(path: "/x/nightly.v2.json", fixtures: [])), "nightly.v2")
        XCTAssertEqual(TrendReport.label(of: RunResults(path: "/x/a.json", label: "night 1", fixtures: [])), "night 1")
    }

    func testRunsOfDifferentMetricsVersionsAreRefused() {
        let runs = [RunResults(path: "a.json", metricsVersion: "1", fixtures: []), RunResults(path: "b.json", metricsVersion: "2", fixtures: [])]
        XCTAssertThrowsError(try TrendReport.checkComparable(runs)) { error in
            XCTAssertTrue("\(error)".hasPrefix("b.json: metrics_version \"2\""), "\(error)")
        }
    }

    func testRunLabelRoundTripsThroughTheRunJSON() throws {
        let report = FixtureRunReport(fixtures: [], label: "2026-11-20")
        XCTAssertEqual(try RunResults(json: report.json, path: "r.json").label, "2026-11-20")
        XCTAssertNil(FixtureRunReport(fixtures: []).json["label"], "no --label, no key: output unchanged")
    }

    #if canImport(FoundationXML)
    func testHTMLIsSelfContainedWellFormedAndChartsTheAlertedSeries() {
        let html = TrendReport(runs: nights(), budgets: .standard).html
        final class Collector: NSObject, XMLParserDelegate {
            var svgs = 0, fullCharts = 0
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "svg" { svgs += 1; if attributes["class"] == "chart" { fullCharts += 1 } }
            }
        }
        let parser = XMLParser(data: Data(html.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError))")
        XCTAssertEqual(collector.fullCharts, 1, "one full chart for the one alerted series")
        XCTAssertEqual(collector.svgs, 3, "and small multiples for all and en-US")
        for forbidden in ["<script", "href=\"http", "src=", "@import", "url("] { XCTAssertFalse(html.lowercased().contains(forbidden), forbidden) }
    }
    #endif

    func testMarkdownLeadsWithTheAlert() {
        let markdown = TrendReport(runs: nights(), budgets: .standard).markdown
        XCTAssertTrue(markdown.contains("**1 alert**"), markdown)
        XCTAssertTrue(markdown.contains("| `2026-11-10` | `language=hi-IN` | `asr.wer` | 0.2 | 0.248 | +0.048 | ≤ +0.01 | 3 nights |"), markdown)
    }
}
