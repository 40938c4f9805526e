import Authoring
import FileFormats
import FixtureKit
import Foundation
import StreamingMetrics
import Traces
import XCTest

/// An added fixture is the docs/formats.md layout: files copied under their role
/// names and a `fixture/v1` manifest with the derived slices.
final class FixtureManifestTests: XCTestCase {
    func testFullFixtureManifestAndFiles() throws {
        let scratch = try Scratch()
        let fixtures = try scratch.folder("Fixtures")
        let mic = try scratch.tone("incident mic.flac", hz: 300, seconds: 3, encoding: .flacPCM16)
        let farEnd = try scratch.tone("playback.wav", hz: 500, seconds: 3)
        let nearEnd = try scratch.tone("voice.wav", hz: 700, seconds: 3)
        let asr = scratch.text("emissions.jsonl", "{\"t_ms\": 620, \"kind\": \"partial\", \"text\": \"turn left\"}\n")
        let tts = scratch.text("tts-log.jsonl", "{\"t_ms\": 0, \"req\": 0, \"kind\": \"request\", \"text\": \"Sure\"}\n")
        let turns = scratch.text("client.jsonl", "{\"t_ms\": 0, \"kind\": \"tts_play_start\"}\n{\"t_ms\": 800, \"kind\": \"tts_play_stop\", \"reason\": \"complete\"}\n")
        let request = FixtureRequest(
            id: "barge-in-sdk-echo-001", micPath: mic, farEndPath: farEnd, nearEndPath: nearEnd,
            provenanceKind: "consented", consentRef: "CR-2041",
            slices: ["language": "en-US", "device": "android"],
            speech: [SpeechSegment(startMs: 400, endMs: 2350)], reference: "turn left at the light",
            asrTracePath: asr, ttsTracePath: tts, turnsTracePath: turns,
            description: "SDK 4.2 keeps talking over the user on Android speakerphone"
        )
        let folder = try FixtureAuthor(fixturesDirectory: fixtures).add(request)
        XCTAssertEqual(folder, fixtures + "/barge-in-sdk-echo-001")

        let manifest = try JSONValue.parse(data: try Data(contentsOf: URL(fileURLWithPath: folder + "/fixture.json")))
        let expected: JSONValue = .object([
            "schema": .string("fixture/v1"),
            "id": .string("barge-in-sdk-echo-001"),
            "description": .string("SDK 4.2 keeps talking over the user on Android speakerphone"),
            "provenance": .object(["kind": .string("consented"), "consent_ref": .string("CR-2041")]),
            // 3 s of audio is in the 2–5 s bucket. No snr_bucket: the
            // features do not report `snr.bucket` on this branch yet.
            "slices": .object(["language": .string("en-US"), "device": .string("android"),
                               "duration_bucket": .string("2-5s")]
                              .merging(snrSlice(mic)) { a, _ in a }),
            "audio": .object(["mic": .string("mic.flac"), "far_end": .string("far_end.wav"), "near_end": .string("near_end.wav")]),
            "annotations": .object(["speech": .array([.array([.number(400), .number(2350)])]),
                                    "reference": .string("turn left at the light")]),
            "asr": .object(["trace": .string("asr.jsonl")]),
            "tts": .object(["trace": .string("tts.jsonl")]),
            "turns": .object(["trace": .string("turns.jsonl")]),
        ])
        XCTAssertEqual(manifest, expected)

        let copies = [(mic, "mic.flac"), (farEnd, "far_end.wav"), (nearEnd, "near_end.wav"),
                      (asr, "asr.jsonl"), (tts, "tts.jsonl"), (turns, "turns.jsonl")]
        for (source, name) in copies {
            XCTAssertEqual(FileManager.default.contents(atPath: source), FileManager.default.contents(atPath: folder + "/" + name), name)
        }
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: folder)),
                       Set(copies.map(\.1) + ["fixture.json"]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: fixtures), ["barge-in-sdk-echo-001"],
                       "no temporary folder is left behind")
    }

    /// The derived SNR slice, whenever the features measure one.
    private func snrSlice(_ mic: String) -> [String: JSONValue] {
        guard let report = try? FeatureReport.measure(micPath: mic), case .string(let bucket)? = report.metrics["snr.bucket"] else { return [:] }
        return ["snr_bucket": .string(bucket)]
    }

    func testMinimalFixtureHasOnlyWhatWasGiven() throws {
        let scratch = try Scratch()
        let fixtures = try scratch.folder("Fixtures")
        let mic = try scratch.tone("m.wav", hz: 300, seconds: 1)
        let folder = try FixtureAuthor(fixturesDirectory: fixtures).add(FixtureRequest(id: "tiny", micPath: mic, provenanceKind: "synthetic"))
        let manifest = try JSONValue.parse(data: try Data(contentsOf: URL(fileURLWithPath: folder + "/fixture.json")))
        XCTAssertEqual(Set(manifest.objectValue!.keys), ["schema", "id", "provenance", "slices", "audio"])
        XCTAssertEqual(manifest["slices"]?["duration_bucket"], .string("<2s"))
        XCTAssertEqual(manifest["audio"], .object(["mic": .string("mic.wav")]))
        // The manifest is canonical JSON: a re-serialization is byte-identical.
        let text = try String(contentsOfFile: folder + "/fixture.json", encoding: .utf8)
        XCTAssertEqual(text, manifest.serialized() + "\n")
    }

    func testDerivedSlicesFromFeatureMetrics() {
        XCTAssertEqual(DerivedSlices.from(micMetrics: ["snr.bucket": .string("10-15"), "duration_bucket": .string("5-15s")], durationSeconds: 7),
                       ["snr_bucket": "10-15", "duration_bucket": "5-15s"])
        XCTAssertEqual(DerivedSlices.from(micMetrics: ["snr.bucket": .null], durationSeconds: 60),
                       ["duration_bucket": ">=60s"], "an uncomputable SNR gives no slice, not a made-up one")
    }

    func testDerivedSliceKeysCannotBeDeclared() throws {
        let scratch = try Scratch()
        let fixtures = try scratch.folder("Fixtures")
        let mic = try scratch.tone("m.wav", hz: 300, seconds: 1)
        for key in ["snr_bucket", "duration_bucket"] {
            XCTAssertThrowsError(try FixtureAuthor(fixturesDirectory: fixtures).add(
                FixtureRequest(id: "x", micPath: mic, provenanceKind: "synthetic", slices: [key: "0-5"]))) { error in
                XCTAssertEqual((error as? AuthoringRefusal)?.kind, .slice)
            }
        }
    }
}
