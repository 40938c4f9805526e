import XCTest
import StreamingMetrics
import Traces

/// Barge-in and turn-taking definitions of docs/metrics.md (metrics_version 2).
final class TurnTakingMetricsTests: XCTestCase {
    func log(_ events: [(Double, TurnEvent.Kind)]) -> TurnLog { TurnLog(events: events.map { TurnEvent(tMs: $0.0, kind: $0.1) }) }

    /// Agent plays from 0 and is cancelled at 1430.
    var cancelled: TurnLog { log([(0, .ttsPlayStart), (1430, .ttsPlayStop(reason: .cancel))]) }

    func testLatencyExactlyAtTheBudgetSucceeds() throws {
        let m = try TurnTakingMetrics.metrics(cancelled, segments: [segment(930, 2000)], budgetMs: 500)
        XCTAssertMetric(m, "barge_in.count", 1)
        XCTAssertMetric(m, "barge_in.latency_ms.p50", 500)
        XCTAssertMetric(m, "barge_in.missed", 0)
        XCTAssertMetric(m, "barge_in.false", 0)
    }

    func testLatencyOneBelowTheBudgetSucceeds() throws {
        let m = try TurnTakingMetrics.metrics(cancelled, segments: [segment(931, 2000)], budgetMs: 500)
        XCTAssertMetric(m, "barge_in.latency_ms.max", 499)
        XCTAssertMetric(m, "barge_in.missed", 0)
    }

    func testLatencyOneAboveTheBudgetIsMissed() throws {
        let m = try TurnTakingMetrics.metrics(cancelled, segments: [segment(929, 2000)], budgetMs: 500)
        XCTAssertMetric(m, "barge_in.latency_ms.max", 501)
        XCTAssertMetric(m, "barge_in.missed", 1)
        // cancelled 1 ms too late: late (and missed), not false
        XCTAssertMetric(m, "barge_in.late", 1)
        XCTAssertMetric(m, "barge_in.false", 0)
    }

    /// Worked example 4: the user barges in at 1000, the client cancels
    /// only at 2000. v1 also called it false (no onset in [1500, 2000]);
    /// v2: late and missed, not false.
    func testLateCancelIsLateAndMissedNotFalse() throws {
        let turns = log([(0, .ttsPlayStart), (2000, .ttsPlayStop(reason: .cancel))])
        let m = try TurnTakingMetrics.metrics(turns, segments: [segment(1000, 2500)], budgetMs: 500)
        XCTAssertMetric(m, "barge_in.count", 1)
        XCTAssertMetric(m, "barge_in.latency_ms.p50", 1000)
        XCTAssertMetric(m, "barge_in.missed", 1)
        XCTAssertMetric(m, "barge_in.late", 1)
        XCTAssertMetric(m, "barge_in.false", 0)
    }

    /// Worked example 5: playback [0, 1000) is cancelled while nobody
    /// speaks; the user only starts at 1500. False, not late, not missed.
    func testFalseCancel() throws {
        let turns = log([(0, .ttsPlayStart), (1000, .ttsPlayStop(reason: .cancel))])
        let m = try TurnTakingMetrics.metrics(turns, segments: [segment(1500, 2500)], budgetMs: 500)
        XCTAssertMetric(m, "barge_in.count", 0)
        XCTAssertMetric(m, "barge_in.false", 1)
        XCTAssertMetric(m, "barge_in.late", 0)
        XCTAssertMetric(m, "barge_in.missed", 0)
        XCTAssertEqual(TurnTakingMetrics.falseBargeIns(playback: try turns.playbackIntervals(), segments: [segment(1500, 2500)]),
                       [PlaybackInterval(startMs: 0, stopMs: 1000, reason: .cancel)])
    }

    func testCompletedPlaybackIsNeverLateOrFalse() throws {
        let turns = log([(0, .ttsPlayStart), (3000, .ttsPlayStop(reason: .complete))])
        let m = try TurnTakingMetrics.metrics(turns, segments: [segment(1000, 2000)])
        XCTAssertMetric(m, "barge_in.missed", 1)
        XCTAssertMetric(m, "barge_in.late", 0)
        XCTAssertMetric(m, "barge_in.false", 0)
    }

    func testCancelWithNoUserSpeechIsFalseBargeIn() throws {
        let m = try TurnTakingMetrics.metrics(log([(0, .ttsPlayStart), (1000, .ttsPlayStop(reason: .cancel))]), segments: [], budgetMs: 500)
        XCTAssertMetric(m, "barge_in.count", 0)
        XCTAssertMetric(m, "barge_in.false", 1)
        XCTAssertMetric(m, "barge_in.latency_ms.p50", nil)
        XCTAssertMetric(m, "turns.overlap_ms", 0)
    }

    func testPlaybackCompletingOverUserSpeechIsMissed() throws {
        // Incident 5: the agent keeps talking over the user until its sentence ends.
        let turns = log([(0, .ttsPlayStart), (1200, .vadStart), (3000, .ttsPlayStop(reason: .complete))])
        let m = try TurnTakingMetrics.metrics(turns, segments: [segment(1000, 2000)])
        XCTAssertMetric(m, "barge_in.count", 1)
        XCTAssertMetric(m, "barge_in.missed", 1)
        XCTAssertMetric(m, "barge_in.latency_ms.p50", 2000)
        XCTAssertMetric(m, "barge_in.false", 0)
        XCTAssertMetric(m, "turns.overlap_ms", 1000)
    }

    func testResponseGapsAndOverlap() throws {
        // speech [1000, 2000] → playback 2300 (gap 300), playing until 2600;
        // speech [3000, 3500], next onset 3600 comes before the playback at 3700: no gap;
        // speech [3600, 4000] → playback 3700 started before its end: no gap;
        // speech [5000, 5200] → playback 5250 (gap 50), stopped at 5400.
        let turns = log([
            (2300, .ttsPlayStart), (2600, .ttsPlayStop(reason: .complete)),
            (3700, .ttsPlayStart), (3900, .ttsPlayStop(reason: .cancel)),
            (5250, .ttsPlayStart), (5400, .ttsPlayStop(reason: .complete)),
        ])
        let speech = [segment(1000, 2000), segment(3000, 3500), segment(3600, 4000), segment(5000, 5200)]
        XCTAssertEqual(TurnTakingMetrics.responseGaps(playback: try turns.playbackIntervals(), segments: speech), [300, 50])
        let m = try TurnTakingMetrics.metrics(turns, segments: speech)
        XCTAssertMetric(m, "turns.response_gap_ms.p50", 50)
        XCTAssertMetric(m, "turns.response_gap_ms.max", 300)
        XCTAssertMetric(m, "turns.overlap_ms", 200)   // [3700, 3900] inside [3600, 4000]
        XCTAssertMetric(m, "barge_in.count", 0)        // no onset inside a playback
        // [3700, 3900) was cancelled with no onset inside it (3600 came
        // before it started): false in v2.
        XCTAssertMetric(m, "barge_in.false", 1)
    }

    func testOverlappingSegmentsAreNotCountedTwice() {
        let playback = [PlaybackInterval(startMs: 0, stopMs: 1000, reason: .complete)]
        XCTAssertEqual(TurnTakingMetrics.overlapMs(playback: playback, segments: [segment(100, 500), segment(300, 700)]), 600)
    }

    func testOrderingViolationsAreErrors() {
        XCTAssertThrowsError(try TurnTakingMetrics.metrics(log([(10, .ttsPlayStop(reason: .cancel))]), segments: []))
        XCTAssertThrowsError(try TurnTakingMetrics.metrics(log([(0, .ttsPlayStart), (5, .ttsPlayStart), (9, .ttsPlayStop(reason: nil))]), segments: []))
        XCTAssertThrowsError(try TurnTakingMetrics.metrics(log([(10, .ttsPlayStart), (5, .ttsPlayStop(reason: nil))]), segments: [])) { error in
            XCTAssertEqual((error as? TurnOrderViolation)?.eventIndex, 1)
        }
    }
}
