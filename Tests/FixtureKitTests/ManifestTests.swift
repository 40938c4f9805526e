import FixtureKit
import Foundation
import StreamingMetrics
import Traces
import XCTest

/// `fixture/v1` decoding (docs/formats.md): fields, defaults and errors that name
/// `fixture.json` and the field.
final class ManifestTests: XCTestCase {
    func testFullManifestDecodes() throws {
        let fx = try FixtureFolder()
        for name in ["mic.wav", "far_end.wav", "near_end.wav", "asr.jsonl", "tts.jsonl", "turns.jsonl"] { try fx.write(name, "") }
        try fx.manifest("""
        "schema": "fixture/v1", "id": "barge-in-sdk-echo-001", "description": "SDK 4.2 keeps talking",
        "provenance": {"kind": "consented", "consent_ref": "CR-17"},
        "slices": {"language": "en-US", "device": "android"},
        "audio": {"mic": "mic.wav", "far_end": "far_end.wav", "near_end": "./near_end.wav"},
        "annotations": {"speech": [[400, 2350], [3000, 3500]], "reference": "turn left at the light"},
        "asr": {"trace": "asr.jsonl", "clock": "wall"},
        "tts": {"trace": "tts.jsonl", "start_delay_ms": 80},
        "turns": {"trace": "turns.jsonl"},
        "budgets": {"barge_in_ms": 300},
        "x_recorded_by": "ops"
        """)
        let m = try FixtureManifest.load(folder: fx.path)
        let real = FileManager.default.fileExists(atPath: fx.path) ? try XCTUnwrap(realpath(fx.path, nil).map { String(cString: $0) }) : ""
        XCTAssertEqual(m.id, "barge-in-sdk-echo-001")
        XCTAssertEqual(m.description, "SDK 4.2 keeps talking")
        XCTAssertEqual(m.provenance, .consented(consentRef: "CR-17"))
        XCTAssertEqual(m.slices, ["language": "en-US", "device": "android"])
        XCTAssertEqual(m.audio.mic, real + "/mic.wav")
        XCTAssertEqual(m.audio.nearEnd, real + "/near_end.wav")
        XCTAssertNil(m.audio.aecOut)
        XCTAssertEqual(m.speech, [SpeechSegment(startMs: 400, endMs: 2350), SpeechSegment(startMs: 3000, endMs: 3500)])
        XCTAssertEqual(m.reference, "turn left at the light")
        XCTAssertEqual(m.asr, .trace(.init(path: real + "/asr.jsonl", name: "asr.jsonl"), clock: .wall))
        XCTAssertEqual(m.tts?.startDelayMs, 80)
        XCTAssertEqual(m.turns?.name, "turns.jsonl")
        XCTAssertEqual(m.bargeInBudgetMs, 300)
    }

    func testMinimalManifestDefaults() throws {
        let fx = try FixtureFolder()
        try fx.write("mic.wav", "")
        try fx.manifest(#""schema": "fixture/v1", "id": "a", "provenance": {"kind": "synthetic"}, "audio": {"mic": "mic.wav"}"#)
        let m = try FixtureManifest.load(folder: fx.path)
        XCTAssertEqual(m.provenance, .synthetic)
        XCTAssertEqual(m.slices, [:])
        XCTAssertNil(m.speech, "absent annotations mean: run the VAD")
        XCTAssertNil(m.asr)
        XCTAssertNil(m.tts)
        XCTAssertNil(m.turns)
        XCTAssertEqual(m.bargeInBudgetMs, 500)
    }

    func testAdaptersAndTTSRequests() throws {
        let fx = try FixtureFolder()
        try fx.write("mic.wav", "")
        try fx.manifest("""
        "schema": "fixture/v1", "id": "a", "provenance": {"kind": "synthetic"}, "audio": {"mic": "mic.wav"},
        "asr": {"adapter": "sphinx"},
        "tts": {"adapter": "espeak", "requests": [{"t_ms": 0, "text": "Sure."}, {"t_ms": 1500, "text": "Done."}]}
        """)
        let m = try FixtureManifest.load(folder: fx.path)
        XCTAssertEqual(m.asr, .adapter(name: "sphinx"))
        XCTAssertEqual(m.tts?.source, .adapter(name: "espeak", requests: [
            SynthesisRequest(req: 0, tMs: 0, text: "Sure."), SynthesisRequest(req: 1, tMs: 1500, text: "Done."),
        ]))
        XCTAssertEqual(m.tts?.startDelayMs, 0)
    }

    /// Loads a minimal manifest with `extra` members appended and returns the error.
    func refusal(_ extra: String, audio: String = #""audio": {"mic": "mic.wav"}"#, provenance: String = #""provenance": {"kind": "synthetic"}"#) throws -> ManifestError {
        let fx = try FixtureFolder()
        try fx.write("mic.wav", "")
        try fx.manifest(#""schema": "fixture/v1", "id": "a", "# + [provenance, audio, extra].filter { !$0.isEmpty }.joined(separator: ", "))
        do {
            _ = try FixtureManifest.load(folder: fx.path)
        } catch let error as ManifestError {
            XCTAssertTrue(error.file.hasSuffix("/fixture.json"), error.description)
            XCTAssertTrue(error.description.hasPrefix(fx.path + "/fixture.json: "), error.description)
            return error
        }
        XCTFail("accepted: \(extra)")
        return ManifestError(file: "", field: nil, reason: "")
    }

    func testFieldErrorsNameTheField() throws {
        XCTAssertEqual(try refusal(#""slices": {"noise": 3}"#).field, "slices")
        XCTAssertEqual(try refusal(#""annotations": {"speech": [[500, 400]]}"#).field, "annotations.speech[0]")
        XCTAssertEqual(try refusal(#""annotations": {"speech": [[0, 400], [300, 600]]}"#).field, "annotations.speech[1]")
        XCTAssertEqual(try refusal(#""annotations": {"reference": 5}"#).field, "annotations.reference")
        XCTAssertEqual(try refusal(#""asr": {"trace": "mic.wav", "adapter": "sphinx"}"#).field, "asr")
        XCTAssertEqual(try refusal(#""asr": {}"#).field, "asr")
        XCTAssertEqual(try refusal(#""asr": {"trace": "mic.wav", "clock": "cpu"}"#).field, "asr.clock")
        XCTAssertEqual(try refusal(#""asr": {"trace": "missing.jsonl"}"#).field, "asr.trace")
        XCTAssertEqual(try refusal(#""tts": {"adapter": "espeak"}"#).field, "tts.requests")
        XCTAssertEqual(try refusal(#""tts": {"trace": "mic.wav", "start_delay_ms": -5}"#).field, "tts.start_delay_ms")
        XCTAssertEqual(try refusal(#""budgets": {"barge_in_ms": "fast"}"#).field, "budgets.barge_in_ms")
        XCTAssertEqual(try refusal("", audio: #""audio": {"far_end": "mic.wav"}"#).field, "audio.mic")
        XCTAssertEqual(try refusal(#""schema2": 1"#, audio: #""audio": {"mic": "mic.wav"}, "schema": "fixture/v2""#).field, nil,
                       "a duplicate key is a JSON error of the whole file")
    }

    func testWrongSchemaIsRefused() throws {
        let fx = try FixtureFolder()
        try fx.write("mic.wav", "")
        try fx.manifest(#""schema": "fixture/v2", "id": "a", "provenance": {"kind": "synthetic"}, "audio": {"mic": "mic.wav"}"#)
        XCTAssertThrowsError(try FixtureManifest.load(folder: fx.path)) { error in
            XCTAssertEqual((error as? ManifestError)?.field, "schema")
        }
    }

    func testUnreadableAndInvalidManifestsNameTheFile() throws {
        let fx = try FixtureFolder()
        XCTAssertThrowsError(try FixtureManifest.load(folder: fx.path)) { error in
            XCTAssertEqual((error as? ManifestError)?.description, fx.path + ": not a fixture folder: it holds no fixture.json")
        }
        try fx.write("fixture.json", "{\"schema\": ")
        XCTAssertThrowsError(try FixtureManifest.load(folder: fx.path)) { error in
            XCTAssertTrue("\(error)".contains("invalid JSON"), "\(error)")
        }
    }
}
