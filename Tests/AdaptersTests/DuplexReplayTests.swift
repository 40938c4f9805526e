import Adapters
import FileFormats
import FixtureAudio
import Traces
import XCTest

/// Full-duplex replay through the deterministic conformance engines: the
/// agent says five words (500 ms of tone at 16 kHz); the recognizer adds a
/// word for every loud 100 ms block of mic audio.
final class DuplexReplayTests: XCTestCase {
    private let agent = "one two three four five"

    private func run(_ scenario: DuplexScenario) throws -> DuplexResult {
        try DuplexReplay.run(scenario, tts: AdapterExecutables.conformanceTTS(), asr: AdapterExecutables.conformanceASR())
    }

    /// Echo at 0 dB: the first block (0–100 ms, echo from 40 ms) is loud,
    /// so a one-word partial at 100 ms cancels the agent — with no user at
    /// all. That is the false barge-in of an echo the ASR can hear.
    func testLoudEchoCancelsTheAgentWithNoUser() throws {
        let result = try run(DuplexScenario(agentText: agent, echo: EchoPath(delayMs: 40, attenuationDb: 0)))
        XCTAssertEqual(result.turns.events, [
            TurnEvent(tMs: 0, kind: .ttsPlayStart),
            TurnEvent(tMs: 100, kind: .ttsPlayStop(reason: .cancel)),
        ])
        XCTAssertTrue(result.cancelledWithoutUser)
        XCTAssertEqual(result.emissions.events.first, EmissionEvent(tMs: 100, kind: .partial, text: "w1"))
        // Played 100 ms (1600 samples), then silence.
        XCTAssertEqual(result.farEnd[1_599], 0.5 * Float(sin(2 * Double.pi * 440 * 1_599 / 16_000)), accuracy: 1e-4)
        XCTAssertTrue(result.farEnd[1_600...].allSatisfy { $0 == 0 })
    }

    /// Echo 60 dB down is inaudible: the agent completes at 500 ms.
    func testQuietEchoLetsTheAgentFinish() throws {
        let result = try run(DuplexScenario(agentText: agent, echo: EchoPath(delayMs: 40, attenuationDb: 60)))
        XCTAssertEqual(result.turns.events, [
            TurnEvent(tMs: 0, kind: .ttsPlayStart),
            TurnEvent(tMs: 500, kind: .ttsPlayStop(reason: .complete)),
        ])
        XCTAssertFalse(result.cancelledWithoutUser)
        XCTAssertEqual(result.emissions.events, [EmissionEvent(tMs: 1_040, kind: .final, text: "")])
    }

    /// The user speaks from 200 ms: block 200–300 ms is loud, the partial
    /// at 300 ms cancels — a real barge-in, 100 ms after the onset.
    func testUserSpeechDuringPlaybackCancelsIt() throws {
        let user = Signal.tone(hz: 300, seconds: 0.4, sampleRate: 16_000)
        let result = try run(DuplexScenario(agentText: agent, nearEnd: .samples(user, sampleRate: 16_000), userOnsetMs: 200,
                                            echo: EchoPath(delayMs: 40, attenuationDb: 60)))
        XCTAssertEqual(result.turns.events, [
            TurnEvent(tMs: 0, kind: .ttsPlayStart),
            TurnEvent(tMs: 200, kind: .vadStart),
            TurnEvent(tMs: 300, kind: .ttsPlayStop(reason: .cancel)),
            TurnEvent(tMs: 600, kind: .vadEnd),
        ])
        XCTAssertEqual(result.userSpeech?.startMs, 200)
        XCTAssertEqual(result.userSpeech?.endMs, 600)
        XCTAssertFalse(result.cancelledWithoutUser)
    }

    /// A minimum of three words delays the cancel to the third loud block.
    func testTheWordMinimumDelaysTheCancel() throws {
        let result = try run(DuplexScenario(agentText: agent, echo: EchoPath(delayMs: 40, attenuationDb: 0),
                                            policy: BargeInPolicy(minWords: 3)))
        XCTAssertEqual(result.turns.events.last, TurnEvent(tMs: 300, kind: .ttsPlayStop(reason: .cancel)))
    }

    func testTheSessionWritesOutItsAudioAndTraces() throws {
        let scratch = try ScratchDirectory()
        let user = Signal.tone(hz: 300, seconds: 0.4, sampleRate: 16_000)
        let result = try run(DuplexScenario(agentText: agent, nearEnd: .samples(user, sampleRate: 16_000), userOnsetMs: 200,
                                            echo: EchoPath(delayMs: 40, attenuationDb: 60)))
        let folder = scratch.path("duplex-001")
        try result.write(to: folder)
        let mic = try AudioReader.readMono(path: folder + "/mic.wav")
        XCTAssertEqual(mic.info.sampleRate, 16_000)
        XCTAssertEqual(mic.samples.count, result.mic.count)
        XCTAssertEqual(try String(contentsOfFile: folder + "/turns.jsonl", encoding: .utf8), """
        {"kind":"tts_play_start","t_ms":0}
        {"kind":"vad_start","t_ms":200}
        {"kind":"tts_play_stop","reason":"cancel","t_ms":300}
        {"kind":"vad_end","t_ms":600}

        """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/fixture.json"), "the manifest is Authoring's")
        for name in ["far_end.wav", "near_end.wav", "asr.jsonl", "tts.jsonl"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + name), name)
        }
    }
}
