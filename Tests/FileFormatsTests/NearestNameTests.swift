@testable import FileFormats
import XCTest

/// "Did you mean": typos get the nearest known name, unrelated words none.
final class NearestNameTests: XCTestCase {
    func testTyposAndAbbreviationsFindTheirName() {
        let kinds = ["partial", "final", "speech_start", "speech_end"]
        XCTAssertEqual(NearestName.suggestion(for: "partail", among: kinds), "partial")
        XCTAssertEqual(NearestName.suggestion(for: "Final", among: kinds), "final")
        XCTAssertEqual(NearestName.suggestion(for: "utterance", among: ["t_ms", "utt", "kind", "text"]), "utt")
        XCTAssertEqual(NearestName.suggestion(for: "chekc", among: ["check", "run", "merge"]), "check")
        XCTAssertEqual(NearestName.suggestion(for: "Goldns", among: ["Goldens", "Fixtures"]), "Goldens")
    }

    func testUnrelatedNamesGetNoSuggestion() {
        XCTAssertNil(NearestName.suggestion(for: "interim", among: ["final", "speech_end"]))
        XCTAssertNil(NearestName.suggestion(for: "zz", among: ["t_ms", "utt"]))
        XCTAssertEqual(NearestName.hint(for: "zz", among: ["utt"]), "")
        XCTAssertEqual(NearestName.hint(for: "txt", among: ["text"]), " (did you mean \"text\"?)")
    }

    func testEditDistanceCountsATranspositionAsOneEdit() {
        XCTAssertEqual(NearestName.editDistance(Array("partail"), Array("partial")), 1)
        XCTAssertEqual(NearestName.editDistance(Array("kitten"), Array("sitting")), 3)
        XCTAssertEqual(NearestName.editDistance(Array(""), Array("abc")), 3)
    }
}
