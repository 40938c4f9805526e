import Authoring
import FixtureKit
import Traces
import XCTest

/// Only synthetic audio, or consented audio with a consent reference, is a
/// lawful origin (docs/formats.md).
final class ProvenanceTests: XCTestCase {
    func refusal(_ kind: String?, _ ref: String?) -> String? {
        do {
            _ = try Provenance(kind: kind, consentRef: ref)
            return nil
        } catch let refusal as AuthoringRefusal {
            XCTAssertEqual(refusal.kind, .provenance)
            return refusal.message
        } catch {
            XCTFail("unexpected \(error)")
            return nil
        }
    }

    func testLawfulOrigins() throws {
        XCTAssertEqual(try Provenance(kind: "synthetic", consentRef: nil).json, .object(["kind": .string("synthetic")]))
        XCTAssertEqual(try Provenance(kind: "consented", consentRef: " CR-2041 ").json,
                       .object(["kind": .string("consented"), "consent_ref": .string("CR-2041")]))
    }

    func testRefusals() {
        XCTAssertTrue(refusal(nil, nil)?.contains("no provenance") == true)
        XCTAssertTrue(refusal("consented", nil)?.contains("--consent-ref") == true)
        XCTAssertTrue(refusal("consented", "   ")?.contains("--consent-ref") == true)
        XCTAssertTrue(refusal("scraped", nil)?.contains("unknown provenance 'scraped'") == true)
        XCTAssertTrue(refusal("Synthetic", nil)?.contains("unknown provenance") == true)
        XCTAssertTrue(refusal("synthetic", "CR-1")?.contains("synthetic") == true)
    }
}
