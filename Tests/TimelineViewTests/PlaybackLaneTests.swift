import XCTest
@testable import TimelineView
import StreamingMetrics
import Traces

/// TTS lanes follow the docs/metrics.md playback model (the same numbers as
/// `tts.underrun_*`); turn lanes show the barge-ins the metrics count.
final class PlaybackLaneTests: XCTestCase {
    static let synthesis = try! SynthesisTrace.decode(data: Data(DemoFixture.ttsTrace.utf8), file: "tts.jsonl")
    static let turns = try! TurnLog.decode(data: Data(DemoFixture.turnsTrace.utf8), file: "turns.jsonl")
    static let speech = DemoFixture.speech.map { SpeechSegment(startMs: $0.0, endMs: $0.1) }

    func span(_ a: Double, _ b: Double) -> TimeSpan { TimeSpan(startMs: a, endMs: b) }

    func testUnderrunByHand() {
        // Chunks of 200 ms at 2750, 2950, 3150, 3700, 3900, 4100: the
        // buffer runs dry at 3350 and the fourth chunk arrives at 3700.
        let lane = Timeline.requests(Self.synthesis, startDelayMs: 0)[0]
        XCTAssertEqual(lane.requestMs, 2400)
        XCTAssertEqual(lane.endMs, 4150)
        XCTAssertEqual(lane.chunks.count, 6)
        XCTAssertEqual(lane.chunks[4], span(3900, 4100), "samples / sample_rate resolved to 200 ms")
        XCTAssertEqual(lane.playing, [span(2750, 3350), span(3700, 4300)])
        XCTAssertEqual(lane.underruns, [span(3350, 3700)])
    }

    func testJitterBufferDelaysPlaybackAndShortensTheUnderrun() {
        let lane = Timeline.requests(Self.synthesis, startDelayMs: 100)[0]
        XCTAssertEqual(lane.playing, [span(2850, 3450), span(3700, 4300)])
        XCTAssertEqual(lane.underruns, [span(3450, 3700)])
    }

    func testUnderrunsAgreeWithTheMetrics() {
        for delay in [0.0, 100, 400] {
            let lanes = Timeline.requests(Self.synthesis, startDelayMs: delay)
            let metrics = SynthesisMetrics.metrics(Self.synthesis, startDelayMs: delay)
            XCTAssertEqual(metrics["tts.underrun_count"], .number(Double(lanes.flatMap(\.underruns).count)), "delay \(delay)")
            XCTAssertEqual(metrics["tts.underrun_ms"], .number(lanes.flatMap(\.underruns).reduce(0) { $0 + $1.durationMs }), "delay \(delay)")
        }
    }

    func testBargeInAndFalseBargeInByHand() {
        let lane = Timeline.turns(Self.turns, speech: Self.speech, budgetMs: 500)
        XCTAssertNil(lane.violation)
        XCTAssertEqual(lane.playback.map(\.startMs), [2750, 5500])
        XCTAssertEqual(lane.onsetsMs, [400, 3900])
        // The user starts at 3900 while the agent plays until 4250.
        XCTAssertEqual(lane.bargeIns, [BargeInMark(onsetMs: 3900, stopMs: 4250, succeeded: true)])
        XCTAssertEqual(lane.bargeIns[0].latencyMs, 350)
        // The 5800 cancel has no onset in its playback [5500, 5800).
        XCTAssertEqual(lane.falseBargeInStopsMs, [5800])
        XCTAssertEqual(lane.events.map(\.label), [
            "tts_play_start", "vad_start", "cancel_sent", "tts_play_stop (cancel)", "vad_end", "tts_play_start", "tts_play_stop (cancel)",
        ])
    }

    func testBargeInsAgreeWithTheMetrics() throws {
        for budget in [200.0, 350, 500] {
            let lane = Timeline.turns(Self.turns, speech: Self.speech, budgetMs: budget)
            let metrics = try TurnTakingMetrics.metrics(Self.turns, segments: Self.speech, budgetMs: budget)
            XCTAssertEqual(metrics["barge_in.count"], .number(Double(lane.bargeIns.count)))
            XCTAssertEqual(metrics["barge_in.missed"], .number(Double(lane.bargeIns.filter { !$0.succeeded }.count)), "budget \(budget)")
            XCTAssertEqual(metrics["barge_in.false"], .number(Double(lane.falseBargeInStopsMs.count)), "budget \(budget)")
        }
    }

    func testUnpairedLogIsShownNotThrown() {
        // The decoder refuses this; a log handed over by other code may not.
        let log = TurnLog(events: [TurnEvent(tMs: 100, kind: .ttsPlayStop(reason: .cancel))])
        let lane = Timeline.turns(log, speech: Self.speech, budgetMs: 500)
        XCTAssertEqual(lane.violation, "turn log event 1: tts_play_stop without a tts_play_start")
        XCTAssertEqual(lane.events.count, 1)
        XCTAssertTrue(lane.bargeIns.isEmpty)
    }
}
