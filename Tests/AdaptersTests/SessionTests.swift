import Adapters
import Dispatch
import FixtureAudio
import Foundation
import Traces
import XCTest

/// Sessions (`"streams": "many"`) and the engine pool, on real processes:
/// `start` → `ready`, many streams per process, start-up outside every
/// latency, and a pool that replaces what crashes, hangs or dies.
final class SessionTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var mic: String!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        mic = try Signal.toneFile(in: scratch, seconds: 0.5, sampleRate: 16_000)
    }

    private func conformancePool(_ arguments: [String] = [], capacity: Int = 1,
                                 limits: AdapterLimits = AdapterLimits(timeoutSeconds: 10)) -> (EnginePool, ProcessASRAdapter) {
        let command = [AdapterExecutables.path("conformance-adapter")] + arguments
        let pool = EnginePool(name: "conformance", command: command, limits: limits, capacity: capacity)
        return (pool, ProcessASRAdapter(name: "conformance", command: command, limits: limits, pool: pool))
    }

    /// The conformance engine's trace of the 0.5 s tone: w1 … w5.
    private let toneTimes: [Double] = [100, 200, 300, 400, 500, 500]

    func testOneProcessServesManyStreamsWithTheOneStreamTrace() throws {
        let oneStream = try AdapterExecutables.conformanceASR().transcribe(.file(mic), clock: .audio)
        XCTAssertEqual(oneStream.events.map(\.tMs), toneTimes, "the engine's ready is not an emission")
        let (pool, adapter) = conformancePool()
        defer { pool.shutdown() }
        for _ in 0..<3 {
            XCTAssertEqual(try adapter.transcribe(.file(mic), clock: .audio), oneStream)
        }
        XCTAssertEqual(pool.processesStarted, 1)
        XCTAssertEqual(pool.idleProcesses, 1)
    }

    /// A one-stream adapter pointed at the same engine as a session without
    /// a pool: still `start` → `ready`, one process per stream.
    func testASessionWithoutAPoolGetsItsOwnProcess() throws {
        let adapter = ProcessASRAdapter(name: "conformance", command: [AdapterExecutables.path("conformance-adapter")],
                                        limits: AdapterLimits(timeoutSeconds: 10), streams: .many)
        XCTAssertEqual(try adapter.transcribe(.file(mic), clock: .audio).events.map(\.tMs), toneTimes)
    }

    /// 1.5 s of model loading before `ready`: on the wall clock the first
    /// partial still comes about 100 ms into the audio, because the clock
    /// starts at `ready`; a one-stream engine pays the load in `t_ms`.
    func testStartUpNeverCountsInLatency() throws {
        let limits = AdapterLimits(timeoutSeconds: 10)
        let command = [AdapterExecutables.path("conformance-adapter"), "--startup-delay-ms", "1500"]
        let session = ProcessASRAdapter(name: "slow", command: command, limits: limits, streams: .many)
        let sessionTrace = try session.transcribe(.file(mic), clock: .wall)
        let first = try XCTUnwrap(sessionTrace.events.first)
        XCTAssertLessThan(first.tMs, 1_000, "\(sessionTrace.events)")
        let oneStream = ProcessASRAdapter(name: "slow", command: command, limits: limits)
        let oneStreamFirst = try XCTUnwrap(try oneStream.transcribe(.file(mic), clock: .wall).events.first)
        XCTAssertGreaterThanOrEqual(oneStreamFirst.tMs, 1_500)
    }

    /// Loading longer than `timeout_s` is fine when within
    /// `startup_timeout_s`; an engine that never gets ready is a timeout
    /// of `startup_timeout_s`, naming what was awaited.
    func testStartUpIsBoundedByTheStartupTimeoutNotTheReplyTimeout() throws {
        let patient = AdapterLimits(timeoutSeconds: 0.5, startupTimeoutSeconds: 10)
        let (slowPool, slow) = conformancePool(["--startup-delay-ms", "1500"], limits: patient)
        defer { slowPool.shutdown() }
        XCTAssertEqual(try slow.transcribe(.file(mic), clock: .audio).events.map(\.tMs), toneTimes)

        let strict = AdapterLimits(timeoutSeconds: 10, startupTimeoutSeconds: 1)
        let (stuckPool, stuck) = conformancePool(["--never-ready"], limits: strict)
        defer { stuckPool.shutdown() }
        let began = MonotonicClock.nowNanoseconds()
        XCTAssertThrowsError(try stuck.transcribe(.file(mic), clock: .audio)) { error in
            let failure = error as? AdapterFailure
            XCTAssertEqual(failure?.kind, .timeout)
            XCTAssertTrue(failure?.problem.contains("no reply within 1 s while waiting for ready after start") ?? false, "\(error)")
            XCTAssertTrue(failure?.stderrTail.contains("conformance-adapter: simulated start-up that never ends") ?? false, "\(error)")
        }
        XCTAssertLessThan(MonotonicClock.millisecondsSince(began), 5_000)
        XCTAssertEqual(stuckPool.idleProcesses, 0)
    }

    /// The engine crashes in its second stream (chunk 30 of its life): that
    /// stream is an adapter failure, and the third gets a fresh process
    /// with the right trace.
    func testACrashedEngineIsReplacedForTheNextFixture() throws {
        let (pool, adapter) = conformancePool(["--crash-after", "30"])
        defer { pool.shutdown() }
        let good = try adapter.transcribe(.file(mic), clock: .audio)
        XCTAssertThrowsError(try adapter.transcribe(.file(mic), clock: .audio)) { error in
            XCTAssertEqual((error as? AdapterFailure)?.kind, .exited, "\(error)")
        }
        XCTAssertEqual(try adapter.transcribe(.file(mic), clock: .audio), good)
        XCTAssertEqual(pool.processesStarted, 2)
    }

    /// A hung engine is killed with its whole group (its child too) when
    /// its stream times out; the next stream gets a fresh process.
    func testAHungEngineIsKilledWithItsGroupAndReplaced() throws {
        let pidFile = scratch.path("pids")
        let (pool, adapter) = conformancePool(["--spawn-sleeper", pidFile, "--hang-after", "30"],
                                              limits: AdapterLimits(timeoutSeconds: 1))
        defer { pool.shutdown() }
        let good = try adapter.transcribe(.file(mic), clock: .audio)
        let pids = try String(contentsOfFile: pidFile, encoding: .utf8).split(separator: " ")
            .compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(pids.count, 2)
        XCTAssertThrowsError(try adapter.transcribe(.file(mic), clock: .audio)) { error in
            XCTAssertEqual((error as? AdapterFailure)?.kind, .timeout, "\(error)")
        }
        XCTAssertEqual(kill(pids[0], 0), -1, "the hung engine must be killed and reaped")
        for _ in 0..<100 where kill(pids[1], 0) == 0 && !isZombie(pids[1]) { usleep(10_000) }
        XCTAssertTrue(kill(pids[1], 0) != 0 || isZombie(pids[1]), "the engine's child must die with its group")
        XCTAssertEqual(try adapter.transcribe(.file(mic), clock: .audio), good)
        XCTAssertEqual(pool.processesStarted, 2)
    }

    private func isZombie(_ pid: pid_t) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true
    }

    /// An engine that exits after every `done`: no fixture fails for it,
    /// each stream gets a fresh process, every trace is the right one.
    func testAnEngineThatDiesAfterDoneIsReplacedAndTheNextFixturePasses() throws {
        let (pool, adapter) = conformancePool(["--die-after-done", "1"])
        defer { pool.shutdown() }
        let expected = try AdapterExecutables.conformanceASR().transcribe(.file(mic), clock: .audio)
        for _ in 0..<3 {
            XCTAssertEqual(try adapter.transcribe(.file(mic), clock: .audio), expected)
        }
        XCTAssertEqual(pool.processesStarted, 3)
    }

    /// State leaking from one stream into the next — the same audio gives
    /// another trace after a different stream — is caught and explained.
    func testLeakedStateBetweenStreamsIsCaught() throws {
        let longer = MicSource.samples(Signal.tone(seconds: 0.3, sampleRate: 16_000), sampleRate: 16_000)
        XCTAssertNoThrow(try StreamIsolation.check(AdapterExecutables.conformanceASR(), mic: .file(mic), other: longer))
        let leaky = AdapterExecutables.conformanceASR(["--leak-state"])
        XCTAssertThrowsError(try StreamIsolation.check(leaky, mic: .file(mic), other: longer)) { error in
            let failure = error as? AdapterFailure
            XCTAssertEqual(failure?.kind, .protocolViolation)
            XCTAssertTrue(failure?.problem.contains("leaks state between streams") ?? false, "\(error)")
            XCTAssertTrue(failure?.problem.contains(#"{"kind":"partial","t_ms":100,"text":"w1","utt":0} then {"kind":"partial","t_ms":100,"text":"w1 w2 w3 w4 w5 w6 w7 w8 w9","utt":0}"#) ?? false, "\(error)")
        }
    }

    /// PocketSphinx in one process: a sentence after another sentence gives
    /// the trace it gives in a fresh process (utterance numbering and the
    /// live cepstral mean are reset at `start`).
    func testSphinxStreamsDependOnlyOnTheirAudio() throws {
        let espeak = ProcessTTSAdapter(name: "espeak", command: [AdapterExecutables.path("espeak-adapter")])
        let voices = try espeak.synthesize([SynthesisRequest(text: "Turn left at the light."),
                                            SynthesisRequest(req: 1, text: "Play some loud music in the kitchen.")]).audio
        let sentence = MicSource.samples(voices[0].samples, sampleRate: voices[0].sampleRate)
        let other = MicSource.samples(voices[1].samples + [Float](repeating: 0, count: voices[1].sampleRate), sampleRate: voices[1].sampleRate)
        let sphinx = ProcessASRAdapter(name: "sphinx", command: [AdapterExecutables.path("sphinx-adapter")])
        let fresh = try sphinx.transcribe(sentence, clock: .audio)
        XCTAssertFalse(fresh.events.filter { $0.kind == .final }.allSatisfy { $0.text.isEmpty })
        XCTAssertEqual(try StreamIsolation.check(sphinx, mic: sentence, other: other), fresh)
    }

    /// Six streams on six threads through a pool of two: never more than
    /// two processes, every trace right.
    func testThePoolKeepsAtMostCapacityProcessesUnderConcurrency() throws {
        let (pool, adapter) = conformancePool(capacity: 2)
        defer { pool.shutdown() }
        let expected = try AdapterExecutables.conformanceASR().transcribe(.file(mic), clock: .audio)
        let results = LockedResults()
        let mic = self.mic!
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            results.append(Result { try adapter.transcribe(.file(mic), clock: .audio) })
        }
        XCTAssertEqual(results.all.count, 6)
        for result in results.all { XCTAssertEqual(try result.get(), expected) }
        XCTAssertLessThanOrEqual(pool.processesStarted, 2)
        XCTAssertGreaterThanOrEqual(pool.processesStarted, 1)
        XCTAssertEqual(pool.idleProcesses, pool.processesStarted)
    }

    /// TTS sessions: `start` → `ready`, requests, `end` → `done`; the same
    /// process speaks for the next run, with the same audio.
    func testTTSSessionsReuseTheProcess() throws {
        let command = [AdapterExecutables.path("conformance-adapter"), "--tts"]
        let pool = EnginePool(name: "conformance-tts", command: command, limits: AdapterLimits(timeoutSeconds: 10), capacity: 1)
        defer { pool.shutdown() }
        let tts = ProcessTTSAdapter(name: "conformance-tts", command: command, pool: pool)
        let first = try tts.synthesize([SynthesisRequest(text: "one two three")])
        let second = try tts.synthesize([SynthesisRequest(text: "one two three")])
        XCTAssertEqual(first.audio, second.audio)
        XCTAssertEqual(first.audio.first?.durationMs, 300)
        XCTAssertEqual(pool.processesStarted, 1)
    }

    /// espeak-ng speaks sessions (one process serves every stream), but is
    /// not isolated: its synthesizer keeps language state across utterances
    /// that no API call clears, so English after a stream in the Spanish
    /// voice comes out longer. This pins the limitation behind `"streams": "one"` for
    /// `espeak` in fixture-check.json (docs/adapters.md); should an
    /// espeak-ng release fix it, this test fails and the declaration can
    /// become "many".
    func testEspeakSessionsReuseTheProcessButLeakLanguageState() throws {
        let command = [AdapterExecutables.path("espeak-adapter")]
        let pool = EnginePool(name: "espeak", command: command, capacity: 1)
        defer { pool.shutdown() }
        let espeak = ProcessTTSAdapter(name: "espeak", command: command, pool: pool)
        let request = SynthesisRequest(text: "Turn left at the light.")
        let fresh = try ProcessTTSAdapter(name: "espeak", command: command).synthesize([request]).audio[0]
        XCTAssertEqual(try espeak.synthesize([request]).audio[0], fresh, "a fresh process's first stream is the one-stream audio")
        _ = try espeak.synthesize([SynthesisRequest(text: "Turn left at the light.", voice: "es")])
        let after = try espeak.synthesize([request]).audio[0]
        XCTAssertEqual(pool.processesStarted, 1)
        XCTAssertGreaterThan(after.durationMs - fresh.durationMs, 20, "espeak-ng no longer leaks language state: declare it \"many\"")
    }

    /// The Python template speaks sessions too.
    func testTheExamplePythonAdapterServesManyStreams() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let command = ["python3", root.appendingPathComponent("Scripts/example-adapter.py").path]
        let pool = EnginePool(name: "example-python", command: command, limits: AdapterLimits(timeoutSeconds: 10), capacity: 1)
        defer { pool.shutdown() }
        let adapter = ProcessASRAdapter(name: "example-python", command: command, pool: pool)
        let oneStream = try ProcessASRAdapter(name: "example-python", command: command).transcribe(.file(mic), clock: .audio)
        XCTAssertEqual(oneStream.events.filter { $0.kind == .final }.map(\.text), ["word word"])
        XCTAssertEqual(try adapter.transcribe(.file(mic), clock: .audio), oneStream)
        XCTAssertEqual(try adapter.transcribe(.file(mic), clock: .audio), oneStream)
        XCTAssertEqual(pool.processesStarted, 1)
    }
}

/// Results gathered from concurrent threads (test only).
private final class LockedResults: @unchecked Sendable {
    // @unchecked is sound: `results` is private and touched only under `lock`.
    private let lock = NSLock()
    private var results: [Result<EmissionTrace, Error>] = []
    func append(_ result: Result<EmissionTrace, Error>) { lock.withLock { results.append(result) } }
    var all: [Result<EmissionTrace, Error>] { lock.withLock { results } }
}
