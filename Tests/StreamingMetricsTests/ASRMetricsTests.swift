import Foundation
import XCTest
import StreamingMetrics
import Traces

/// Per-fixture ASR aggregation (docs/metrics.md) and the seed incident 1 drill.
final class ASRMetricsTests: XCTestCase {
    func testSeveralUtterancesAggregate() {
        let trace = EmissionTrace(events: [
            // utt 0: [go | Go home | Go home now] erased 1, |f| 3
            partial(300, "go"), partial(600, "Go home"), final(900, "Go home now"),
            // utt 1: [call | call mom] erased 0, |f| 2
            partial(2300, "call", utt: 1), final(2800, "call mom", utt: 1),
            // utt 2: final only, first heard 6000 > 2600 + 3000 → inserted
            final(6000, "bye", utt: 2),
        ])
        let m = ASRMetrics.metrics(trace, segments: [segment(2000, 2600), segment(100, 800)], reference: "Go home now. Call Mom!")
        XCTAssertMetric(m, "asr.utterances", 3)
        XCTAssertMetric(m, "asr.inserted_utterances", 1)
        XCTAssertMetric(m, "asr.missed_segments", 0)
        XCTAssertMetric(m, "asr.erased_words", 1)
        XCTAssertMetric(m, "asr.partial_churn", 1.0 / 6.0)   // Σ erased / Σ |f| = 1 / (3 + 2 + 1)
        XCTAssertMetric(m, "asr.revisions", 1)
        // segments sorted by start: utt 0 ↔ [100, 800], utt 1 ↔ [2000, 2600]
        // first partial: 200, 300 → p50 200, p95 300
        XCTAssertMetric(m, "asr.first_partial_latency_ms.p50", 200)
        XCTAssertMetric(m, "asr.first_partial_latency_ms.p95", 300)
        XCTAssertMetric(m, "asr.first_partial_latency_ms.max", 300)
        // first stable: utt 0 from "Go home" at 600 → 500; utt 1 at 2300 → 300
        XCTAssertMetric(m, "asr.first_stable_token_latency_ms.p50", 300)
        XCTAssertMetric(m, "asr.first_stable_token_latency_ms.max", 500)
        // finalization: 900 − 800 = 100, 2800 − 2600 = 200
        XCTAssertMetric(m, "asr.finalization_delay_ms.p50", 100)
        XCTAssertMetric(m, "asr.finalization_delay_ms.p95", 200)
        // hypothesis "go home now call mom bye" vs "go home now call mom": 1 insertion / 5
        XCTAssertMetric(m, "asr.wer", 0.2)
        // characters: 24 vs 20 → 4 insertions / 20
        XCTAssertMetric(m, "asr.cer", 0.2)
    }

    func testNoReferenceAndNoSpeechGiveNulls() {
        let m = ASRMetrics.metrics(EmissionTrace(events: [final(100, "hi")]), segments: [], reference: nil)
        XCTAssertMetric(m, "asr.wer", nil)
        XCTAssertMetric(m, "asr.cer", nil)
        XCTAssertMetric(m, "asr.first_partial_latency_ms.p50", nil)
        XCTAssertMetric(m, "asr.finalization_delay_ms.max", nil)
        XCTAssertMetric(m, "asr.partial_churn", 0)
    }

    /// Seed incident 1: after a decoder update partials keep rewriting
    /// earlier words. Same audio, same speech segment, final WER nearly
    /// equal — but churn and first-stable-token latency move sharply, which
    /// is why they gate releases and final WER alone does not.
    func testIncident1ChurnSpikeWithUnchangedWER() throws {
        let before = """
        {"t_ms": 700,  "kind": "partial", "text": "please"}
        {"t_ms": 1000, "kind": "partial", "text": "please book"}
        {"t_ms": 1300, "kind": "partial", "text": "please book a table"}
        {"t_ms": 1700, "kind": "partial", "text": "please book a table for two"}
        {"t_ms": 2100, "kind": "partial", "text": "please book a table for two at seven"}
        {"t_ms": 2700, "kind": "final",   "text": "please book a table for two at seven tonight"}
        """
        let after = """
        {"t_ms": 650,  "kind": "partial", "text": "these"}
        {"t_ms": 950,  "kind": "partial", "text": "please look"}
        {"t_ms": 1250, "kind": "partial", "text": "police book a"}
        {"t_ms": 1600, "kind": "partial", "text": "please book a cable for"}
        {"t_ms": 2000, "kind": "partial", "text": "please book the table for two at"}
        {"t_ms": 2300, "kind": "partial", "text": "please book a table for to at seven"}
        {"t_ms": 2750, "kind": "final",   "text": "please book a table for two at seven tonite"}
        """
        let speech = [segment(500, 2500)]
        let reference = "Please book a table for two at seven tonight."
        let old = ASRMetrics.metrics(try EmissionTrace.decode(data: Data(before.utf8), file: "before.jsonl"), segments: speech, reference: reference)
        let new = ASRMetrics.metrics(try EmissionTrace.decode(data: Data(after.utf8), file: "after.jsonl"), segments: speech, reference: reference)

        // before: every partial extends the last one.
        XCTAssertMetric(old, "asr.erased_words", 0)
        XCTAssertMetric(old, "asr.revisions", 0)
        XCTAssertMetric(old, "asr.partial_churn", 0)
        XCTAssertMetric(old, "asr.first_stable_token_latency_ms.p50", 200)    // "please" from 700
        XCTAssertMetric(old, "asr.wer", 0)

        // after: lcps 0, 0, 0, 2, 2, 5 → erased 1 + 2 + 3 + 3 + 5 + 3 = 17 over |f| = 9
        XCTAssertMetric(new, "asr.erased_words", 17)
        XCTAssertMetric(new, "asr.revisions", 6)
        XCTAssertMetric(new, "asr.partial_churn", 17.0 / 9.0)
        XCTAssertMetric(new, "asr.first_stable_token_latency_ms.p50", 1100)   // "please" holds from 1600
        XCTAssertMetric(new, "asr.wer", 1.0 / 9.0)                            // "tonite": one substitution

        // The drill's point: WER moves by one word in nine while the user
        // watches 17 words rewritten and waits 900 ms longer for a stable caption.
        XCTAssertLessThanOrEqual(new["asr.wer"]!.number! - old["asr.wer"]!.number!, 0.12)
        XCTAssertGreaterThan(new["asr.partial_churn"]!.number! - old["asr.partial_churn"]!.number!, 1.5)
    }
}
