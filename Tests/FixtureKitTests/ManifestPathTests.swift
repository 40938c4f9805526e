import FixtureKit
import Foundation
import XCTest

/// Every manifest path stays inside the fixture folder (docs/formats.md): `..`,
/// absolute paths and symlinks that leave it are refused by real path.
final class ManifestPathTests: XCTestCase {
    var fx: FixtureFolder!

    override func setUpWithError() throws {
        fx = try FixtureFolder()
        try fx.write("mic.wav", "")
        try Data("secret".utf8).write(to: fx.root.appendingPathComponent("outside.wav"))
    }

    func refusal(mic: String) -> ManifestError? {
        do {
            try fx.manifest(#""schema": "fixture/v1", "id": "a", "provenance": {"kind": "synthetic"}, "audio": {"mic": "\#(mic)"}"#)
            _ = try FixtureManifest.load(folder: fx.path)
            return nil
        } catch {
            return error as? ManifestError
        }
    }

    func testDotDotIsRefused() {
        let error = refusal(mic: "../outside.wav")
        XCTAssertEqual(error?.field, "audio.mic")
        XCTAssertTrue(error?.reason.contains("..") ?? false)
        XCTAssertEqual(refusal(mic: "sub/../../outside.wav")?.field, "audio.mic")
    }

    func testAbsolutePathIsRefused() {
        let error = refusal(mic: fx.root.appendingPathComponent("outside.wav").path)
        XCTAssertTrue(error?.reason.contains("absolute") ?? false, "\(String(describing: error))")
    }

    func testSymlinkLeavingTheFolderIsRefused() throws {
        try FileManager.default.createSymbolicLink(atPath: fx.path + "/escape.wav", withDestinationPath: "../outside.wav")
        let error = refusal(mic: "escape.wav")
        XCTAssertTrue(error?.reason.contains("outside the fixture folder") ?? false, "\(String(describing: error))")
        // …and a symlinked folder that leaves it.
        try FileManager.default.createSymbolicLink(atPath: fx.path + "/up", withDestinationPath: fx.root.path)
        XCTAssertTrue(refusal(mic: "up/outside.wav")?.reason.contains("outside the fixture folder") ?? false)
    }

    func testSymlinkInsideTheFolderIsFine() throws {
        try fx.write("takes/take1.wav", "")
        try FileManager.default.createSymbolicLink(atPath: fx.path + "/mic-link.wav", withDestinationPath: "takes/take1.wav")
        XCTAssertNil(refusal(mic: "mic-link.wav"))
        XCTAssertNil(refusal(mic: "takes/take1.wav"))
    }

    func testFixtureFolderReachedThroughASymlinkStillWorks() throws {
        let alias = fx.root.appendingPathComponent("alias").path
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: fx.path)
        try fx.manifest(#""schema": "fixture/v1", "id": "a", "provenance": {"kind": "synthetic"}, "audio": {"mic": "mic.wav"}"#)
        XCTAssertNoThrow(try FixtureManifest.load(folder: alias))
    }

    func testMissingFileAndFolderAreRefused() {
        XCTAssertTrue(refusal(mic: "nope.wav")?.reason.contains("does not exist") ?? false)
        XCTAssertTrue(refusal(mic: "")?.reason.contains("empty") ?? false)
        try? FileManager.default.createDirectory(atPath: fx.path + "/dir.wav", withIntermediateDirectories: true)
        XCTAssertTrue(refusal(mic: "dir.wav")?.reason.contains("not a file") ?? false)
    }
}
