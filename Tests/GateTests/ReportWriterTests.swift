#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import StreamingMetrics
import Traces
import XCTest
import FileFormats
import Gate

/// Every output format of `check`: the text a person reads, docs/gate.md JSON
/// (and its round trip for `merge`), JUnit that an XML parser accepts,
/// GitHub annotations escaped as the runner expects, and Markdown.
final class ReportWriterTests: XCTestCase {
    /// Hostile characters in ids, metric names and strings on purpose.
    let report = GateReport(fixtures: [
        FixtureVerdict(id: "tts-first-byte<&>", status: .regression, diffs: [
            MetricDiff(metric: "tts.first_audio_byte_ms.p95", golden: .number(350), actual: .number(1400),
                       tolerance: Tolerance(amount: .absolute(100), direction: .lowerIsBetter, pattern: "tts.first_audio_byte_ms.*"), kind: .regression),
            MetricDiff(metric: "snr.bucket", golden: .string("10-15"), actual: .string("a,b:c%\n\"'|"),
                       tolerance: .default, kind: .mismatch),
            MetricDiff(metric: "asr.wer", golden: .null, actual: .number(0.25), tolerance: .default, kind: .mismatch),
            MetricDiff(metric: "new.metric", golden: nil, actual: .number(1), tolerance: .default, kind: .missingInGolden),
        ], goldenPath: "Goldens/tts-first-byte<&>.json"),
        FixtureVerdict(id: "asr-ok", status: .pass, goldenPath: "Goldens/asr-ok.json"),
        FixtureVerdict(id: "asr-better", status: .improved, diffs: [
            MetricDiff(metric: "asr.partial_churn", golden: .number(0.5), actual: .number(0.1),
                       tolerance: Tolerance(amount: .absolute(0.05), direction: .lowerIsBetter, pattern: "asr.partial_churn"), kind: .improved),
        ], goldenPath: "Goldens/asr-better.json"),
        FixtureVerdict(id: "broken", status: .error, errors: ["Fixtures/broken/asr.jsonl:3: t_ms goes backwards \u{1}"], goldenPath: "Goldens/broken.json"),
    ])

    func testTextNamesMetricGoldenActualToleranceDirectionAndPath() {
        let text = report.text
        XCTAssertTrue(text.contains("FAIL tts-first-byte<&>: regression — golden Goldens/tts-first-byte<&>.json"), text)
        XCTAssertTrue(text.contains("tts.first_audio_byte_ms.p95: 350 → 1400 (regression; tolerance abs 100, lower_is_better from \"tts.first_audio_byte_ms.*\")"), text)
        XCTAssertTrue(text.contains("asr.wer: null → 0.25 (mismatch"), text)
        XCTAssertTrue(text.contains("new.metric: (absent from golden) → 1 (missing_in_golden"), text)
        XCTAssertTrue(text.contains("STALE asr-better: improved"), text)
        XCTAssertTrue(text.contains("error: Fixtures/broken/asr.jsonl:3"), text)
        XCTAssertFalse(text.contains("asr-ok"), "passing fixtures stay out of the way")
        XCTAssertTrue(text.contains("\n4 fixtures, 1 pass, 1 regression, 1 improved, 1 error — FAILED\nNext:\n"), text)
        // A failing run ends with what to do next.
        XCTAssertTrue(text.contains("  look: rerun with --artifacts DIR"), text)
        XCTAssertTrue(text.contains("  intended: fixture-check check --record failed, then review and commit Goldens/tts-first-byte<&>.json"), text)
        XCTAssertTrue(text.hasSuffix("  errors: fix the input named in each error line above and rerun (exit 2 until then)"), text)
    }

    func testPassingRunEndsWithItsSummary() {
        let passing = GateReport(fixtures: [FixtureVerdict(id: "a", status: .pass, goldenPath: "Goldens/a.json")])
        XCTAssertEqual(passing.text, "1 fixture, 1 pass — PASSED")
        XCTAssertFalse(passing.markdown.contains("--record"))
    }

    /// A fixture with one event has equal p50, p95 and max: one line, not three.
    func testIdenticalSummariesCollapseIntoOneLine() {
        let tolerance = Tolerance(amount: .absolute(100), direction: .lowerIsBetter, pattern: "tts.first_audio_byte_ms.*")
        func diff(_ name: String, _ actual: Double) -> MetricDiff {
            MetricDiff(metric: name, golden: .number(350), actual: .number(actual), tolerance: tolerance, kind: .regression)
        }
        let report = GateReport(fixtures: [FixtureVerdict(id: "one", status: .regression, diffs: [
            diff("tts.first_audio_byte_ms.max", 1400), diff("tts.first_audio_byte_ms.p50", 1400),
            diff("tts.first_audio_byte_ms.p95", 1400), diff("tts.rtf.max", 2), diff("tts.rtf.p50", 1),
        ], goldenPath: "Goldens/one.json")])
        let lines = report.text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("  tts.first_audio_byte_ms.p50/p95/max: 350 → 1400 (regression; tolerance abs 100, lower_is_better from \"tts.first_audio_byte_ms.*\")"), report.text)
        XCTAssertEqual(lines.filter { $0.hasPrefix("  tts.first_audio_byte") }.count, 1)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  tts.rtf.max: 350 → 2") }, "different values stay apart")
        XCTAssertTrue(lines.contains { $0.hasPrefix("  tts.rtf.p50: 350 → 1") })
        XCTAssertEqual(report.markdown.split(separator: "\n").filter { $0.contains("first_audio_byte_ms.p50/p95/max") }.count, 1)
    }

    func testMarkdownEscapesWhatMarkdownWouldEat() {
        let tolerance = Tolerance(amount: .absolute(50), direction: .lowerIsBetter, pattern: "asr.*latency*")
        let report = GateReport(fixtures: [FixtureVerdict(id: "lat_1", status: .regression, diffs: [
            MetricDiff(metric: "asr.first_partial_latency_ms.p50", golden: .number(1), actual: .number(90), tolerance: tolerance, kind: .regression),
        ], goldenPath: "Goldens/lat_1.json")])
        let md = report.markdown
        XCTAssertTrue(md.contains("from \"asr.\\*latency\\*\""), md)
        XCTAssertFalse(md.contains("asr.*latency*\""), "unescaped: italics on GitHub")
        XCTAssertTrue(md.contains("| lat\\_1 |"), md)
        XCTAssertTrue(md.contains("`asr.first_partial_latency_ms.p50`"), "code spans stay verbatim")
        XCTAssertTrue(md.contains("- intended: fixture-check check --record failed, then review and commit Goldens/lat\\_1.json"), md)
    }

    func testJSONHasTheSpecShapeAndRoundTrips() throws {
        let json = try JSONValue.parse(report.json.serialized())
        XCTAssertEqual(json["passed"], .bool(false))
        let first = try XCTUnwrap(json["fixtures"]?.arrayValue?.first)
        XCTAssertEqual(first["id"], .string("asr-better"))
        XCTAssertEqual(first["status"], .string("improved"))
        let diff = try XCTUnwrap(first["diffs"]?.arrayValue?.first)
        for key in ["metric", "golden", "actual", "tolerance"] { XCTAssertNotNil(diff[key], key) }
        XCTAssertEqual(diff["tolerance"]?["abs"], .number(0.05))
        XCTAssertEqual(diff["tolerance"]?["direction"], .string("lower_is_better"))
        XCTAssertEqual(try GateReport(json: json, path: "r.json"), report)
    }

    func testJSONKeepsAbsentAndNullApart() throws {
        let json = try JSONValue.parse(report.json.serialized())
        let diffs = try XCTUnwrap(json["fixtures"]?.arrayValue?.last?["diffs"]?.arrayValue)
        let wer = try XCTUnwrap(diffs.first { $0["metric"] == .string("asr.wer") })
        XCTAssertEqual(wer["golden"], .null)
        let new = try XCTUnwrap(diffs.first { $0["metric"] == .string("new.metric") })
        XCTAssertNil(new["golden"])
    }

    func testJUnitParsesAndCountsFailures() throws {
        let xml = report.junit
        let collector = JUnitCollector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")\n\(xml)")
        XCTAssertEqual(collector.testcases, ["asr-better", "asr-ok", "broken", "tts-first-byte<&>"])
        XCTAssertEqual(collector.suiteAttributes["tests"], "4")
        XCTAssertEqual(collector.suiteAttributes["failures"], "1")
        XCTAssertEqual(collector.suiteAttributes["errors"], "1")
        XCTAssertEqual(collector.failures.count, 1)
        XCTAssertTrue(collector.failures[0].contains("tts.first_audio_byte_ms.p95: 350 → 1400"), collector.failures[0])
        XCTAssertTrue(collector.failures[0].contains("a,b:c%\n\"'|"), "escaped text reads back unchanged")
        XCTAssertEqual(collector.errors.count, 1)
    }

    func testGitHubAnnotationsEscapeDataAndProperties() {
        let lines = report.githubAnnotations.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, "one per failing or stale fixture plus the summary")
        let regression = lines.first { $0.contains("tts-first-byte") }!
        XCTAssertTrue(regression.hasPrefix("::error file=Goldens/tts-first-byte<&>.json,title=fixture-check regression%3A tts-first-byte<&>::"), regression)
        XCTAssertTrue(regression.contains("a,b:c%25%0A\"'|"), "data escapes %, CR and LF only: \(regression)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("::warning file=Goldens/asr-better.json,") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("::error file=Goldens/broken.json,") })
        XCTAssertEqual(GitHubCommand.property("a:b,c%d\r\n"), "a%3Ab%2Cc%25d%0D%0A")
        XCTAssertTrue(lines.last!.hasPrefix("::error title=fixture-check::4 fixtures"))
    }

    func testMarkdownTableEscapesPipesAndNewlines() {
        let md = report.markdown
        XCTAssertTrue(md.hasPrefix("## fixture-check: ❌ failed"))
        XCTAssertTrue(md.contains("| tts-first-byte\\<&\\> | regression | `tts.first_audio_byte_ms.p95` (regression) | 350 | 1400 | abs 100, lower\\_is\\_better from \"tts.first\\_audio\\_byte\\_ms.\\*\" |"), md)
        XCTAssertTrue(md.contains("\"a,b:c% \"'\\|\""), md)
        for line in md.split(separator: "\n") where line.hasPrefix("| tts-") {
            XCTAssertEqual(line.filter { $0 == "|" }.count - line.components(separatedBy: "\\|").count + 1, 7, String(line))
        }
    }
}

/// Collects what the JUnit document says, through Foundation's parser.
private final class JUnitCollector: NSObject, XMLParserDelegate {
    var testcases: [String] = []
    var suiteAttributes: [String: String] = [:]
    var failures: [String] = []
    var errors: [String] = []
    private var text: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "testsuite": suiteAttributes = attributes
        case "testcase": testcases.append(attributes["name"] ?? "")
        case "failure", "error": text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text? += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "failure", let text { failures.append(text) }
        if name == "error", let text { errors.append(text) }
        if name == "failure" || name == "error" { text = nil }
    }
}
