import FileFormats
import Gate
import Traces
import XCTest

/// `tolerances.json`: glob matching, the most-specific-wins rule, the
/// default, and refusal of invalid files naming them.
final class ToleranceMatchingTests: XCTestCase {
    func table(_ text: String) throws -> ToleranceTable {
        try ToleranceTable(json: JSONValue.parse(text), path: "Goldens/tolerances.json")
    }

    func testGlobStarCrossesDotsAndQuestionMatchesOneCharacter() {
        XCTAssertTrue(GlobPattern.matches("asr.*latency*", "asr.first_partial_latency_ms.p95"))
        XCTAssertTrue(GlobPattern.matches("*", "anything.at.all"))
        XCTAssertTrue(GlobPattern.matches("tts.cadence_p?5_ms.max", "tts.cadence_p95_ms.max"))
        XCTAssertFalse(GlobPattern.matches("tts.cadence_p?5_ms.max", "tts.cadence_p5_ms.max"))
        XCTAssertFalse(GlobPattern.matches("asr.*latency*", "tts.first_audio_byte_ms.p95"))
        XCTAssertFalse(GlobPattern.matches("asr.wer", "asr.wer.p95"), "a pattern matches the whole name")
        XCTAssertTrue(GlobPattern.matches("a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaab"))
        XCTAssertFalse(GlobPattern.matches("a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaa"))
    }

    func testMostSpecificPatternWins() throws {
        let t = try table("""
        {"*": {"abs": 1, "direction": "exact"},
         "asr.*": {"abs": 2, "direction": "lower_is_better"},
         "asr.*latency*": {"abs": 50, "direction": "lower_is_better"},
         "asr.first_stable_token_latency_ms.*": {"abs": 80, "direction": "lower_is_better"},
         "asr.first_stable_token_latency_ms.p95": {"rel": 0.1, "direction": "lower_is_better"}}
        """)
        XCTAssertEqual(t.tolerance(for: "asr.first_stable_token_latency_ms.p95").amount, .relative(0.1), "exact name beats globs")
        XCTAssertEqual(t.tolerance(for: "asr.first_stable_token_latency_ms.max").amount, .absolute(80), "more literal characters win")
        XCTAssertEqual(t.tolerance(for: "asr.first_partial_latency_ms.p50").amount, .absolute(50))
        XCTAssertEqual(t.tolerance(for: "asr.wer").amount, .absolute(2))
        XCTAssertEqual(t.tolerance(for: "snr.bucket").amount, .absolute(1))
        XCTAssertEqual(t.tolerance(for: "asr.wer").pattern, "asr.*")
    }

    func testTiesBreakOnFewerStarsThenKeyOrder() throws {
        // Both have 4 literal characters; "ab?de" has no star so it wins.
        let t = try table("""
        {"ab*de": {"abs": 1, "direction": "exact"}, "ab?de": {"abs": 2, "direction": "exact"},
         "x*": {"abs": 3, "direction": "exact"}, "*x": {"abs": 4, "direction": "exact"}}
        """)
        XCTAssertEqual(t.tolerance(for: "abcde").amount, .absolute(2))
        XCTAssertEqual(t.tolerance(for: "xx").pattern, "*x", "equal literals and stars: smaller key in code-point order")
    }

    func testDefaultIsExactWithinOneBillionth() throws {
        let t = try table("{}")
        XCTAssertEqual(t.tolerance(for: "asr.wer"), Tolerance(amount: .absolute(1e-9), direction: .exact))
    }

    func testInvalidFilesAreRefusedNamingTheFile() {
        let bad = [
            "[]",
            "{\"asr.wer\": 0.1}",
            "{\"asr.wer\": {\"abs\": 0.1}}",
            "{\"asr.wer\": {\"abs\": 0.1, \"direction\": \"down\"}}",
            "{\"asr.wer\": {\"abs\": -1, \"direction\": \"exact\"}}",
            "{\"asr.wer\": {\"abs\": 1, \"rel\": 0.1, \"direction\": \"exact\"}}",
            "{\"asr.wer\": {\"direction\": \"exact\"}}",
            "{\"asr.wer\": {\"abs\": 1, \"direction\": \"exact\", \"absolute\": 2}}",
            "{\"\": {\"abs\": 1, \"direction\": \"exact\"}}",
        ]
        for text in bad {
            XCTAssertThrowsError(try table(text), text) { error in
                XCTAssertTrue("\(error)".hasPrefix("Goldens/tolerances.json: "), "\(error)")
            }
        }
    }

    func testLoadRefusesBadJSONAndTreatsAMissingFileAsEmpty() throws {
        let dir = try GateScratch()
        let path = dir.goldens + "/tolerances.json"
        XCTAssertEqual(try ToleranceTable.load(path: path), ToleranceTable())
        try dir.write("{\"asr.wer\": {\"abs\": 0.1,}}", to: path)
        XCTAssertThrowsError(try ToleranceTable.load(path: path)) { XCTAssertTrue("\($0)".contains(path), "\($0)") }
    }
}
