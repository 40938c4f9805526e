import Insights
import StreamingMetrics
import Traces
import XCTest

/// Gaps, shares, divergence and alerts on a small hand-computed set.
///
/// Fixtures (language, snr_bucket): A en-US 10-15, B en-US 10-15,
/// C en-US >=30, D hi-IN 10-15, E (no language) 10-15, F fr-FR 10-15.
/// Traffic as counts 50/40/10 for en-US/hi-IN/es-US → shares .5/.4/.1.
final class CoverageReportTests: XCTestCase {
    let fixtures: [[String: String]] = [
        ["language": "en-US", "snr_bucket": "10-15"],
        ["language": "en-US", "snr_bucket": "10-15"],
        ["language": "en-US", "snr_bucket": ">=30"],
        ["language": "hi-IN", "snr_bucket": "10-15"],
        ["snr_bucket": "10-15"],
        ["language": "fr-FR", "snr_bucket": "10-15"],
    ]
    let traffic = TrafficMix(shares: ["language": ["en-US": 50, "hi-IN": 40, "es-US": 10]])

    var report: CoverageReport {
        CoverageReport(fixtures: fixtures, requirement: CoverageRequirement(dimensions: ["language", "snr_bucket"], minPerCell: 2), traffic: traffic)
    }

    func testCellsAreEveryCombinationOfKnownValues() {
        // Languages from fixtures and traffic (es-US only in traffic), code-point
        // order; SNR buckets in their natural order (10-15 before >=30).
        XCTAssertEqual(report.cells.map(\.values), [
            ["en-US", "10-15"], ["en-US", ">=30"], ["es-US", "10-15"], ["es-US", ">=30"],
            ["fr-FR", "10-15"], ["fr-FR", ">=30"], ["hi-IN", "10-15"], ["hi-IN", ">=30"],
        ])
        // E has no language, so it is in no cell.
        XCTAssertEqual(report.cells.map(\.have), [2, 1, 0, 0, 1, 0, 1, 0])
        XCTAssertEqual(report.gaps.count, 7, "every cell but en-US/10-15 is short of 2")
        XCTAssertTrue(report.gaps.allSatisfy { $0.need == 2 })
    }

    func testSharesDivergenceAndAlerts() throws {
        // Fixture shares among the 5 fixtures that carry a language.
        let rows = report.drift.map { ($0.value, $0.trafficShare, $0.fixtureShare!, $0.alert) }
        let expected: [(String, Double, Double, Bool)] = [
            ("en-US", 0.5, 0.6, false),
            ("es-US", 0.1, 0.0, true),   // ≥ 5 % of traffic, no fixture
            ("fr-FR", 0.0, 0.2, false),  // only in fixtures
            ("hi-IN", 0.4, 0.2, false),  // exactly half: not below half
        ]
        XCTAssertEqual(rows.count, expected.count)
        for (row, want) in zip(rows, expected) {
            XCTAssertEqual(row.0, want.0)
            XCTAssertEqual(row.1, want.1, accuracy: 1e-12, row.0)
            XCTAssertEqual(row.2, want.2, accuracy: 1e-12, row.0)
            XCTAssertEqual(row.3, want.3, row.0)
        }
        // M = (.55, .05, .1, .3): KL(P‖M) = 0.197263, KL(Q‖M) = 0.158326 → 0.177794.
        XCTAssertEqual(try XCTUnwrap(report.jsDivergence["language"] ?? nil), 0.17779463347132698, accuracy: 1e-9)
        XCTAssertTrue(report.hasFindings)
    }

    func testAlertThresholdIsInclusiveAtFivePercent() {
        let mix = TrafficMix(shares: ["device": ["android": 0.90, "ios": 0.05, "web": 0.049]])
        let report = CoverageReport(fixtures: [["device": "android"]], requirement: CoverageRequirement(dimensions: ["device"], minPerCell: 1), traffic: mix)
        XCTAssertEqual(report.drift.map(\.alert), [false, true, false], "ios at exactly 5 % alerts, web at 4.9 % does not")
    }

    func testJSONShape() throws {
        let json = report.json
        let firstGap = try XCTUnwrap(json["gaps"]?.arrayValue?.first)
        XCTAssertEqual(firstGap, .object(["cell": .object(["language": .string("en-US"), "snr_bucket": .string(">=30")]),
                                          "have": .number(1), "need": .number(2)]))
        let drift = try XCTUnwrap(json["drift"]?.arrayValue)
        XCTAssertEqual(drift[1], .object(["dimension": .string("language"), "value": .string("es-US"),
                                         "traffic_share": .number(0.1), "fixture_share": .number(0), "fixtures": .number(0),
                                         "alert": .bool(true)]))
        // 5 of the 6 fixtures carry a language (E does not); all 6 an SNR bucket.
        XCTAssertEqual(json["denominators"], .object(["language": .number(5), "snr_bucket": .number(6)]))
        XCTAssertEqual(drift[0]["fixtures"], .number(3), "en-US: 3 of 5 = 0.6")
        XCTAssertEqual(json["suggestions"], .object([:]))
        XCTAssertEqual(json["js_divergence"]?["language"]?.numberValue ?? -1, 0.177795, accuracy: 1e-6)
        XCTAssertEqual(report.json.serialized(), json.serialized(), "deterministic")
    }

    func testFullyCoveredSetHasNoFindings() {
        let fixtures = (0..<3).flatMap { _ in [["language": "en-US"], ["language": "hi-IN"]] }
        let mix = TrafficMix(shares: ["language": ["en-US": 0.5, "hi-IN": 0.5]])
        let report = CoverageReport(fixtures: fixtures, requirement: CoverageRequirement(dimensions: ["language"], minPerCell: 3), traffic: mix)
        XCTAssertTrue(report.gaps.isEmpty)
        XCTAssertTrue(report.alerts.isEmpty)
        XCTAssertEqual(report.jsDivergence["language"] ?? nil, 0)
        XCTAssertFalse(report.hasFindings)
    }

    func testDimensionNoFixtureCarries() {
        let mix = TrafficMix(shares: ["accent": ["in": 0.7, "us": 0.3]])
        let report = CoverageReport(fixtures: [["language": "en-US"]], requirement: CoverageRequirement(dimensions: ["device"], minPerCell: 1), traffic: mix)
        XCTAssertEqual(report.unknownDimensions, ["device"], "a required key nobody has cannot pass silently")
        XCTAssertTrue(report.cells.isEmpty)
        XCTAssertEqual(report.drift.map(\.fixtureShare), [nil, nil], "no fixture carries accent: share unknown, not 0")
        XCTAssertEqual(report.drift.map(\.alert), [true, true])
        XCTAssertEqual(report.jsDivergence["accent"], .some(nil))
        XCTAssertEqual(report.json["js_divergence"]?["accent"], .null)
        XCTAssertTrue(report.hasFindings)
    }

    func testDriftWithoutARequirement() {
        let report = CoverageReport(fixtures: fixtures, requirement: nil, traffic: traffic)
        XCTAssertTrue(report.cells.isEmpty && report.gaps.isEmpty && report.unknownDimensions.isEmpty)
        XCTAssertNil(report.minPerCell)
        XCTAssertEqual(report.alerts.map(\.value), ["es-US"], "the same drift as with a requirement")
        XCTAssertEqual(report.denominators, ["language": 5])
        XCTAssertEqual(report.json["min_per_cell"], .null)
        XCTAssertEqual(report.json["gaps"], .array([]))
        XCTAssertTrue(report.markdown.contains("no coverage requirement (drift only)"), report.markdown)
        XCTAssertTrue(report.markdown.contains("Not checked: no coverage requirement"), report.markdown)
        XCTAssertTrue(report.html.contains("no coverage requirement (drift only)"))
    }

    func testDenominatorsAppearInEveryFormat() {
        let r = report
        XCTAssertTrue(r.markdown.contains("`language` 5 of 6, `snr_bucket` 6 of 6"), r.markdown)
        XCTAssertTrue(r.markdown.contains("| language | es-US | 10.0 % | 0.0 % | 0 of 5 |"), r.markdown)
        XCTAssertTrue(r.markdown.contains("| language | en-US | 50.0 % | 60.0 % | 3 of 5 |"), r.markdown)
        XCTAssertTrue(r.html.contains("<code>language</code> 5 of 6"), r.html)
        XCTAssertTrue(r.html.contains("shares of the 5 fixtures that carry it"), r.html)
    }

    func testMisspelledDimensionGetsADidYouMean() {
        let misspelled = CoverageReport(fixtures: fixtures, requirement: CoverageRequirement(dimensions: ["langauge"], minPerCell: 1),
                                        traffic: TrafficMix(shares: ["snr_bukcet": ["10-15": 1]]))
        XCTAssertEqual(misspelled.unknownDimensions, ["langauge"])
        XCTAssertEqual(misspelled.suggestions, ["langauge": "language", "snr_bukcet": "snr_bucket"])
        XCTAssertEqual(misspelled.json["suggestions"]?["langauge"], .string("language"))
        XCTAssertTrue(misspelled.markdown.contains("`langauge` (did you mean `language`?)"), misspelled.markdown)
        XCTAssertTrue(misspelled.html.contains("(did you mean <code>language</code>?)"))
        // Something unrelated gets no suggestion.
        let unrelated = CoverageReport(fixtures: fixtures, requirement: CoverageRequirement(dimensions: ["device"], minPerCell: 1), traffic: nil)
        XCTAssertEqual(unrelated.suggestions, [:])
    }

    func testEditDistance() {
        XCTAssertEqual(NearestName.distance("langauge", "language"), 2)  // a transposition is two edits
        XCTAssertEqual(NearestName.distance("kitten", "sitting"), 3)
        XCTAssertEqual(NearestName.distance("", "abc"), 3)
        XCTAssertEqual(NearestName.suggestion(for: "devise", among: ["device", "language"]), "device")
        XCTAssertNil(NearestName.suggestion(for: "accent", among: ["device", "language"]))
        XCTAssertNil(NearestName.suggestion(for: "device", among: ["device", "devices"]), "an exact name needs no suggestion")
        XCTAssertEqual(NearestName.suggestion(for: "sdkk", among: ["sdk1", "sdk"]), "sdk", "a tie at distance 1 goes by code point")
    }
}
