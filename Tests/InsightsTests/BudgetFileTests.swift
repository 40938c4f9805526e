import FileFormats
import Traces
import StreamingMetrics
import XCTest
@testable import Insights

/// Budgets files are validated with errors naming the file and metric;
/// patterns resolve deterministically; the built-in set is serious.
final class BudgetFileTests: XCTestCase {
    func parse(_ text: String) throws -> BudgetSet {
        try BudgetSet(json: try JSONValue.parse(text), path: "budgets.json")
    }

    func testReadsTheSpecExample() throws {
        let set = try parse(#"""
        {"asr.wer": {"allowed_delta": 0.02, "direction": "lower_is_better", "critical": true},
         "tts.first_audio_byte_ms.p95": {"allowed_delta": 150, "direction": "lower_is_better"}}
        """#)
        XCTAssertEqual(set.budget(for: "asr.wer"), MetricBudget(allowedDelta: 0.02, direction: .lowerIsBetter, critical: true))
        XCTAssertEqual(set.budget(for: "tts.first_audio_byte_ms.p95"), MetricBudget(allowedDelta: 150, direction: .lowerIsBetter))
        XCTAssertNil(set.budget(for: "asr.cer"))
    }

    func testErrorsNameTheFileAndTheMetric() {
        let cases = [
            (#"[]"#, "expected an object"),
            (#"{"asr.wer": {"direction": "lower_is_better"}}"#, "asr.wer: missing \"allowed_delta\""),
            (#"{"asr.wer": {"allowed_delta": 0.1, "direction": "exact"}}"#, "asr.wer: \"direction\""),
            (#"{"asr.wer": {"allowed_delta": 0.1, "direction": "lower_is_better", "critical": "yes"}}"#, "\"critical\""),
            (#"{"asr.wer": {"allowed_delta": 0.1, "direction": "lower_is_better", "allowed": 2}}"#, "unknown key \"allowed\""),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try parse(text), text) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("budgets.json: "), message)
                XCTAssertTrue(message.contains(expected), "\(message) should contain \(expected)")
            }
        }
    }

    func testExactEntryBeatsPatternAndLongerPatternBeatsShorter() {
        let set = BudgetSet([
            "cost.*": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter),
            "cost.gpu_*": MetricBudget(allowedDelta: 1, direction: .lowerIsBetter),
            "cost.gpu_ms_per_audio_s": MetricBudget(allowedDelta: 2, direction: .lowerIsBetter),
            "*": MetricBudget(allowedDelta: 9, direction: .higherIsBetter),
        ])
        XCTAssertEqual(set.budget(for: "cost.gpu_ms_per_audio_s")?.allowedDelta, 2)
        XCTAssertEqual(set.budget(for: "cost.gpu_hours")?.allowedDelta, 1)
        XCTAssertEqual(set.budget(for: "cost.usd_per_min")?.allowedDelta, 0)
        XCTAssertEqual(set.budget(for: "task.success")?.allowedDelta, 9)
    }

    func testPatternMatching() {
        XCTAssertTrue(GlobPattern.matches("asr.*.p95", "asr.first_partial_latency_ms.p95"))
        XCTAssertFalse(GlobPattern.matches("asr.*.p95", "asr.first_partial_latency_ms.p50"))
        XCTAssertTrue(GlobPattern.matches("cost.*", "cost."))
        XCTAssertFalse(GlobPattern.matches("cost.*", "costly"))
        XCTAssertTrue(GlobPattern.matches("a*b*c", "aXbYbZc"))
    }

    func testBuiltInBudgetsGuardTheSeedIncidents() {
        let standard = BudgetSet.standard
        // Incident 1 (partial churn), 2 (TTS first byte), 4 (slice WER and
        // entities), 5 (barge-in): critical.
        for metric in ["asr.wer", "asr.entity_error_rate", "asr.partial_churn", "tts.first_audio_byte_ms.p95", "barge_in.missed"] {
            XCTAssertEqual(standard.budget(for: metric)?.critical, true, metric)
        }
        // Each built-in budget points the way the metric catalog says is better.
        for name in standard.entries.keys where !name.contains("*") {
            let catalog = MetricCatalog.direction(of: MetricName(name))
            XCTAssertNotNil(catalog, "\(name) is not in the metric catalog")
            XCTAssertEqual(standard.budget(for: name)?.direction.rawValue, catalog?.rawValue, name)
        }
        XCTAssertEqual(standard.budget(for: "cost.usd_per_min"), MetricBudget(allowedDelta: 0, direction: .lowerIsBetter))
        XCTAssertNil(standard.budget(for: "snr.db"), "audio properties of the fixture are not the candidate's doing")
    }
}
