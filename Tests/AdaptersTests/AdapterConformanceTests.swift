@testable import Adapters
import FileFormats
import Traces
import XCTest

/// The pure parts of `adapter-test` (AdapterConformance): the endpointing
/// rules, the field checks of an emission message, trace comparison and
/// the generated test signal.
final class AdapterConformanceTests: XCTestCase {
    private func event(_ kind: EmissionEvent.Kind, _ utt: Int, _ text: String = "x") -> EmissionEvent {
        EmissionEvent(tMs: 0, utt: utt, kind: kind, text: text)
    }

    func testEndpointedUtterancesNumberedInOrderPass() {
        let events = [event(.partial, 0), event(.final, 0), event(.speechStart, 0), event(.partial, 1), event(.final, 1)]
        XCTAssertEqual(AdapterConformance.utteranceProblems(events), [])
        XCTAssertEqual(AdapterConformance.utteranceProblems([event(.final, 0, "")]), [], "the empty final of a silent stream")
    }

    func testAGapInNumberingIsAProblem() {
        let problems = AdapterConformance.utteranceProblems([event(.partial, 1), event(.final, 1)])
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].contains("utt 1 after none"), problems[0])
    }

    func testAPartialWithoutAFinalAndAStreamWithoutFinalsAreProblems() {
        let problems = AdapterConformance.utteranceProblems([event(.partial, 0)])
        XCTAssertEqual(problems.count, 2, "\(problems)")
        XCTAssertTrue(problems[0].contains("utterance 0 got partials but no final"))
        XCTAssertTrue(problems[1].contains("no final at all"))
    }

    func testMalformedFieldsAreNamed() throws {
        let message = try JSONValue.parse(#"{"type": "final", "utt": -1, "text": 3, "words": [{"text": "a"}], "confidence": "high"}"#)
        let (event, problems) = AdapterConformance.emission(from: message)
        XCTAssertNotNil(event)
        XCTAssertEqual(problems.count, 4, "\(problems)")
        XCTAssertTrue(problems.contains { $0.contains("\"text\" is not a string") })
        XCTAssertTrue(problems.contains { $0.contains("\"utt\" is not a non-negative integer") })
        XCTAssertTrue(problems.contains { $0.contains("\"words\"[0]") })
        XCTAssertTrue(problems.contains { $0.contains("\"confidence\" is not a number") })
    }

    func testWellFormedWordsReachTheValidator() throws {
        let message = try JSONValue.parse(#"{"type": "final", "utt": 0, "text": "a", "words": [{"text": "a", "confidence": 1.2}]}"#)
        let (event, problems) = AdapterConformance.emission(from: message)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(event?.words, [RecognizedWord(text: "a", confidence: 1.2)])
        // Out of 0…1 is the trace validator's to refuse, as for a recorded trace.
        XCTAssertThrowsError(try EmissionTrace.validate(events: [event!], source: .adapter("x")))
    }

    func testFirstDifferenceNamesTheEvent() {
        let a = EmissionTrace(events: [event(.partial, 0, "a"), event(.final, 0, "a b")])
        var b = a
        b.events[1].text = "a c"
        XCTAssertNil(AdapterConformance.firstDifference(a, a))
        let difference = AdapterConformance.firstDifference(a, b)
        XCTAssertTrue(difference?.hasPrefix("event 2:") == true, difference ?? "nil")
    }

    func testTheTestSignalsAreDeterministicAndDiffer() {
        let signal = AdapterConformance.testSignal()
        XCTAssertEqual(signal.count, 3 * AdapterConformance.testSignalRate)
        XCTAssertEqual(signal, AdapterConformance.testSignal())
        XCTAssertNotEqual(signal, AdapterConformance.otherTestSignal())
        XCTAssertLessThanOrEqual(signal.map(abs).max() ?? 0, 1)
        XCTAssertGreaterThan(signal.map(abs).max() ?? 0, 0.1, "loud enough to be heard")
    }

    func testRuleBookSkipsRulesAFatalFailureKeptFromRunning() {
        let book = RuleBook(rules: ["start", "ack", "trace"])
        book.reached.insert("start")
        book.fatal("ack", "no reply within 1 s")
        let checks = book.checks
        XCTAssertEqual(checks.map(\.status), [.pass, .fail, .skip])
        XCTAssertEqual(checks[1].description, "FAIL ack: no reply within 1 s")
    }
}
