import Adapters
import FixtureAudio
import Traces
import XCTest

/// The shipped reference adapters on their real engines: espeak-ng speaks,
/// pocketsphinx listens. Kept few and short (each a second or two).
final class ReferenceEngineTests: XCTestCase {
    private let espeak = ProcessTTSAdapter(name: "espeak", command: [AdapterExecutables.path("espeak-adapter")])
    private let sphinx = ProcessASRAdapter(name: "sphinx", command: [AdapterExecutables.path("sphinx-adapter")])

    func testEspeakGivesTimedChunksAndAudio() throws {
        let result = try espeak.synthesize([SynthesisRequest(text: "Turn left at the light.")])
        let events = result.trace.events
        guard case .request = events.first?.kind, events.last?.kind == .end else {
            return XCTFail("expected request … end, got \(events)")
        }
        let chunks = events.compactMap { event -> (Double, Double)? in
            if case .chunk(let duration) = event.kind { (event.tMs, duration) } else { nil }
        }
        XCTAssertGreaterThan(chunks.count, 1)
        let firstAudioByte = chunks[0].0 - events[0].tMs
        XCTAssertGreaterThanOrEqual(firstAudioByte, 0)
        let audioMs = chunks.map(\.1).reduce(0, +)
        XCTAssertEqual(result.audio[0].sampleRate, 22_050)
        XCTAssertEqual(audioMs, result.audio[0].durationMs, accuracy: 1e-9)
        // A five-word sentence at espeak's default 175 wpm: about a second.
        XCTAssertGreaterThan(audioMs, 600)
        XCTAssertLessThan(audioMs, 4_000)
    }

    /// espeak-ng speech, resampled 22.05 k → 16 k by the harness, gives
    /// pocketsphinx something to say: partials while streaming and a
    /// non-empty final at the total duration.
    func testSphinxRecognizesSynthesizedSpeech() throws {
        let voice = try espeak.synthesize([SynthesisRequest(text: "Turn left at the light.")]).audio[0]
        let trace = try sphinx.transcribe(.samples(voice.samples, sampleRate: voice.sampleRate), clock: .audio)
        let partials = trace.events.filter { $0.kind == .partial }
        let finals = trace.events.filter { $0.kind == .final }
        XCTAssertFalse(partials.isEmpty)
        XCTAssertEqual(finals.count, 1)
        XCTAssertFalse(finals[0].text.isEmpty)
        XCTAssertEqual(finals[0].tMs, voice.durationMs, accuracy: 20)
        XCTAssertEqual(trace.events.map(\.tMs), trace.events.map(\.tMs).sorted())
    }

    /// Two sentences with 1.5 s of silence between: pocketsphinx's own
    /// voice activity detector ends the first, so each has its partials and
    /// its final, numbered 0 and 1, the first final inside the pause.
    func testSphinxEndpointsTwoUtterances() throws {
        let voices = try espeak.synthesize([SynthesisRequest(text: "Turn left at the light."),
                                            SynthesisRequest(req: 1, text: "Play some music.")]).audio
        let rate = voices[0].sampleRate
        let pause = [Float](repeating: 0, count: rate * 3 / 2)
        let samples = voices[0].samples + pause + voices[1].samples + pause
        let firstEndMs = voices[0].durationMs, secondStartMs = firstEndMs + 1_500
        let trace = try sphinx.transcribe(.samples(samples, sampleRate: rate), clock: .audio)
        let finals = trace.events.filter { $0.kind == .final }
        XCTAssertEqual(finals.map(\.utt), [0, 1], "events: \(trace.events)")
        XCTAssertTrue(finals.allSatisfy { !$0.text.isEmpty }, "finals: \(finals)")
        XCTAssertGreaterThan(finals[0].tMs, firstEndMs)
        XCTAssertLessThan(finals[0].tMs, secondStartMs)
        for utt in [0, 1] {
            let partials = trace.events.filter { $0.kind == .partial && $0.utt == utt }
            XCTAssertFalse(partials.isEmpty, "utterance \(utt)")
            XCTAssertTrue(partials.allSatisfy { $0.tMs <= finals[utt].tMs })
        }
        XCTAssertTrue(trace.events.filter { $0.utt == 1 }.allSatisfy { $0.tMs > firstEndMs })
    }

    /// Seed incident 5, the other way round: the agent's own voice, echoed
    /// 6 dB down into the mic with no user speaking, is heard by the
    /// recognizer and cancels playback — a false barge-in.
    func testAnAudibleEchoIsAFalseBargeInWithRealEngines() throws {
        let scenario = DuplexScenario(agentText: "Sure, here is the weather for today.",
                                      echo: EchoPath(delayMs: 60, attenuationDb: 6, tailMs: 150))
        let result = try DuplexReplay.run(scenario, tts: espeak, asr: sphinx)
        XCTAssertTrue(result.cancelledWithoutUser, "turns: \(result.turns.events), emissions: \(result.emissions.events)")
        XCTAssertNil(result.userSpeech)
    }
}
