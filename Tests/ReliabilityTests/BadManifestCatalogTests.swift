import CLITestSupport
import Foundation
import XCTest

/// Bad `fixture.json` manifests: exit 2 naming the manifest (and the field),
/// and never a file read from outside the fixture folder.
final class BadManifestCatalogTests: XCTestCase {
    private var scratch: TemporaryDirectory!

    override func setUpWithError() throws { scratch = try TemporaryDirectory() }

    private func run(manifest: String, id: String = "m") throws -> CLIResult {
        let fixture = try FixtureFolder.make(in: scratch.url, id: id, manifest: manifest)
        let result = try CLI.run(["run", fixture.path, "--format", "json"])
        assertNoNonFiniteJSON(result.stdout)
        return result
    }

    private func healthy(replacing old: String, with new: String) -> String {
        let text = FixtureFolder.healthyManifest(id: "m")
        precondition(text.contains(old), "test manifest lacks \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    func testManifestThatIsNotJSON() throws {
        assertCleanError(try run(manifest: "schema: fixture/v1\nid: m\n"), naming: ["fixture.json", "invalid JSON"])
    }

    func testManifestThatIsAJSONArray() throws {
        assertCleanError(try run(manifest: "[]"), naming: ["fixture.json"])
    }

    func testManifestNestedBeyondTheParserDepth() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        assertCleanError(try run(manifest: deep), naming: ["fixture.json"])
    }

    func testFolderWithoutAManifest() throws {
        let folder = scratch.url.appendingPathComponent("empty-fixture")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        assertCleanError(try CLI.run(["run", folder.path]), naming: ["fixture.json"])
    }

    func testManifestWithoutProvenance() throws {
        let result = try run(manifest: healthy(replacing: #""provenance": {"kind": "synthetic"},"#, with: ""))
        assertCleanError(result, naming: ["fixture.json", "provenance"])
    }

    func testConsentedProvenanceWithoutConsentRef() throws {
        let result = try run(manifest: healthy(replacing: #"{"kind": "synthetic"}"#, with: #"{"kind": "consented"}"#))
        assertCleanError(result, naming: ["fixture.json", "consent_ref"])
    }

    func testProvenanceOfAnUnknownKind() throws {
        let result = try run(manifest: healthy(replacing: #"{"kind": "synthetic"}"#, with: #"{"kind": "scraped"}"#))
        assertCleanError(result, naming: ["fixture.json", "provenance"])
    }

    func testIDOfTheWrongType() throws {
        assertCleanError(try run(manifest: healthy(replacing: #""id": "m""#, with: #""id": 7"#)), naming: ["fixture.json", "id"])
    }

    func testSpeechSegmentsOfTheWrongShape() throws {
        let result = try run(manifest: healthy(replacing: "[[100, 800]]", with: #"[[800, 100], "x"]"#))
        assertCleanError(result, naming: ["fixture.json", "speech"])
    }

    func testPathEscapingWithDotDot() throws {
        try Data("secret".utf8).write(to: scratch.url.appendingPathComponent("outside.jsonl"))
        let result = try run(manifest: healthy(replacing: #"{"trace": "asr.jsonl"}"#, with: #"{"trace": "../outside.jsonl"}"#))
        assertCleanError(result, naming: ["fixture.json", "asr.trace", "'..'"])
    }

    func testAbsolutePath() throws {
        let result = try run(manifest: healthy(replacing: #""mic": "mic.wav""#, with: #""mic": "/etc/passwd""#))
        assertCleanError(result, naming: ["fixture.json", "audio.mic", "absolute"])
        XCTAssertFalse(result.stdout.contains("root:"), "read a file outside the fixture")
    }

    func testSymlinkLeavingTheFixtureFolder() throws {
        let outside = scratch.url.appendingPathComponent("outside.wav")
        try WAVBytes().data.write(to: outside)
        let fixture = try FixtureFolder.make(in: scratch.url, id: "m")
        try FileManager.default.removeItem(at: fixture.url.appendingPathComponent("mic.wav"))
        try FileManager.default.createSymbolicLink(at: fixture.url.appendingPathComponent("mic.wav"), withDestinationURL: outside)
        let result = try CLI.run(["run", fixture.path])
        assertCleanError(result, naming: ["fixture.json", "audio.mic", "outside the fixture folder"])
    }

    func testTraceThatIsANamedPipe() throws {
        let fixture = try FixtureFolder.make(in: scratch.url, id: "m")
        let trace = fixture.url.appendingPathComponent("asr.jsonl").path
        try FileManager.default.removeItem(atPath: trace)
        XCTAssertEqual(mkfifo(trace, 0o644), 0)
        let result = try CLI.run(["run", fixture.path], watchdogSeconds: 20)
        assertCleanError(result, naming: ["fixture.json", "asr.trace", "not a file"])
    }
}
