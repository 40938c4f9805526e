import XCTest
import StreamingMetrics
import Traces

/// Entity error rate and word-confidence calibration (docs/metrics.md,
/// "Entities and confidence"), with hand-computed numbers.
final class EntityAndConfidenceTests: XCTestCase {
    func final(_ t: Double, _ text: String, utt: Int = 0, _ words: [(String, Double)]) -> EmissionEvent {
        EmissionEvent(tMs: t, utt: utt, kind: .final, text: text, words: words.map { RecognizedWord(text: $0.0, confidence: $0.1) })
    }

    // MARK: Entities

    func testEntitySplitAcrossTwoFinalsCountsAsCorrect() {
        let trace = EmissionTrace(events: [
            EmissionEvent(tMs: 900, kind: .final, text: "Call John"),
            EmissionEvent(tMs: 2000, utt: 1, kind: .final, text: "Smith tomorrow."),
        ])
        // hypothesis "call john smith tomorrow": "john smith" is a run of it, "main street" is not.
        let m = ASRMetrics.metrics(trace, segments: [], reference: "Call John Smith tomorrow on Main Street.",
                                   entities: ["John Smith", "Main Street"])
        XCTAssertMetric(m, "asr.entity_error_rate", 0.5)
        XCTAssertEqual(EntityMetrics.entityErrorRate(entities: ["John Smith"], hypothesis: "call john smith tomorrow"), 0)
    }

    func testEntityWordsMustBeContiguousAndInOrder() {
        XCTAssertEqual(EntityMetrics.entityErrorRate(entities: ["John Smith"], hypothesis: "john k smith"), 1)
        XCTAssertEqual(EntityMetrics.entityErrorRate(entities: ["John Smith"], hypothesis: "smith john"), 1)
        XCTAssertEqual(EntityMetrics.entityErrorRate(entities: ["O'Hare", "gate B12"], hypothesis: "o'hare gate b12"), 0)
        XCTAssertNil(EntityMetrics.entityErrorRate(entities: [], hypothesis: "x"))
        XCTAssertNil(EntityMetrics.entityErrorRate(entities: ["?!"], hypothesis: "x"), "an entity of punctuation has no words")
        let m = ASRMetrics.metrics(EmissionTrace(events: [EmissionEvent(tMs: 1, kind: .final, text: "hi")]), segments: [], reference: "hi")
        XCTAssertMetric(m, "asr.entity_error_rate", nil)
    }

    func testEntityIsASpanOfTheReference() {
        XCTAssertTrue(EntityMetrics.isSpan("Main Street", of: "Turn onto main street."))
        XCTAssertFalse(EntityMetrics.isSpan("Main St", of: "Turn onto main street."))
        XCTAssertFalse(EntityMetrics.isSpan("...", of: "Turn onto main street."))
        XCTAssertEqual(EntityMetrics.entitiesNotInReference(["main street", "elm"], reference: "turn onto Main Street"), ["elm"])
    }

    // MARK: Confidence

    func testAllWordsRightAtConfidence09GiveECE01() {
        let trace = EmissionTrace(events: [final(900, "turn left now", [("turn", 0.9), ("left", 0.9), ("now", 0.9)])])
        let m = ASRMetrics.metrics(trace, segments: [], reference: "Turn left now.")
        // one bin [0.9, 1]: accuracy 1, mean confidence 0.9
        XCTAssertMetric(m, "asr.confidence_ece", 0.1)
        XCTAssertMetric(m, "asr.confidence_nce", nil)   // p = 1
    }

    func testHalfWrongAtConfidence09GiveECE04() {
        let trace = EmissionTrace(events: [final(900, "turn right at night", [("turn", 0.9), ("right", 0.9), ("at", 0.9), ("night", 0.9)])])
        let m = ASRMetrics.metrics(trace, segments: [], reference: "turn left at light")
        // turn ✓ right ✗ at ✓ night ✗: accuracy 0.5, mean confidence 0.9
        XCTAssertMetric(m, "asr.confidence_ece", 0.4)
        // n = 2, N = 4, p = 0.5: H_max = 4; Σ = 2·log2 0.9 + 2·log2 0.1
        XCTAssertMetric(m, "asr.confidence_nce", (4 + 2 * log2(0.9) + 2 * log2(0.1)) / 4)
    }

    /// Worked example of docs/metrics.md.
    func testNCEAndECEByHand() {
        let trace = EmissionTrace(events: [final(900, "Turn left at night.", [("Turn", 0.9), ("left", 0.8), ("at", 0.6), ("night.", 0.3)])])
        let m = ASRMetrics.metrics(trace, segments: [], reference: "Turn left at the light.")
        // turn, left, at correct; night wrong (substituted). n = 3, N = 4, p = 0.75.
        // H_max = −3·log2 0.75 − log2 0.25 = 3.2451124978…
        // Σ = log2 0.9 + log2 0.8 + log2 0.6 + log2(1 − 0.3) = −1.7254699553…
        // NCE = (3.2451124978 − 1.7254699553) / 3.2451124978 = 0.4682865520…
        XCTAssertMetric(m, "asr.confidence_nce", 0.46828655201361363)
        // bins 9, 8, 6, 3, one word each: (|1 − .9| + |1 − .8| + |1 − .6| + |0 − .3|) / 4
        XCTAssertMetric(m, "asr.confidence_ece", 0.25)
        XCTAssertMetric(m, "asr.wer", 0.4)
    }

    func testWithoutConfidencesOrReferenceBothAreNull() {
        let plain = ASRMetrics.metrics(EmissionTrace(events: [EmissionEvent(tMs: 1, kind: .final, text: "hi")]), segments: [], reference: "hi")
        XCTAssertMetric(plain, "asr.confidence_ece", nil)
        XCTAssertMetric(plain, "asr.confidence_nce", nil)
        let noReference = ASRMetrics.metrics(EmissionTrace(events: [final(1, "hi", [("hi", 0.5)])]), segments: [], reference: nil)
        XCTAssertMetric(noReference, "asr.confidence_ece", nil)
    }

    func testBinsAreEqualWidthWithTheLastClosed() {
        XCTAssertEqual([0, 0.05, 0.1, 0.3, 0.7, 0.899, 0.9, 1].map(ConfidenceMetrics.bin(of:)), [0, 0, 1, 3, 7, 8, 9, 9])
    }

    /// Tie-breaking: among minimum-edit alignments the one with the most
    /// matches; then, from the end, match/substitution before deletion
    /// before insertion — so with "a b" against "b a" the later "a" matches.
    func testAlignmentTieBreaking() {
        XCTAssertEqual(ConfidenceMetrics.correctness(reference: ["a", "b"], hypothesis: ["b", "a"]), [false, true])
        XCTAssertEqual(ConfidenceMetrics.correctness(reference: ["a", "b", "c"], hypothesis: ["a", "x", "c"]), [true, false, true])
        XCTAssertEqual(ConfidenceMetrics.correctness(reference: [], hypothesis: ["a"]), [false])
        XCTAssertEqual(ConfidenceMetrics.correctness(reference: ["a"], hypothesis: []), [])
    }

    func testWordEntriesMapOntoTheFinalsWords() {
        // "," normalizes to nothing and is skipped; the second final's words do not spell its text and are ignored.
        let finals = [
            final(100, "yes, turn", [("yes", 0.8), (",", 0.5), ("turn", 0.7)]),
            final(200, "left", utt: 1, [("right", 0.9)]),
        ]
        let scored = ConfidenceMetrics.scoredWords(finals: finals, reference: "yes turn left")
        XCTAssertEqual(scored, [ScoredWord(text: "yes", confidence: 0.8, correct: true), ScoredWord(text: "turn", confidence: 0.7, correct: true)])
    }
}
