import Authoring
import StreamingMetrics
import XCTest

/// `--speech START_MS:END_MS` parses strictly and must sit inside the
/// audio, in order (segment i ↔ utterance i).
final class SpeechAnnotationTests: XCTestCase {
    func testParse() {
        XCTAssertEqual(SpeechAnnotation.parse("400:2350"), SpeechSegment(startMs: 400, endMs: 2350))
        XCTAssertEqual(SpeechAnnotation.parse("0.5:10.25"), SpeechSegment(startMs: 0.5, endMs: 10.25))
        for bad in ["400", "400-2350", "a:b", "1:2:3", ":5", "nan:5", "1:inf"] {
            XCTAssertNil(SpeechAnnotation.parse(bad), bad)
        }
    }

    func testValidRangesPass() throws {
        let segments = [SpeechSegment(startMs: 0, endMs: 400), SpeechSegment(startMs: 400, endMs: 1000)]
        XCTAssertNoThrow(try SpeechAnnotation.validate(segments, audioDurationMs: 1000, micPath: "mic.wav"))
    }

    func testOutOfRangeAndDisorderedAreRefused() {
        let cases: [([SpeechSegment], String)] = [
            ([SpeechSegment(startMs: -1, endMs: 10)], "negative"),
            ([SpeechSegment(startMs: 10, endMs: 10)], "before end"),
            ([SpeechSegment(startMs: 20, endMs: 10)], "before end"),
            ([SpeechSegment(startMs: 900, endMs: 1000.5)], "mic.wav lasts 1000 ms"),
            ([SpeechSegment(startMs: 100, endMs: 500), SpeechSegment(startMs: 400, endMs: 600)], "overlaps"),
            ([SpeechSegment(startMs: 500, endMs: 600), SpeechSegment(startMs: 100, endMs: 200)], "overlaps"),
        ]
        for (segments, needle) in cases {
            XCTAssertThrowsError(try SpeechAnnotation.validate(segments, audioDurationMs: 1000, micPath: "mic.wav")) { error in
                XCTAssertEqual((error as? AuthoringRefusal)?.kind, .speech)
                XCTAssertTrue("\(error)".contains(needle), "\(error) should mention \(needle)")
            }
        }
    }
}
