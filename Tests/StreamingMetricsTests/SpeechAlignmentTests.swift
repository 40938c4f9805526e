import XCTest
import StreamingMetrics
import Traces

/// metrics_version 2: utterances aligned with speech segments by time
/// (docs/metrics.md, "Alignment"), with the worked examples of the docs
/// computed by hand.
final class SpeechAlignmentTests: XCTestCase {
    /// Worked example 1: the agent's own echo is recognized before the user
    /// speaks. v1 matched it with the user's turn (first partial −700 ms);
    /// v2 counts it as inserted and the turn's latencies stay positive.
    func testEchoHeardBeforeSpeechIsInserted() {
        let trace = EmissionTrace(events: [
            partial(300, "okay"), final(600, "okay"),                                  // echo, e_0 = 300
            partial(1300, "turn", utt: 1), partial(1600, "turn left", utt: 1), final(2700, "turn left", utt: 1),
        ])
        let speech = [segment(1000, 2500)]
        let alignment = SpeechAlignment(trace, segments: speech)
        // e_0 = 300: no segment starts at or before 400 → inserted.
        XCTAssertEqual(alignment.inserted, [0])
        XCTAssertEqual(alignment.matches, [SpeechAlignment.Match(segment: segment(1000, 2500), utts: [1])])
        XCTAssertEqual(alignment.missed, [])

        let m = ASRMetrics.metrics(trace, segments: speech, reference: "turn left")
        XCTAssertMetric(m, "asr.utterances", 2)
        XCTAssertMetric(m, "asr.inserted_utterances", 1)
        XCTAssertMetric(m, "asr.missed_segments", 0)
        XCTAssertMetric(m, "asr.first_partial_latency_ms.p50", 300)         // 1300 − 1000
        XCTAssertMetric(m, "asr.first_partial_latency_ms.max", 300)
        XCTAssertMetric(m, "asr.first_stable_token_latency_ms.p50", 300)    // "turn" holds from 1300
        XCTAssertMetric(m, "asr.finalization_delay_ms.p50", 200)            // 2700 − 2500
        // WER counts every utterance: "okay turn left" vs "turn left" = 1 insertion / 2.
        XCTAssertMetric(m, "asr.wer", 0.5)
        for name in ["asr.first_partial_latency_ms.p50", "asr.first_stable_token_latency_ms.p50", "asr.finalization_delay_ms.p50"] {
            XCTAssertGreaterThanOrEqual(m[name]!.number!, 0, name)
        }
    }

    /// Worked example 2: the endpointer splits one turn into two
    /// utterances. One match: first partial and stable token from utt 0,
    /// final from utt 1.
    func testTurnSplitInTwoIsOneMatch() {
        let trace = EmissionTrace(events: [
            partial(800, "book a"), final(1500, "book a table"),
            partial(1900, "for two", utt: 1), final(3200, "for two", utt: 1),
        ])
        let speech = [segment(500, 3000)]
        let alignment = SpeechAlignment(trace, segments: speech)
        XCTAssertEqual(alignment.matches, [SpeechAlignment.Match(segment: segment(500, 3000), utts: [0, 1])])
        XCTAssertEqual(alignment.inserted, [])

        let m = ASRMetrics.metrics(trace, segments: speech, reference: "Book a table for two.")
        XCTAssertMetric(m, "asr.inserted_utterances", 0)
        XCTAssertMetric(m, "asr.missed_segments", 0)
        XCTAssertMetric(m, "asr.first_partial_latency_ms.p50", 300)         // 800 − 500, from utt 0
        XCTAssertMetric(m, "asr.first_stable_token_latency_ms.p50", 300)    // "book" holds from 800
        XCTAssertMetric(m, "asr.finalization_delay_ms.p50", 200)            // 3200 − 3000, from utt 1
        XCTAssertMetric(m, "asr.finalization_delay_ms.max", 200)            // one match, not two
        XCTAssertMetric(m, "asr.wer", 0)
        XCTAssertEqual(ASRMetrics.segmentLatencies(trace, segments: speech).count, 1)
    }

    /// Worked example 3: the engine never hears the second of three turns.
    /// v1 shifted the third utterance onto the second segment (first
    /// partial 4300 ms); v2 reports the missed segment and keeps 300 ms.
    func testMissedTurn() {
        let trace = EmissionTrace(events: [
            final(1700, "hello"),
            partial(8300, "bye", utt: 1), final(9200, "bye", utt: 1),
        ])
        let speech = [segment(500, 1500), segment(4000, 5000), segment(8000, 9000)]
        let alignment = SpeechAlignment(trace, segments: speech)
        XCTAssertEqual(alignment.missed, [segment(4000, 5000)])
        XCTAssertEqual(alignment.matches.map(\.utts), [[0], [1]])

        let m = ASRMetrics.metrics(trace, segments: speech, reference: nil)
        XCTAssertMetric(m, "asr.missed_segments", 1)
        XCTAssertMetric(m, "asr.inserted_utterances", 0)
        // first partial per match: 1700 − 500 = 1200 (final, no partial), 8300 − 8000 = 300
        XCTAssertMetric(m, "asr.first_partial_latency_ms.p50", 300)
        XCTAssertMetric(m, "asr.first_partial_latency_ms.p95", 1200)
        XCTAssertMetric(m, "asr.first_partial_latency_ms.max", 1200)
        // finalization: 1700 − 1500 = 200, 9200 − 9000 = 200
        XCTAssertMetric(m, "asr.finalization_delay_ms.max", 200)
    }

    func testToleranceEdges() {
        let speech = [segment(1000, 2000)]
        // 100 ms early is still the segment's; 101 ms early is not.
        XCTAssertEqual(SpeechAlignment(firstEmissionMs: [0: 900], segments: speech).inserted, [])
        XCTAssertEqual(SpeechAlignment(firstEmissionMs: [0: 899], segments: speech).inserted, [0])
        // Up to 3000 ms after the end is the segment's; later is noise.
        XCTAssertEqual(SpeechAlignment(firstEmissionMs: [0: 5000], segments: speech).inserted, [])
        XCTAssertEqual(SpeechAlignment(firstEmissionMs: [0: 5001], segments: speech).inserted, [0])
        XCTAssertEqual(SpeechAlignment(firstEmissionMs: [0: 5001], segments: speech).missed, speech)
    }

    func testLatestStartingSegmentWins() {
        // e = 2050: segments starting 1000 and 2100 (≤ 2150) qualify; the later one wins.
        let alignment = SpeechAlignment(firstEmissionMs: [0: 2050], segments: [segment(2100, 2600), segment(1000, 2000)])
        XCTAssertEqual(alignment.matches, [SpeechAlignment.Match(segment: segment(2100, 2600), utts: [0])])
        XCTAssertEqual(alignment.missed, [segment(1000, 2000)])
    }

    func testNoSpeechMakesEveryUtteranceInserted() {
        let m = ASRMetrics.metrics(EmissionTrace(events: [final(100, "a"), final(200, "b", utt: 1)]), segments: [], reference: nil)
        XCTAssertMetric(m, "asr.inserted_utterances", 2)
        XCTAssertMetric(m, "asr.missed_segments", 0)
        XCTAssertMetric(m, "asr.first_partial_latency_ms.p50", nil)
    }

    /// The first utterance of a match has no final: no stable token, and
    /// the final still comes from the last one.
    func testFirstUtteranceWithoutFinal() {
        let trace = EmissionTrace(events: [partial(600, "uh"), partial(900, "call", utt: 1), final(1500, "call mom", utt: 1)])
        let m = ASRMetrics.metrics(trace, segments: [segment(500, 1400)], reference: nil)
        XCTAssertMetric(m, "asr.first_partial_latency_ms.p50", 100)
        XCTAssertMetric(m, "asr.first_stable_token_latency_ms.p50", nil)
        XCTAssertMetric(m, "asr.finalization_delay_ms.p50", 100)
    }
}
