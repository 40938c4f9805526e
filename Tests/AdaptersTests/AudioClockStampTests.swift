import Adapters
import Traces
import XCTest

/// The audio clock stamps each emission with the audio time at the end of
/// the chunk it answered, so a replay is exact and repeatable.
final class AudioClockStampTests: XCTestCase {
    /// 1 s of tone at 16 kHz is 50 chunks of 320 samples; the conformance
    /// engine completes a loud 100 ms block every 5 chunks, so partials
    /// come at 100, 200, … 1000 ms with 1 … 10 words, and the final at the
    /// total duration, 1000 ms.
    func testStampsAreTheAudioTimeAtTheEndOfEachChunk() throws {
        let scratch = try ScratchDirectory()
        let mic = try Signal.toneFile(in: scratch, seconds: 1, sampleRate: 16_000)
        let trace = try AdapterExecutables.conformanceASR().transcribe(.file(mic), clock: .audio)
        XCTAssertEqual(trace.clock, .audio)
        var expected: [EmissionEvent] = (1...10).map { k in
            EmissionEvent(tMs: Double(100 * k), kind: .partial, text: (1...k).map { "w\($0)" }.joined(separator: " "))
        }
        expected.append(EmissionEvent(tMs: 1000, kind: .final, text: (1...10).map { "w\($0)" }.joined(separator: " ")))
        XCTAssertEqual(trace.events, expected)
    }

    /// A 48 kHz file is resampled to the adapter's 16 kHz: 0.25 s is
    /// 4000 samples, 12.5 chunks — the last chunk is half long and the
    /// final is stamped 250 ms, not 260.
    func testResampledInputKeepsItsDurationAndAShortLastChunk() throws {
        let scratch = try ScratchDirectory()
        let mic = try Signal.toneFile(in: scratch, seconds: 0.25, sampleRate: 48_000)
        let trace = try AdapterExecutables.conformanceASR().transcribe(.file(mic), clock: .audio)
        XCTAssertEqual(trace.events.map(\.tMs), [100, 200, 250])
        XCTAssertEqual(trace.events.map(\.kind), [.partial, .partial, .final])
        XCTAssertEqual(trace.events.last?.text, "w1 w2")
    }

    /// An 8 kHz engine rate: 20 ms chunks are 160 samples and the stamps
    /// stay the same milliseconds.
    func testTheEngineRateSetsTheChunkSizeNotTheStamps() throws {
        let scratch = try ScratchDirectory()
        let mic = try Signal.toneFile(in: scratch, seconds: 0.3, sampleRate: 16_000)
        let adapter = ProcessASRAdapter(name: "conformance-8k", command: [AdapterExecutables.path("conformance-adapter")],
                                        sampleRate: 8_000, limits: AdapterLimits(timeoutSeconds: 10))
        let trace = try adapter.transcribe(.file(mic), clock: .audio)
        XCTAssertEqual(trace.events.map(\.tMs), [100, 200, 300, 300])
    }

    func testRepeatedRunsGiveIdenticalTraces() throws {
        let scratch = try ScratchDirectory()
        let mic = try Signal.toneFile(in: scratch, seconds: 0.7, sampleRate: 22_050)
        let adapter = AdapterExecutables.conformanceASR()
        let first = try adapter.transcribe(.file(mic), clock: .audio)
        let second = try adapter.transcribe(.file(mic), clock: .audio)
        XCTAssertEqual(first, second)
        XCTAssertEqual(TraceJSONL.lines(first), TraceJSONL.lines(second))
        XCTAssertFalse(first.events.isEmpty)
    }

    /// Samples in memory go through the same path as a file.
    func testInMemorySamplesMatchTheFile() throws {
        let scratch = try ScratchDirectory()
        let mic = try Signal.toneFile(in: scratch, seconds: 0.5, sampleRate: 16_000)
        let adapter = AdapterExecutables.conformanceASR()
        let fromFile = try adapter.transcribe(.file(mic), clock: .audio)
        let fromMemory = try adapter.transcribe(.samples(Signal.tone(seconds: 0.5, sampleRate: 16_000), sampleRate: 16_000), clock: .audio)
        XCTAssertEqual(fromFile, fromMemory)
    }

    /// Wall clock: paced in real time, so 0.3 s of audio cannot be
    /// answered in full before ~280 ms have passed (the last chunk is sent
    /// no earlier than 280 ms after the first); no upper bound is checked.
    func testWallClockPacesAudioAndStampsMonotonically() throws {
        let scratch = try ScratchDirectory()
        let mic = try Signal.toneFile(in: scratch, seconds: 0.3, sampleRate: 16_000)
        let trace = try AdapterExecutables.conformanceASR().transcribe(.file(mic), clock: .wall)
        XCTAssertEqual(trace.clock, .wall)
        XCTAssertEqual(trace.events.map(\.kind), [.partial, .partial, .partial, .final])
        XCTAssertEqual(trace.events.map(\.tMs), trace.events.map(\.tMs).sorted())
        XCTAssertGreaterThanOrEqual(trace.events.last!.tMs, 280)
    }

    func testRecordedReplayReturnsTheRecording() throws {
        let recorded = EmissionTrace(events: [EmissionEvent(tMs: 620, kind: .partial, text: "turn left")])
        let adapter = RecordedASRAdapter(trace: recorded)
        XCTAssertEqual(try adapter.transcribe(.file("/nonexistent.wav"), clock: .audio), recorded)
    }
}
