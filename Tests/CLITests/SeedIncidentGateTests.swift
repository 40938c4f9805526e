import CLITestSupport
import Foundation
import XCTest

/// The six seed incidents, end to end through the real gate: the bundled
/// fixtures pass against their goldens, and each regressed twin (the traces
/// as the bad release recorded them) fails on the metric that catches it.
final class SeedIncidentGateTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func check(_ fixtures: String) throws -> (status: Int32, fixtures: [String: [String: Any]]) {
        let result = try CLI.run(["check", "--fixtures", Self.root.appendingPathComponent(fixtures).path,
                                  "--goldens", Self.root.appendingPathComponent("Goldens").path,
                                  "--record", "never", "--format", "json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stderr)
        let list = try XCTUnwrap(json["fixtures"] as? [[String: Any]])
        return (result.status, Dictionary(uniqueKeysWithValues: list.map { ($0["id"] as! String, $0) }))
    }

    func testBundledFixturesPassTheGate() throws {
        let (status, fixtures) = try check("Fixtures")
        XCTAssertEqual(status, 0, "\(fixtures.filter { $0.value["status"] as? String != "pass" })")
        XCTAssertGreaterThanOrEqual(fixtures.count, 9)
    }

    func testEachRegressedIncidentFailsOnTheMetricThatCatchesIt() throws {
        let (status, fixtures) = try check("Regressions")
        XCTAssertEqual(status, 1)
        let expected: [String: [String]] = [
            "asr-partial-churn-001": ["asr.partial_churn", "asr.revisions", "asr.first_stable_token_latency_ms.p95"],  // incident 1
            "tts-first-byte-001": ["tts.first_audio_byte_ms.p95", "tts.underrun_count"],                              // incident 2
            "rag-ungrounded-001": ["rag.grounded_answer_rate", "rag.topk_overlap"],                                    // incident 3
            "asr-cost-cut-noisy-accent-001": ["asr.wer", "asr.entity_error_rate", "asr.confidence_ece"],              // incident 4
            "barge-in-sdk-echo-001": ["barge_in.missed", "barge_in.latency_ms.p95"],                                   // incident 5
            "lang-mix-hi-in-001": ["asr.wer"],                                                                         // incident 6
        ]
        for (id, metrics) in expected {
            let fixture = try XCTUnwrap(fixtures[id], id)
            XCTAssertEqual(fixture["status"] as? String, "regression", id)
            let failing = Set((fixture["diffs"] as? [[String: Any]] ?? []).compactMap { $0["metric"] as? String })
            for metric in metrics { XCTAssertTrue(failing.contains(metric), "\(id) should fail on \(metric): \(failing.sorted())") }
        }
        // The healthy control of incident 4 and the unchanged language slices pass:
        // aggregate quality holds while one slice regresses.
        for id in ["asr-cost-cut-clean-001", "lang-mix-en-us-001", "lang-mix-es-us-001"] {
            XCTAssertEqual(fixtures[id]?["status"] as? String, "pass", id)
        }
    }
}
