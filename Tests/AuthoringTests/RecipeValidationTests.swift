import Authoring
import Foundation
import XCTest

/// Bad recipes are refused with the recipe file and the field at fault.
final class RecipeValidationTests: XCTestCase {
    let minimal = #"{"schema": "synth/v1", "id": "ok-001", "seed": 1, "speech": {"text": "hello there"}}"#

    func refusal(_ text: String, file: String = "/recipes/test.json", line: UInt = #line) -> RecipeError? {
        do {
            _ = try SynthTestSupport.recipe(text, file: file)
            XCTFail("accepted: \(text)", line: line)
            return nil
        } catch let error as RecipeError {
            return error
        } catch {
            XCTFail("unexpected \(error)", line: line)
            return nil
        }
    }

    /// `minimal` with `patch` merged into its top level.
    func with(_ patch: String) -> String {
        String(minimal.dropLast()) + ", " + patch + "}"
    }

    func testAMinimalRecipeGetsItsDefaults() throws {
        let recipe = try SynthTestSupport.recipe(minimal)
        XCTAssertEqual(recipe.sampleRate, 16_000)
        XCTAssertEqual(recipe.speech.onsetMs, 300)
        XCTAssertEqual(recipe.tailMs, 400)
        XCTAssertEqual(recipe.speech.source, .tts(SynthRecipe.Voice(text: "hello there", adapter: "espeak")))
        XCTAssertEqual(recipe.effectiveReference, "hello there")
        XCTAssertNil(recipe.noise)
        XCTAssertNil(recipe.asrAdapter)
    }

    func testEachBadFieldIsNamed() {
        let cases: [(String, String)] = [
            (#"{"schema": "synth/v2", "id": "a", "seed": 1, "speech": {"text": "x"}}"#, "schema"),
            (#"{"schema": "synth/v1", "id": "../up", "seed": 1, "speech": {"text": "x"}}"#, "id"),
            (#"{"schema": "synth/v1", "id": "a", "speech": {"text": "x"}}"#, "seed"),
            (#"{"schema": "synth/v1", "id": "a", "seed": -1, "speech": {"text": "x"}}"#, "seed"),
            (#"{"schema": "synth/v1", "id": "a", "seed": 1.5, "speech": {"text": "x"}}"#, "seed"),
            (#"{"schema": "synth/v1", "id": "a", "seed": 1}"#, "speech"),
            (with(#""sample_rate": 44100.5"#), "sample_rate"),
            (with(#""noize": {}"#), "noize"),
            (with(#""slices": {"snr_bucket": "0-5"}"#), "slices.snr_bucket"),
            (with(#""slices": {"language": 5}"#), "slices.language"),
            (with(#""tail_ms": -1"#), "tail_ms"),
            (with(#""noise": {"type": "purple", "snr_db": 5}"#), "noise.type"),
            (with(#""noise": {"type": "pink"}"#), "noise.snr_db"),
            (with(#""noise": {"type": "pink", "snr_db": 99}"#), "noise.snr_db"),
            (with(#""noise": {"type": "babble", "snr_db": 5, "talkers": [{"text": "one"}]}"#), "noise.talkers"),
            (with(#""noise": {"type": "pink", "snr_db": 5, "talkers": []}"#), "noise.talkers"),
            (with(#""noise": {"type": "hum", "snr_db": 5, "harmonics": 2.5}"#), "noise.harmonics"),
            (with(#""agent": {"text": "hi", "first_byte_ms": -5}"#), "agent.first_byte_ms"),
            (with(#""agent": {"text": "hi", "echo": {"delay": 40}}"#), "agent.echo.delay"),
            (with(#""duplex": {}"#), "duplex"),
            (with(#""agent": {"text": "hi"}, "duplex": {}"#), "duplex"),
            (with(#""asr": {"adapter": ""}"#), "asr.adapter"),
            (#"{"schema": "synth/v1", "id": "a", "seed": 1, "speech": {"text": "x", "rate": 5}}"#, "speech.rate"),
            (#"{"schema": "synth/v1", "id": "a", "seed": 1, "speech": {"text": "x", "wav": "a.wav"}}"#, "speech"),
            (#"{"schema": "synth/v1", "id": "a", "seed": 1, "speech": {"wav": "../a.wav"}, "reference": "x"}"#, "speech.wav"),
            (#"{"schema": "synth/v1", "id": "a", "seed": 1, "speech": {"wav": "/etc/passwd"}, "reference": "x"}"#, "speech.wav"),
            (#"{"schema": "synth/v1", "id": "a", "seed": 1, "speech": {"text": "x", "onset_ms": "soon"}}"#, "speech.onset_ms"),
        ]
        for (text, field) in cases {
            let error = refusal(text)
            XCTAssertEqual(error?.field, field, text)
            XCTAssertEqual(error?.file, "/recipes/test.json")
            XCTAssertTrue(error?.description.hasPrefix("/recipes/test.json: \(field): ") ?? false, error?.description ?? "")
        }
    }

    func testAWavMustExistInsideTheRecipeFolderAndNeedsAReference() throws {
        let scratch = try SynthScratch()
        try FileManager.default.createDirectory(atPath: scratch.path("recipes"), withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: scratch.path("outside.wav"), contents: Data()))
        try FileManager.default.createSymbolicLink(atPath: scratch.path("recipes/link.wav"), withDestinationPath: scratch.path("outside.wav"))
        XCTAssertTrue(FileManager.default.createFile(atPath: scratch.path("recipes/voice.wav"), contents: Data()))
        let file = scratch.path("recipes/r.json")
        func recipe(_ wav: String, reference: Bool = true) -> String {
            #"{"schema": "synth/v1", "id": "a", "seed": 1, "speech": {"wav": "\#(wav)"}\#(reference ? #", "reference": "x""# : "")}"#
        }
        XCTAssertEqual(refusal(recipe("missing.wav"), file: file)?.field, "speech.wav")
        XCTAssertEqual(refusal(recipe("link.wav"), file: file)?.reason.contains("outside the recipe's folder"), true)
        XCTAssertEqual(refusal(recipe("voice.wav", reference: false), file: file)?.field, "reference")
        let ok = try SynthTestSupport.recipe(recipe("voice.wav"), file: file)
        guard case .file(let path) = ok.speech.source else { return XCTFail("not a file source") }
        XCTAssertTrue(path.hasSuffix("/recipes/voice.wav"), path)
    }

    func testUnreadableAndMalformedFilesNameTheFile() {
        XCTAssertThrowsError(try SynthRecipe.load(path: "/nonexistent/r.json")) { error in
            XCTAssertEqual((error as? RecipeError)?.file, "/nonexistent/r.json")
        }
        XCTAssertEqual(refusal("[1, 2]")?.field, nil)
        let scratch = try! SynthScratch()
        XCTAssertTrue(FileManager.default.createFile(atPath: scratch.path("broken.json"), contents: Data("{\"schema\": ".utf8)))
        XCTAssertThrowsError(try SynthRecipe.load(path: scratch.path("broken.json"))) { error in
            XCTAssertTrue("\(error)".hasPrefix(scratch.path("broken.json") + ": invalid JSON"), "\(error)")
        }
    }
}
