import Authoring
import XCTest

/// Ids become folder names, so only safe ones pass.
final class FixtureIDTests: XCTestCase {
    func testSafeIDsPass() {
        for id in ["barge-in-sdk-echo-001", "A", "9", "tts_first_byte.v2", String(repeating: "x", count: 128)] {
            XCTAssertNoThrow(try FixtureID.validate(id), id)
        }
    }

    func testUnsafeIDsAreRefused() {
        for id in ["", ".", "..", ".hidden", "../escape", "a/b", "a b", "-flag", "_x", "naïve", "a*", "x\n",
                   String(repeating: "x", count: 129)] {
            XCTAssertThrowsError(try FixtureID.validate(id), id) { error in
                XCTAssertEqual((error as? AuthoringRefusal)?.kind, .unsafeID, id)
            }
        }
    }
}
