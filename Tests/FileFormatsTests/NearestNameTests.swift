@testable import FileFormats
import XCTest

/// "Did you mean": typos, abbreviations and aliases get the nearest known
/// name; unrelated words get none.
final class NearestNameTests: XCTestCase {
    func testTyposAbbreviationsAndAliasesFindTheirName() {
        let kinds = ["partial", "final", "speech_start", "speech_end"]
        XCTAssertEqual(NearestName.nearest(to: "partail", among: kinds), "partial")
        XCTAssertEqual(NearestName.nearest(to: "Final", among: kinds), "final")
        XCTAssertEqual(NearestName.nearest(to: "interim", among: kinds, aliases: ["interim": "partial"]), "partial")
        XCTAssertEqual(NearestName.nearest(to: "utterance", among: ["t_ms", "utt", "kind", "text"]), "utt")
        XCTAssertEqual(NearestName.nearest(to: "chekc", among: ["check", "run", "merge"]), "check")
        XCTAssertEqual(NearestName.nearest(to: "Goldns", among: ["Goldens", "Fixtures"]), "Goldens")
    }

    func testUnrelatedNamesGetNoSuggestion() {
        XCTAssertNil(NearestName.nearest(to: "deploy", among: ["check", "run", "merge"]))
        XCTAssertNil(NearestName.nearest(to: "x", among: []))
        XCTAssertEqual(NearestName.didYouMean("deploy", among: ["check"]), "")
        XCTAssertEqual(NearestName.didYouMean("txt", among: ["text"]), " (did you mean \"text\"?)")
    }

    func testEditDistance() {
        XCTAssertEqual(EditDistance.levenshtein(Array("kitten"), Array("sitting")), 3)
        XCTAssertEqual(EditDistance.levenshtein([Character](), Array("abc")), 3)
    }
}
