import CLITestSupport
import Foundation
import XCTest

/// `fixture-check synth RECIPE.json… [--fixtures DIR] [--force]` as a user runs it.
final class SynthCommandTests: XCTestCase {
    let adapters = #"{"adapters": {"espeak": {"kind": "tts", "command": ["espeak-adapter"]}, "sphinx": {"kind": "asr", "command": ["sphinx-adapter"], "sample_rate": 16000}}}"#
    let recipe = #"{"schema": "synth/v1", "id": "cli-hum-001", "seed": 9, "speech": {"text": "call my sister", "voice": "en-us"}, "tail_ms": 200, "noise": {"type": "hum", "snr_db": 25, "hum_hz": 60}, "asr": {"adapter": "sphinx"}}"#

    func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func testARecipeMakesTheSameFixtureOnEveryRun() throws {
        let dir = try TemporaryDirectory()
        try write(adapters, to: dir.path("fixture-check.json"))
        try FileManager.default.createDirectory(atPath: dir.path("recipes"), withIntermediateDirectories: true)
        try write(recipe, to: dir.path("recipes/hum.json"))
        let first = try CLI.run(["synth", "recipes/hum.json"], cwd: dir.url)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "Fixtures/cli-hum-001\n")
        func snapshot() throws -> [String: Data] {
            let folder = dir.path("Fixtures/cli-hum-001")
            return try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: folder).map {
                ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))
            })
        }
        let before = try snapshot()
        XCTAssertEqual(before.keys.sorted(), ["asr.jsonl", "fixture.json", "mic.wav", "near_end.wav"])

        let refused = try CLI.run(["synth", "recipes/hum.json"], cwd: dir.url)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("recipes/hum.json: id: fixture 'cli-hum-001' already exists"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--force"), refused.stderr)

        let again = try CLI.run(["synth", "--force", "recipes/hum.json"], cwd: dir.url)
        XCTAssertEqual(again.status, 0, again.stderr)
        let after = try snapshot()
        for name in before.keys.sorted() { XCTAssertEqual(before[name], after[name], "\(name) differs between runs") }
        let hidden = try FileManager.default.contentsOfDirectory(atPath: dir.path("Fixtures")).filter { $0.hasPrefix(".") }
        XCTAssertEqual(hidden, [], "no temporary folders left")
    }

    func testABadRecipeExitsTwoNamingTheFileAndFieldAndWritesNothing() throws {
        let dir = try TemporaryDirectory()
        try write(adapters, to: dir.path("fixture-check.json"))
        try write(#"{"schema": "synth/v1", "id": "bad-001", "seed": 1, "speech": {"text": "x"}, "noise": {"type": "purple", "snr_db": 3}}"#,
                  to: dir.path("bad.json"))
        let result = try CLI.run(["synth", "bad.json", "--fixtures", "out"], cwd: dir.url)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("bad.json: noise.type: unknown noise \"purple\""), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path("out/bad-001")))
    }

    func testAnUnknownAdapterAndAMissingAdaptersFileAreBadInput() throws {
        let dir = try TemporaryDirectory()
        try write(#"{"schema": "synth/v1", "id": "a-001", "seed": 1, "speech": {"text": "x", "adapter": "nope"}}"#, to: dir.path("r.json"))
        let noFile = try CLI.run(["synth", "r.json"], cwd: dir.url)
        XCTAssertEqual(noFile.status, 2)
        XCTAssertTrue(noFile.stderr.contains("no fixture-check.json"), noFile.stderr)
        try write(adapters, to: dir.path("fixture-check.json"))
        let unknown = try CLI.run(["synth", "r.json"], cwd: dir.url)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("no adapter named \"nope\""), unknown.stderr)
    }

    func testNoRecipeIsAUsageError() throws {
        XCTAssertEqual(try CLI.run(["synth"]).status, 64)
    }
}
