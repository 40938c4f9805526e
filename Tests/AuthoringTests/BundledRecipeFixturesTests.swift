import Authoring
import FileFormats
import FixtureAudio
import FixtureKit
import Foundation
import Traces
import XCTest

/// Every recipe in Fixtures/recipes has its fixture in Fixtures/, made from
/// the recipe as it is now (the manifest records the recipe's SHA-256), with
/// short 16 kHz mono audio.
final class BundledRecipeFixturesTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testEveryRecipeHasAnUpToDateFixture() throws {
        let recipes = root.appendingPathComponent("Fixtures/recipes")
        let files = try FileManager.default.contentsOfDirectory(atPath: recipes.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 3)
        var audioBytes = 0
        for file in files {
            let recipe = try SynthRecipe.load(path: recipes.appendingPathComponent(file).path)
            let folder = root.appendingPathComponent("Fixtures/\(recipe.id)").path
            let json = try JSONValue.parse(data: Data(contentsOf: URL(fileURLWithPath: folder + "/fixture.json")))
            XCTAssertEqual(json["provenance"]?["recipe"]?.stringValue, file)
            XCTAssertEqual(json["provenance"]?["recipe_sha256"]?.stringValue, recipe.sha256,
                           "\(file) changed since Fixtures/\(recipe.id) was made: run Scripts/make-fixtures")
            let manifest = try FixtureManifest.load(folder: folder)
            XCTAssertEqual(manifest.provenance, .synthetic, file)
            XCTAssertNotNil(manifest.reference, file)
            XCTAssertEqual(manifest.speech?.count, 1, file)
            for key in recipe.slices.keys { XCTAssertEqual(manifest.slices[key], recipe.slices[key], "\(file) slice \(key)") }
            XCTAssertNotNil(manifest.slices["snr_bucket"], file)
            XCTAssertNotNil(manifest.slices["duration_bucket"], file)
            for path in [manifest.audio.mic, manifest.audio.farEnd, manifest.audio.nearEnd].compactMap({ $0 }) {
                let reader = try AudioReader(path: path)
                defer { reader.close() }
                XCTAssertEqual(reader.info.sampleRate, 16_000, path)
                XCTAssertEqual(reader.info.channels, 1, path)
                XCTAssertEqual(reader.info.subtype, "PCM_16", path)
                XCTAssertLessThanOrEqual(reader.info.durationSeconds, 6, path)
                audioBytes += Int(reader.info.frames) * 2
            }
        }
        XCTAssertLessThan(audioBytes, 3_000_000, "recipe audio stays small")
    }
}
