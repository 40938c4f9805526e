import FixtureKit
import XCTest

/// No fixture without a lawful origin (docs/formats.md): `synthetic`, or
/// `consented` with a non-empty `consent_ref`; anything else is refused.
final class ManifestProvenanceTests: XCTestCase {
    func load(_ provenance: String?) throws -> FixtureManifest {
        let fx = try FixtureFolder()
        try fx.write("mic.wav", "")
        let members = [#""schema": "fixture/v1""#, #""id": "a""#, #""audio": {"mic": "mic.wav"}"#] + (provenance.map { [#""provenance": \#($0)"#] } ?? [])
        try fx.manifest(members.joined(separator: ", "))
        return try FixtureManifest.load(folder: fx.path)
    }

    func field(_ provenance: String?) -> String? {
        do {
            _ = try load(provenance)
            XCTFail("accepted provenance \(provenance ?? "nil")")
            return nil
        } catch {
            return (error as? ManifestError)?.field
        }
    }

    func testLawfulOrigins() throws {
        XCTAssertEqual(try load(#"{"kind": "synthetic"}"#).provenance, .synthetic)
        XCTAssertEqual(try load(#"{"kind": "consented", "consent_ref": "ticket-9"}"#).provenance, .consented(consentRef: "ticket-9"))
    }

    func testRefusals() {
        XCTAssertEqual(field(nil), "provenance")
        XCTAssertEqual(field(#""synthetic""#), "provenance")
        XCTAssertEqual(field(#"{}"#), "provenance.kind")
        XCTAssertEqual(field(#"{"kind": "scraped"}"#), "provenance.kind")
        XCTAssertEqual(field(#"{"kind": "Synthetic"}"#), "provenance.kind")
        XCTAssertEqual(field(#"{"kind": "consented"}"#), "provenance.consent_ref")
        XCTAssertEqual(field(#"{"kind": "consented", "consent_ref": "  "}"#), "provenance.consent_ref")
        XCTAssertEqual(field(#"{"kind": "consented", "consent_ref": 7}"#), "provenance.consent_ref")
    }
}
