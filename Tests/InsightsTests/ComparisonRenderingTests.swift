import FileFormats
import StreamingMetrics
import Traces
import XCTest
@testable import Insights

/// The report formats: the JSON shape, a markdown comment whose
/// first line is the verdict, and cost beside quality on every slice row.
final class ComparisonRenderingTests: XCTestCase {
    /// Seed incident 4: GPU cost −35 % everywhere, aggregate WER within
    /// budget, the noisy ta-IN slice far worse; and a lost device slice.
    func incidentReport() throws -> ComparisonReport {
        let baseline = RunResults(path: "base.json", metricsVersion: "1", fixtures: [
            Make.fixture("a", ["language": "en-US", "device": "ios"], ["asr.wer": 0.10, "cost.gpu_ms_per_audio_s": 20]),
            Make.fixture("b", ["language": "en-US", "device": "android"], ["asr.wer": 0.10, "cost.gpu_ms_per_audio_s": 20]),
            Make.fixture("c", ["language": "ta-IN", "device": "android"], ["asr.wer": 0.20, "cost.gpu_ms_per_audio_s": 20]),
            Make.fixture("d", ["language": "en-US", "device": "kiosk"], ["asr.wer": 0.10, "cost.gpu_ms_per_audio_s": 20]),
        ])
        let candidate = RunResults(path: "cand.json", metricsVersion: "1", fixtures: [
            Make.fixture("a", ["language": "en-US", "device": "ios"], ["asr.wer": 0.06, "cost.gpu_ms_per_audio_s": 13]),
            Make.fixture("b", ["language": "en-US", "device": "android"], ["asr.wer": 0.08, "cost.gpu_ms_per_audio_s": 13]),
            Make.fixture("c", ["language": "ta-IN", "device": "android"], ["asr.wer": 0.28, "cost.gpu_ms_per_audio_s": 13]),
        ])
        let budgets = BudgetSet(["asr.wer": Make.werBudget, "cost.*": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter)])
        return try ComparisonReport(baseline: baseline, candidate: candidate, budgets: budgets, budgetsPath: "budgets.json", sloBurn: 0.5,
                                    minFixtures: 1)
    }

    func testJSONHasTheSpecShapeAndNullsWhereNothingExists() throws {
        let json = try incidentReport().json
        let findings = try XCTUnwrap(json["findings"]?.arrayValue)
        for finding in findings {
            for key in ["slice", "metric", "delta", "severity", "kind"] { XCTAssertNotNil(finding[key], key) }
        }
        // Ranked: the lost kiosk slice, then ta-IN (+0.08) and device=android (+0.03) regressions.
        XCTAssertEqual(findings.map { $0["kind"]!.stringValue! + " " + $0["slice"]!.stringValue! },
                       ["missing_candidate device=kiosk", "regression language=ta-IN", "regression device=android"])
        XCTAssertEqual(findings[0]["metric"], .null)
        XCTAssertEqual(findings[0]["severity"], .null)
        XCTAssertEqual(findings[1]["delta"]!.numberValue!, 0.08, accuracy: 1e-12)
        XCTAssertEqual(findings[1]["severity"]!.numberValue!, 0.06, accuracy: 1e-12)
        // ta-IN is one fixture (c, +0.08): a zero-width interval, confirmed
        // with min_fixtures 1. device=android pairs b (−0.02) and c (+0.08):
        // its interval [−0.02, +0.08] reaches within budget, only possible.
        XCTAssertEqual(findings[1]["status"], .string("confirmed"))
        XCTAssertEqual(findings[1]["interval"]?["low"]?.numberValue ?? 0, 0.08, accuracy: 1e-12)
        XCTAssertEqual(findings[2]["status"], .string("possible"))
        XCTAssertEqual(findings[2]["interval"]?["low"]?.numberValue ?? 0, -0.02, accuracy: 1e-12)
        XCTAssertEqual(findings[2]["interval"]?["high"]?.numberValue ?? 0, 0.08, accuracy: 1e-12)
        XCTAssertEqual(findings[2]["paired_fixtures"], .number(2))
        XCTAssertEqual(findings[2]["driven_by"], .array([.string("c")]))
        XCTAssertEqual(findings[2]["fixture_deltas"]?.arrayValue?.map { $0["id"]! }, [.string("c"), .string("b")])
        XCTAssertEqual(findings[2]["fixture_deltas"]?.arrayValue?.first?["contribution"]?.numberValue ?? 0, 0.04, accuracy: 1e-12)
        XCTAssertEqual(findings[0]["status"], .string("confirmed"), "a lost slice is a fact")
        XCTAssertNil(findings[0]["interval"], "only regressions carry an interval")
        XCTAssertEqual(json["bootstrap"]?["seed"], .number(Double(PairedBootstrap.standard.seed)))
        XCTAssertEqual(json["bootstrap"]?["resamples"], .number(2000))
        XCTAssertEqual(json["min_fixtures"], .number(1))
        // One regressing fixture (c) of the 3 in both runs is 33 % ≥ 20 %: broad.
        XCTAssertEqual(json["recommendation"]?["action"], .string("rollback"))
        XCTAssertEqual(json["recommendation"]?["fixtures"], .array([.string("c")]))
        XCTAssertEqual(json["recommendation"]?["regressing_fixtures"], .number(1))
        XCTAssertEqual(json["recommendation"]?["paired_fixtures"], .number(3))
        // Canonical text parses back to itself and never spells NaN or Infinity.
        let text = json.serialized()
        XCTAssertEqual(try JSONValue.parse(text).serialized(), text)
        XCTAssertFalse(text.contains("nan") || text.contains("inf"), text)
    }

    func testMarkdownLeadsWithTheVerdictThenFindingsThenSlices() throws {
        let markdown = try incidentReport().markdown
        let lines = markdown.components(separatedBy: "\n")
        XCTAssertTrue(lines[0].hasPrefix("**fixture-check compare: rollback**"), lines[0])
        let findings = try XCTUnwrap(lines.firstIndex(of: "### Findings (3)"))
        let slices = try XCTUnwrap(lines.firstIndex(of: "### Slices: quality beside cost"))
        XCTAssertLessThan(findings, slices)
        // Every table row has the same number of cells as its header.
        for line in lines where line.hasPrefix("|") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            XCTAssertTrue(cells == 12 || cells == 5, line)
        }
    }

    func testTheHarmedSliceShowsItsCostWinOnTheSameRow() throws {
        let report = try incidentReport()
        for (text, rowStart) in [(report.markdown, "| `language=ta-IN` |"), (report.text, "  language=ta-IN ")] {
            let row = try XCTUnwrap(text.components(separatedBy: "\n").first { $0.hasPrefix(rowStart) }, text)
            XCTAssertTrue(row.contains("REGRESSION asr.wer +0.08"), row)
            XCTAssertTrue(row.contains("20 → 13 (-35%)"), row)
        }
        // The slice's mean carries its uncertainty: one fixture, a zero-width interval.
        XCTAssertTrue(report.text.contains("REGRESSION asr.wer +0.08 (budget ≤ +0.02; 95% [+0.08, +0.08], n=1)"), report.text)
        let json = report.json
        let taRow = try XCTUnwrap(json["slices"]?.arrayValue?.first { $0["slice"] == .string("language=ta-IN") })
        XCTAssertEqual(taRow["quality"]?["asr.wer"]?["verdict"], .string("regression"))
        XCTAssertEqual(taRow["cost"]?["cost.gpu_ms_per_audio_s"]?["relative_delta"]?.numberValue ?? 0, -0.35, accuracy: 1e-12)
    }

    func testTextNamesInputsAndTheLostSlice() throws {
        let text = try incidentReport().text
        XCTAssertTrue(text.hasPrefix("verdict: ROLLBACK — critical asr.wer regressions are broad: 1 of 3 fixtures regress"), text)
        XCTAssertTrue(text.contains("driven by c; fixtures by contribution: c +0.08, b -0.02"), text)
        XCTAssertTrue(text.contains("fixtures behind the verdict: c"), text)
        XCTAssertTrue(text.contains("base.json") && text.contains("cand.json") && text.contains("budgets.json"), text)
        XCTAssertTrue(text.contains("slice lost: no candidate fixtures"), text)
        XCTAssertTrue(text.contains("SLO burn: 0.5"), text)
    }

    func testControlCharactersInSliceNamesCannotReachTheTerminal() throws {
        let evil = "en\u{1B}[2J"
        let run = RunResults(path: "a.json", fixtures: [Make.fixture("a", ["language": evil], ["asr.wer": 0.1])])
        let report = try ComparisonReport(baseline: run, candidate: run, budgets: .standard, budgetsPath: nil, sloBurn: nil)
        XCTAssertFalse(report.text.contains("\u{1B}"))
        XCTAssertFalse(report.markdown.contains("\u{1B}"))
    }

    func testFixturesWithErrorsAreCountedInTheHeader() throws {
        var failed = Make.fixture("b", [:], ["asr.wer": nil])
        failed.errors = ["Fixtures/b/asr.jsonl: line 3: t_ms goes backwards"]
        let baseline = RunResults(path: "a.json", fixtures: [Make.fixture("a", [:], ["asr.wer": 0.1]), Make.fixture("b", [:], ["asr.wer": 0.1])])
        let candidate = RunResults(path: "b.json", fixtures: [Make.fixture("a", [:], ["asr.wer": 0.1]), failed])
        let report = try ComparisonReport(baseline: baseline, candidate: candidate, budgets: .standard, budgetsPath: nil, sloBurn: nil)
        XCTAssertTrue(report.text.contains("candidate b.json (2 fixtures, 1 with errors)"), report.text)
        XCTAssertTrue(report.text.contains("baseline a.json (2 fixtures)"), report.text)
        XCTAssertEqual(report.json["candidate_errored"], .number(1))
    }
}
