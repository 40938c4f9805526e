import XCTest
@testable import TimelineView
import StreamingMetrics
import Traces

/// Hypothesis rows: erased words (beyond the lcp with the next update),
/// the stable prefix, and the first-stable-token and final markers, by
/// hand and against the docs/metrics.md metrics of the same trace.
final class HypothesisLaneTests: XCTestCase {
    static let trace = try! EmissionTrace.decode(data: Data(DemoFixture.asrTrace.utf8), file: "asr.jsonl")
    static let speech = DemoFixture.speech.map { SpeechSegment(startMs: $0.0, endMs: $0.1) }

    func testErasedAndStableWordsByHand() {
        let lanes = Timeline.utterances(Self.trace, speech: Self.speech)
        XCTAssertEqual(lanes.map(\.utt), [0, 1])
        let rows = lanes[0].hypotheses
        XCTAssertEqual(rows.map(\.text), Array(DemoFixture.hypothesisTexts.prefix(7)))
        // turn | turn lift | turn left at | turn left at the | Turn left at the light | turn left at the light | final
        XCTAssertEqual(rows.map(\.erasedCount), [0, 1, 0, 4, 5, 1, 0])
        XCTAssertEqual(rows.map(\.keptCount), [1, 1, 3, 0, 0, 4, 5])
        // "Turn" at 1800 ms rewrites the opening word, so nothing before
        // the 2100 ms partial is stable; it keeps 4 words through the final.
        XCTAssertEqual(rows.map(\.stableCount), [0, 0, 0, 0, 0, 4, 5])
        XCTAssertEqual(rows.map(\.isFinal), [false, false, false, false, false, false, true])
        XCTAssertEqual(lanes[0].firstStableTokenMs, 2100)
        XCTAssertEqual(lanes[0].finalMs, 2710)
        XCTAssertEqual(lanes[0].segment, Self.speech[0])
        XCTAssertEqual(lanes[1].hypotheses.map(\.erasedCount), [0, 1, 0, 0])
        XCTAssertEqual(lanes[1].hypotheses.map(\.stableCount), [1, 1, 2, 2])
    }

    func testMarkersAgreeWithTheMetrics() {
        let lanes = Timeline.utterances(Self.trace, speech: Self.speech)
        let metrics = ASRMetrics.utterances(Self.trace, segments: Self.speech)
        for (lane, utterance) in zip(lanes, metrics) {
            XCTAssertEqual(lane.hypotheses.reduce(0) { $0 + $1.erasedCount }, utterance.erasedWords, "utt \(lane.utt)")
            XCTAssertEqual(lane.hypotheses.filter { $0.erasedCount > 0 }.count, utterance.revisions, "utt \(lane.utt)")
            XCTAssertEqual(lane.firstStableTokenMs.map { $0 - lane.segment!.startMs }, utterance.firstStableTokenLatencyMs)
            XCTAssertEqual(lane.finalMs.map { $0 - lane.segment!.endMs }, utterance.finalizationDelayMs)
        }
    }

    func testUtteranceWithoutFinalHasNoStableTokenAndEmptyFinalHasNone() throws {
        let trace = try EmissionTrace.decode(data: Data("""
        {"t_ms": 100, "utt": 0, "kind": "partial", "text": "hello"}
        {"t_ms": 200, "utt": 0, "kind": "partial", "text": "hello there"}
        {"t_ms": 300, "utt": 1, "kind": "partial", "text": "uh"}
        {"t_ms": 400, "utt": 1, "kind": "final", "text": ""}
        """.utf8), file: "asr.jsonl")
        let lanes = Timeline.utterances(trace, speech: [])
        XCTAssertNil(lanes[0].firstStableTokenMs)
        XCTAssertNil(lanes[0].finalMs)
        XCTAssertNil(lanes[0].segment)
        // The last hypothesis erases nothing: nothing comes after it.
        XCTAssertEqual(lanes[0].hypotheses.map(\.erasedCount), [0, 0])
        XCTAssertEqual(lanes[0].hypotheses.map(\.stableCount), [1, 2])
        XCTAssertNil(lanes[1].firstStableTokenMs)
        XCTAssertEqual(lanes[1].finalMs, 400)
        XCTAssertEqual(lanes[1].hypotheses.map(\.erasedCount), [1, 0])
    }
}
