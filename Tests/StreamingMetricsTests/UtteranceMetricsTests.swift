import XCTest
import StreamingMetrics
import Traces

/// Per-utterance ASR definitions of docs/metrics.md, each checked against a case
/// computed by hand in the comments.
final class UtteranceMetricsTests: XCTestCase {
    func testCaseAndPunctuationFlipsAreRevisions() {
        // H = [turn | turn left | Turn left | Turn left at | Turn left at the light | Turn left at the light.]
        // erased: 0, 2 (lcp 0: "turn"≠"Turn"), 0, 0, 1 ("light"≠"light.") = 3; revisions 2
        let events = [
            partial(620, "turn"), partial(900, "turn left"), partial(1200, "Turn left"),
            partial(1500, "Turn left at"), partial(2000, "Turn left at the light"),
            final(2710, "Turn left at the light."),
        ]
        let m = UtteranceMetrics(utt: 0, events: events, segment: segment(400, 2350))
        XCTAssertEqual(m.erasedWords, 3)
        XCTAssertEqual(m.revisions, 2)
        XCTAssertEqual(m.finalWordCount, 5)
        XCTAssertEqual(m.partialChurn, 0.6)                // 3 / 5
        XCTAssertEqual(m.firstPartialLatencyMs, 220)       // 620 − 400
        XCTAssertEqual(m.firstStableTokenLatencyMs, 800)   // "Turn…" holds from 1200: 1200 − 400
        XCTAssertEqual(m.finalizationDelayMs, 360)         // 2710 − 2350
    }

    func testNoPartials() {
        let m = UtteranceMetrics(utt: 0, events: [final(1000, "hello world")], segment: segment(200, 900))
        XCTAssertEqual(m.erasedWords, 0)
        XCTAssertEqual(m.revisions, 0)
        XCTAssertEqual(m.partialChurn, 0)
        XCTAssertEqual(m.firstPartialLatencyMs, 800)       // t(f) − s without partials
        XCTAssertEqual(m.firstStableTokenLatencyMs, 800)   // H = [f]
        XCTAssertEqual(m.finalizationDelayMs, 100)
    }

    func testEmptyFinal() {
        // H = [hello | ""]: erased 1 − lcp = 1; |f| = 0 so churn = 1 / max(1, 0)
        let m = UtteranceMetrics(utt: 0, events: [partial(500, "hello"), final(900, "")], segment: segment(100, 800))
        XCTAssertEqual(m.erasedWords, 1)
        XCTAssertEqual(m.revisions, 1)
        XCTAssertEqual(m.partialChurn, 1)
        XCTAssertEqual(m.firstPartialLatencyMs, 400)
        XCTAssertNil(m.firstStableTokenLatencyMs, "null when f is empty")
        XCTAssertEqual(m.finalizationDelayMs, 100)
    }

    func testRevisionErasingTheWholeHypothesis() {
        // [a b c | x y | x y z]: 3 + 0 + 0 erased, 1 revision, churn 3/3
        let m = UtteranceMetrics(utt: 0, events: [partial(100, "a b c"), partial(200, "x y"), final(300, "x y z")], segment: segment(0, 250))
        XCTAssertEqual(m.erasedWords, 3)
        XCTAssertEqual(m.revisions, 1)
        XCTAssertEqual(m.partialChurn, 1)
        XCTAssertEqual(m.firstStableTokenLatencyMs, 200)
    }

    func testEmptyPartialBreaksStability() {
        // "go" appears at 100 but an empty partial at 200 means it was not yet stable.
        let m = UtteranceMetrics(utt: 0, events: [partial(100, "go"), partial(200, ""), partial(300, "go home"), final(400, "go home")], segment: segment(50, 350))
        XCTAssertEqual(m.firstStableTokenLatencyMs, 250)   // 300 − 50
        XCTAssertEqual(m.erasedWords, 1)
    }

    func testNoSegmentMeansNullLatenciesButChurnStillCounts() {
        let m = UtteranceMetrics(utt: 3, events: [partial(100, "a"), final(200, "b")], segment: nil)
        XCTAssertNil(m.firstPartialLatencyMs)
        XCTAssertNil(m.firstStableTokenLatencyMs)
        XCTAssertNil(m.finalizationDelayMs)
        XCTAssertEqual(m.erasedWords, 1)
    }

    func testNoFinalLeavesFinalMetricsNull() {
        let m = UtteranceMetrics(utt: 0, events: [partial(100, "a b"), partial(200, "a c")], segment: segment(0, 150))
        XCTAssertEqual(m.erasedWords, 1)
        XCTAssertNil(m.finalText)
        XCTAssertNil(m.finalizationDelayMs)
        XCTAssertNil(m.firstStableTokenLatencyMs)
        XCTAssertEqual(m.firstPartialLatencyMs, 100)
    }

    func testWordsSplitOnUnicodeWhiteSpaceOnly() {
        XCTAssertEqual(UtteranceMetrics.words("a\u{00A0}b\u{3000}c,d  e\n"), ["a", "b", "c,d", "e"])
    }
}
