import FileFormats
import XCTest
import StreamingMetrics

/// WER and CER after normalization. Expected rates come from jiwer 4.0.0
/// (`jiwer.wer(ref, hyp)`, `jiwer.cer(ref, hyp)` on the normalized strings
/// shown in each comment), run in a throwaway venv, not from this code.
final class ErrorRateTests: XCTestCase {
    func testNormalization() {
        XCTAssertEqual(TranscriptNormalization.normalize("  Turn LEFT, at the light!  "), "turn left at the light")
        XCTAssertEqual(TranscriptNormalization.normalize("I don't know—'really'?"), "i don't knowreally")
        XCTAssertEqual(TranscriptNormalization.normalize("Don\u{2019}t «stop»"), "don't stop")
        XCTAssertEqual(TranscriptNormalization.normalize("rock 'n' roll"), "rock n roll")
        XCTAssertEqual(TranscriptNormalization.normalize("Cafe\u{301}\tau\n lait"), "café au lait")
        XCTAssertEqual(TranscriptNormalization.normalize("$5 + 3"), "$5 + 3", "symbols are not punctuation")
        XCTAssertEqual(TranscriptNormalization.normalize("?! …"), "")
    }

    func check(_ ref: String, _ hyp: String, wer: Double, cer: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ErrorRate.wer(reference: ref, hypothesis: hyp)!, wer, accuracy: 1e-12, "wer", file: file, line: line)
        XCTAssertEqual(ErrorRate.cer(reference: ref, hypothesis: hyp)!, cer, accuracy: 1e-12, "cer", file: file, line: line)
    }

    func testAgainstJiwer() {
        // "turn left at the light" / "turn left at a light"
        check("Turn left at the light.", "turn left at a light", wer: 0.2, cer: 0.13636363636363635)
        // "i don't know really" / "i dont know really"
        check("I don't know, really!", "i dont know really", wer: 0.25, cer: 0.05263157894736842)
        // "the cat sat on the mat" / "cat sat on a mat today"
        check("The cat sat on the mat.", "cat sat on a mat today", wer: 0.5, cer: 0.5909090909090909)
        // "ab cd" / "abcd": the space is a character
        check("ab cd", "abcd", wer: 1.0, cer: 0.2)
        // "hello world" / "hello"
        check("Hello, world!", "hello", wer: 0.5, cer: 0.5454545454545454)
        // "café au lait" / "cafe au lait"
        check("Café au lait", "cafe au lait", wer: 0.3333333333333333, cer: 0.08333333333333333)
        // "she sells sea shells" / "he sells see shells by"
        check("She sells sea shells", "he sells see shells by", wer: 0.75, cer: 0.25)
    }

    func testEmptyHypothesisDeletesEverything() {
        check("hello world", "", wer: 1, cer: 1)
        check("hello world", "?!", wer: 1, cer: 1)
    }

    func testNoReferenceIsNull() {
        XCTAssertNil(ErrorRate.wer(reference: "", hypothesis: "hello"))
        XCTAssertNil(ErrorRate.cer(reference: " ... ", hypothesis: "hello"))
    }

    func testEditDistance() {
        XCTAssertEqual(EditDistance.levenshtein(Array("kitten"), Array("sitting")), 3)
        XCTAssertEqual(EditDistance.levenshtein([Int](), [1, 2]), 2)
        XCTAssertEqual(EditDistance.levenshtein([1, 2, 3], [1, 2, 3]), 0)
    }
}
