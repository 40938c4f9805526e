import Adapters
import FixtureAudio
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A misbehaving engine becomes an `AdapterFailure` naming the adapter,
/// what went wrong and its stderr tail — and leaves no process behind.
final class AdapterFailureTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var mic: String!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        mic = try Signal.toneFile(in: scratch, seconds: 0.5, sampleRate: 16_000)
    }

    private func failure(_ arguments: [String], limits: AdapterLimits = AdapterLimits(timeoutSeconds: 1)) -> AdapterFailure? {
        let adapter = AdapterExecutables.conformanceASR(arguments, limits: limits)
        do {
            _ = try adapter.transcribe(.file(mic), clock: .audio)
            XCTFail("expected an adapter failure for \(arguments)")
            return nil
        } catch let failure as AdapterFailure {
            return failure
        } catch {
            XCTFail("expected AdapterFailure, got \(error)")
            return nil
        }
    }

    /// True when no process has `pid` (reaped, not a zombie of ours).
    private func isGone(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        // A grandchild we do not parent may linger as a zombie until init
        // reaps it; it is dead all the same.
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true
    }

    func testSilenceIsATimeoutWithTheStderrTail() throws {
        let failure = try XCTUnwrap(failure(["--hang-after", "3"]))
        XCTAssertEqual(failure.kind, .timeout)
        XCTAssertEqual(failure.adapter, "conformance")
        XCTAssertTrue(failure.description.contains("ack of audio chunk 3"), failure.description)
        XCTAssertTrue(failure.stderrTail.contains("conformance-adapter: simulated hang after 3"), "\(failure.stderrTail)")
    }

    func testACrashNamesTheExitStatus() throws {
        let failure = try XCTUnwrap(failure(["--crash-after", "2"]))
        XCTAssertEqual(failure.kind, .exited)
        XCTAssertTrue(failure.problem.contains("exited with status 3"), failure.problem)
        XCTAssertEqual(failure.stderrTail.last, "conformance-adapter: simulated crash after 2")
    }

    func testGarbageOnStdoutIsBadJSON() throws {
        let failure = try XCTUnwrap(failure(["--garbage-after", "1"]))
        XCTAssertEqual(failure.kind, .badJSON)
        XCTAssertTrue(failure.problem.contains("this is not json"), failure.problem)
    }

    func testAStormOfMessagesIsAFlood() throws {
        let limits = AdapterLimits(timeoutSeconds: 5, maxMessagesPerChunk: 500)
        let failure = try XCTUnwrap(failure(["--flood-after", "1"], limits: limits))
        XCTAssertEqual(failure.kind, .flood)
        XCTAssertTrue(failure.problem.contains("more than 500 messages"), failure.problem)
    }

    func testTotalOutputIsBounded() throws {
        let limits = AdapterLimits(timeoutSeconds: 5, maxTotalBytes: 100_000, maxMessagesPerChunk: 1_000_000)
        let failure = try XCTUnwrap(failure(["--flood-after", "1"], limits: limits))
        XCTAssertEqual(failure.kind, .flood)
        XCTAssertTrue(failure.problem.contains("more than 100000 bytes"), failure.problem)
    }

    func testAnEndlessLineIsAFlood() throws {
        let limits = AdapterLimits(timeoutSeconds: 5, maxLineBytes: 200_000)
        let failure = try XCTUnwrap(failure(["--long-line-after", "1"], limits: limits))
        XCTAssertEqual(failure.kind, .flood)
        XCTAssertTrue(failure.problem.contains("longer than 200000 bytes"), failure.problem)
    }

    /// The engine's own child is in its process group and dies with it.
    func testTheWholeProcessGroupIsKilledAndReaped() throws {
        let pidFile = scratch.path("pids")
        let failure = try XCTUnwrap(failure(["--spawn-sleeper", pidFile, "--hang-after", "1"]))
        XCTAssertEqual(failure.kind, .timeout)
        let pids = try String(contentsOfFile: pidFile, encoding: .utf8).split(separator: " ")
            .compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(pids.count, 2)
        XCTAssertEqual(kill(pids[0], 0), -1, "the adapter must be reaped, not left a zombie")
        // SIGKILL delivery to the grandchild is asynchronous; give it a moment.
        for _ in 0..<100 where !isGone(pids[1]) { usleep(10_000) }
        XCTAssertTrue(isGone(pids[1]), "the adapter's child must die with its group")
    }

    func testTheStderrTailKeepsOnlyTheLastTwentyLines() throws {
        let failure = try XCTUnwrap(failure(["--stderr-lines", "50", "--crash-after", "1"]))
        XCTAssertEqual(failure.stderrTail.count, 20)
        XCTAssertEqual(failure.stderrTail.first, "conformance-adapter: stderr line 32")
        XCTAssertEqual(failure.stderrTail.last, "conformance-adapter: simulated crash after 1")
    }

    /// ~700 KB of stderr, ten times a pipe's buffer, before the first
    /// reply: drained while we wait, so the engine never blocks on it.
    func testAChattyStderrCannotDeadlockTheConversation() throws {
        let trace = try AdapterExecutables.conformanceASR(["--stderr-lines", "20000"]).transcribe(.file(mic), clock: .audio)
        XCTAssertEqual(trace.events.map(\.tMs), [100, 200, 300, 400, 500, 500])
    }

    func testAMissingProgramIsALaunchFailure() {
        let adapter = ProcessASRAdapter(name: "ghost", command: ["/nonexistent/engine"])
        XCTAssertThrowsError(try adapter.transcribe(.file(mic), clock: .audio)) { error in
            let failure = error as? AdapterFailure
            XCTAssertEqual(failure?.kind, .launch)
            XCTAssertTrue(failure?.description.contains("adapter 'ghost' failed: cannot start /nonexistent/engine") ?? false,
                          "\(error)")
        }
    }

    /// An engine that exits at once without reading: the write fails or
    /// stdout closes — either way an `exited` failure, never a SIGPIPE.
    func testAnEngineThatExitsImmediatelyIsReported() {
        let adapter = ProcessASRAdapter(name: "false", command: ["/bin/sh", "-c", "echo 'engine: no model' >&2; exit 7"],
                                        limits: AdapterLimits(timeoutSeconds: 5))
        XCTAssertThrowsError(try adapter.transcribe(.file(mic), clock: .audio)) { error in
            let failure = error as? AdapterFailure
            XCTAssertEqual(failure?.kind, .exited)
            XCTAssertEqual(failure?.stderrTail, ["engine: no model"])
            XCTAssertTrue(failure?.problem.contains("exited with status 7") ?? false, "\(error)")
        }
    }

    /// A missing mic is the fixture's error (naming the file), raised
    /// before any engine starts.
    func testAMissingMicIsAnAudioErrorNotAnAdapterFailure() {
        let adapter = ProcessASRAdapter(name: "ghost", command: ["/nonexistent/engine"])
        XCTAssertThrowsError(try adapter.transcribe(.file(scratch.path("absent.wav")), clock: .audio)) { error in
            XCTAssertEqual((error as? AudioError)?.kind, .missing)
            XCTAssertTrue("\(error)".hasPrefix(self.scratch.path("absent.wav")), "\(error)")
        }
    }

    /// A failure reads as one message an engineer can act on.
    func testTheMessageQuotesTheTail() {
        let failure = AdapterFailure(adapter: "sphinx", kind: .timeout, problem: "no reply within 30 s", stderrTail: ["a", "b"])
        XCTAssertEqual(failure.description, "adapter 'sphinx' failed: no reply within 30 s\n  stderr tail:\n  | a\n  | b")
    }
}
