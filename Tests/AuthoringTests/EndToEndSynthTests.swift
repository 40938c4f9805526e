import Adapters
import Authoring
import FixtureAudio
import FixtureKit
import Foundation
import StreamingMetrics
import Traces
import XCTest

/// Recipes through the real engines: espeak-ng speaks, pocketsphinx
/// listens (a few seconds of audio each).
final class EndToEndSynthTests: XCTestCase {
    let noisy = #"""
    {"schema": "synth/v1", "id": "e2e-noisy-001", "seed": 77,
     "slices": {"language": "en-US", "noise": "white"},
     "speech": {"text": "turn left at the light", "voice": "en-us", "rate": 170, "onset_ms": 250},
     "tail_ms": 300, "noise": {"type": "white", "snr_db": 12},
     "asr": {"adapter": "sphinx"}}
    """#

    func make(_ text: String, into folder: String, force: Bool = false) throws -> String {
        let recipe = try SynthTestSupport.recipe(text, file: "/recipes/e2e.json")
        let scene = try FixtureSynthesizer(engines: SynthTestSupport.engines).render(recipe)
        return try SynthFixtureWriter(fixturesDirectory: folder).write(scene, recipe: recipe, force: force)
    }

    func testANoisyRecipeRecognizedBySphinxIsByteIdenticalOnEveryRun() throws {
        let scratch = try SynthScratch()
        let first = try make(noisy, into: scratch.path("one"))
        let second = try make(noisy, into: scratch.path("two"))
        let a = try SynthTestSupport.files(in: first), b = try SynthTestSupport.files(in: second)
        XCTAssertEqual(a.keys.sorted(), ["asr.jsonl", "fixture.json", "mic.wav", "near_end.wav"])
        for name in a.keys.sorted() { XCTAssertEqual(a[name], b[name], "\(name) differs between runs") }

        // The manifest loads as a fixture, with the speech where it was put.
        let manifest = try FixtureManifest.load(folder: first)
        XCTAssertEqual(manifest.provenance, .synthetic)
        XCTAssertEqual(manifest.reference, "turn left at the light")
        XCTAssertEqual(manifest.slices["snr_bucket"], "10-15")
        XCTAssertEqual(manifest.slices["duration_bucket"], "<2s")
        XCTAssertEqual(manifest.slices["language"], "en-US")
        let speech = try XCTUnwrap(manifest.speech?.first)
        XCTAssertEqual(speech.startMs, 250)
        let near = try AudioReader(path: first + "/near_end.wav").readAllMono()
        let firstVoiced = try XCTUnwrap(near.firstIndex { $0 != 0 }), lastVoiced = try XCTUnwrap(near.lastIndex { $0 != 0 })
        XCTAssertEqual(firstVoiced, 4_000, "the voice starts at its onset (250 ms)")
        XCTAssertEqual(Double(lastVoiced + 1) / 16, speech.endMs, accuracy: 1 / 16.0, "and ends where the annotation says")
        let mic = try AudioReader(path: first + "/mic.wav")
        XCTAssertEqual(Double(mic.info.frames) / 16, speech.endMs + 300, accuracy: 1 / 16.0, "tail after the speech")

        // The noise is where the recipe put it: mic − voice is the noise,
        // at 12 dB below the voice's active level (within quantization).
        let micSamples = try mic.readAllMono()
        let noise = zip(micSamples, near).map { $0 - $1 }
        let measured = 10 * log10(try XCTUnwrap(SpeechLevel.active(near, sampleRate: 16_000)) / SpeechLevel.meanPower(noise))
        XCTAssertEqual(measured, 12, accuracy: 0.05)

        // Sphinx's transcript on the audio clock, ending with a final.
        let trace = try EmissionTrace.decode(data: a["asr.jsonl"]!, file: "asr.jsonl")
        XCTAssertEqual(trace.events.last?.kind, .final)
        XCTAssertFalse(trace.events.last!.text.isEmpty)
    }

    func testAFullDuplexRecipeWritesTheTurnLogTheTimingModelAndTheEcho() throws {
        let scratch = try SynthScratch()
        let folder = try make(#"""
        {"schema": "synth/v1", "id": "e2e-duplex-001", "seed": 5,
         "speech": {"text": "stop", "voice": "en-us", "onset_ms": 900}, "tail_ms": 300,
         "agent": {"text": "Here is the news.", "voice": "en-us", "first_byte_ms": 200, "chunk_ms": 100, "cadence_ms": 50,
                   "echo": {"delay_ms": 50, "attenuation_db": 45}},
         "duplex": {"barge_in_ms": 400}, "asr": {"adapter": "sphinx"}}
        """#, into: scratch.path("fx"))
        let files = try SynthTestSupport.files(in: folder)
        XCTAssertEqual(files.keys.sorted(), ["asr.jsonl", "far_end.wav", "fixture.json", "mic.wav", "near_end.wav", "tts.jsonl", "turns.jsonl"])
        let manifest = try FixtureManifest.load(folder: folder)
        XCTAssertEqual(manifest.bargeInBudgetMs, 400)
        let turns = try TurnLog.decode(data: files["turns.jsonl"]!, file: "turns.jsonl")
        XCTAssertEqual(turns.events.first, TurnEvent(tMs: 200, kind: .ttsPlayStart), "playback starts at the first byte")
        XCTAssertTrue(turns.events.contains(TurnEvent(tMs: 900, kind: .vadStart)))
        XCTAssertEqual(turns.events.filter { if case .ttsPlayStop = $0.kind { true } else { false } }.count, 1)
        // The TTS trace covers the real length of the agent's voice.
        let tts = try SynthesisTrace.decode(data: files["tts.jsonl"]!, file: "tts.jsonl")
        let chunkMs = tts.events.reduce(0.0) { if case .chunk(let d) = $1.kind { $0 + d } else { $0 } }
        let far = try AudioReader(path: folder + "/far_end.wav").readAllMono()
        let played = Double((far.lastIndex { $0 != 0 } ?? 0) + 1 - 3_200) / 16
        XCTAssertGreaterThanOrEqual(chunkMs + 1e-6, played, "the trace holds at least what was played")
        XCTAssertEqual(tts.events.first?.tMs, 0)
        XCTAssertEqual(tts.events.dropFirst().first?.tMs, 200)
    }
}
