import FixtureKit
import Foundation
import StreamingMetrics
import Traces
import Synchronization
import XCTest

/// `FixtureRunner` turns a fixture folder into a `FixtureResult`, with the
/// VAD and adapters injected as closures.
final class FixtureRunnerTests: XCTestCase {
    /// A VAD that must not be reached: the fixtures annotate speech.
    let noVAD: FixtureRunner.SpeechDetector = { path in
        XCTFail("VAD run on \(path) although speech is annotated")
        return []
    }

    func bargeInFixture(asrTrace: String? = nil) throws -> FixtureFolder {
        let fx = try FixtureFolder(name: "barge-in-001")
        try fx.writeAudio("mic.wav", seconds: 3)
        try fx.write("asr.jsonl", asrTrace ?? """
        {"t_ms": 620, "kind": "partial", "text": "stop"}
        {"t_ms": 900, "kind": "partial", "text": "Stop please"}
        {"t_ms": 1400, "kind": "final", "text": "stop please"}
        """)
        try fx.write("tts.jsonl", """
        {"t_ms": 0, "req": 0, "kind": "request", "text": "Here is the weather"}
        {"t_ms": 300, "req": 0, "kind": "chunk", "duration_ms": 200}
        {"t_ms": 600, "req": 0, "kind": "chunk", "samples": 4800, "sample_rate": 24000}
        {"t_ms": 700, "req": 0, "kind": "end"}
        """)
        try fx.write("turns.jsonl", """
        {"t_ms": 300, "kind": "tts_play_start"}
        {"t_ms": 700, "kind": "vad_start"}
        {"t_ms": 900, "kind": "tts_play_stop", "reason": "cancel"}
        """)
        try fx.manifest("""
        "schema": "fixture/v1", "id": "barge-in-001", "provenance": {"kind": "synthetic"},
        "slices": {"sdk": "4.2"},
        "audio": {"mic": "mic.wav"},
        "annotations": {"speech": [[500, 1200]], "reference": "Stop, please."},
        "asr": {"trace": "asr.jsonl"}, "tts": {"trace": "tts.jsonl", "start_delay_ms": 50},
        "turns": {"trace": "turns.jsonl"}, "budgets": {"barge_in_ms": 400}
        """)
        return fx
    }

    func testRecordedFixtureReportsEveryPart() throws {
        let fx = try bargeInFixture()
        let result = FixtureRunner(detectSpeech: noVAD).run(folder: fx.path).result
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.id, "barge-in-001")
        XCTAssertEqual(result.slices, ["sdk": "4.2", "duration_bucket": "2-5s"])
        let m = result.metrics
        XCTAssertMetric(m, "audio.duration_s", 3)
        // [stop | Stop please | stop please]: erased 1 + 2 = 3 over 2 words; WER 0 after normalization
        XCTAssertMetric(m, "asr.partial_churn", 1.5)
        XCTAssertMetric(m, "asr.revisions", 2)
        XCTAssertMetric(m, "asr.first_partial_latency_ms.p50", 120)
        XCTAssertMetric(m, "asr.first_stable_token_latency_ms.p50", 900)   // only the final starts with "stop"
        XCTAssertMetric(m, "asr.finalization_delay_ms.max", 200)
        XCTAssertMetric(m, "asr.wer", 0)
        // chunks 200 ms at 300 and 200 ms at 600; t0 = 350 → ends 550; 600 > 550 → underrun 50
        XCTAssertMetric(m, "tts.first_audio_byte_ms.p50", 300)
        XCTAssertMetric(m, "tts.underrun_ms", 50)
        XCTAssertMetric(m, "tts.rtf.p50", 700.0 / 400.0)
        // onset 500 in playback [300, 900), cancelled: latency 400 = budget → success
        XCTAssertMetric(m, "barge_in.count", 1)
        XCTAssertMetric(m, "barge_in.latency_ms.p50", 400)
        XCTAssertMetric(m, "barge_in.missed", 0)
        XCTAssertMetric(m, "barge_in.false", 0)
        XCTAssertMetric(m, "turns.overlap_ms", 400)
    }

    func testBrokenTraceErrorsWithoutHidingTheOtherParts() throws {
        let fx = try bargeInFixture(asrTrace: """
        {"t_ms": 620, "kind": "partial", "text": "stop"}
        {"t_ms": 600, "kind": "final", "text": "stop please"}
        """)
        let result = FixtureRunner(detectSpeech: noVAD).run(folder: fx.path).result
        XCTAssertEqual(result.errors.count, 1)
        XCTAssertTrue(result.errors[0].hasPrefix(fx.path + "/asr.jsonl:2: time goes backwards"), result.errors[0])
        XCTAssertNil(result.metrics["asr.partial_churn"])
        XCTAssertMetric(result.metrics, "tts.underrun_ms", 50)
        XCTAssertMetric(result.metrics, "barge_in.count", 1)
    }

    func testVADRunsOnNearEndElseMicWhenSpeechIsNotAnnotated() throws {
        for nearEnd in [false, true] {
            let fx = try FixtureFolder()
            try fx.writeAudio("mic.wav")
            if nearEnd { try fx.writeAudio("near.wav") }
            try fx.write("asr.jsonl", #"{"t_ms": 900, "kind": "final", "text": "hello"}"#)
            try fx.manifest("""
            "schema": "fixture/v1", "id": "vad", "provenance": {"kind": "synthetic"},
            "audio": {"mic": "mic.wav"\(nearEnd ? #", "near_end": "near.wav""# : "")}, "asr": {"trace": "asr.jsonl"}
            """)
            let seen = Locked<[String]>([])
            let runner = FixtureRunner(detectSpeech: { path in
                seen.update { $0.append((path as NSString).lastPathComponent) }
                return [SpeechSegment(startMs: 200, endMs: 800)]
            })
            let result = runner.run(folder: fx.path).result
            XCTAssertEqual(seen.value, [nearEnd ? "near.wav" : "mic.wav"])
            XCTAssertEqual(result.errors, [])
            XCTAssertMetric(result.metrics, "asr.finalization_delay_ms.p50", 100)
        }
    }

    func testFailedVADIsAnErrorButChurnIsStillReported() throws {
        let fx = try FixtureFolder()
        try fx.writeAudio("mic.wav")
        try fx.write("asr.jsonl", """
        {"t_ms": 500, "kind": "partial", "text": "a b"}
        {"t_ms": 900, "kind": "final", "text": "a c"}
        """)
        try fx.write("turns.jsonl", #"{"t_ms": 0, "kind": "vad_start"}"#)
        try fx.manifest("""
        "schema": "fixture/v1", "id": "novad", "provenance": {"kind": "synthetic"},
        "audio": {"mic": "mic.wav"}, "asr": {"trace": "asr.jsonl"}, "turns": {"trace": "turns.jsonl"}
        """)
        struct Unavailable: Error, CustomStringConvertible { var description: String { "no VAD here" } }
        let result = FixtureRunner(detectSpeech: { _ in throw Unavailable() }).run(folder: fx.path).result
        XCTAssertEqual(result.errors.count, 1, "one VAD failure, reported once though two parts needed speech")
        XCTAssertTrue(result.errors[0].contains("no VAD here"), result.errors[0])
        XCTAssertMetric(result.metrics, "asr.partial_churn", 0.5)
        XCTAssertMetric(result.metrics, "asr.first_partial_latency_ms.p50", nil)
        XCTAssertNil(result.metrics["barge_in.count"])
    }

    func adapterFixture() throws -> FixtureFolder {
        let fx = try FixtureFolder()
        try fx.writeAudio("mic.wav")
        try fx.manifest("""
        "schema": "fixture/v1", "id": "live", "provenance": {"kind": "synthetic"},
        "audio": {"mic": "mic.wav"}, "annotations": {"speech": [[100, 600]]},
        "asr": {"adapter": "sphinx"},
        "tts": {"adapter": "espeak", "requests": [{"t_ms": 0, "text": "Hello there"}]}
        """)
        return fx
    }

    func testAdapterNamedButNotWiredIsAnError() throws {
        let fx = try adapterFixture()
        let result = FixtureRunner(detectSpeech: noVAD).run(folder: fx.path).result
        XCTAssertEqual(result.errors.count, 2)
        XCTAssertTrue(result.errors[0].contains("asr.adapter \"sphinx\""), result.errors[0])
        XCTAssertTrue(result.errors[1].contains("tts.adapter \"espeak\""), result.errors[1])
    }

    func testWiredAdaptersProduceTheTraces() throws {
        let fx = try adapterFixture()
        let calls = Locked<[String]>([])
        let runner = FixtureRunner(
            detectSpeech: noVAD,
            asrAdapter: { name, mic in
                calls.update { $0.append("\(name) \((mic as NSString).lastPathComponent)") }
                return EmissionTrace(events: [EmissionEvent(tMs: 700, kind: .final, text: "hello")])
            },
            ttsAdapter: { name, requests in
                calls.update { $0.append("\(name) \(requests.map(\.text))") }
                return SynthesisTrace(events: [
                    SynthesisEvent(tMs: 0, kind: .request(text: requests[0].text)),
                    SynthesisEvent(tMs: 250, kind: .chunk(durationMs: 500)),
                ])
            })
        let result = runner.run(folder: fx.path).result
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(calls.value, ["sphinx mic.wav", "espeak [\"Hello there\"]"])
        XCTAssertMetric(result.metrics, "asr.finalization_delay_ms.p50", 100)
        XCTAssertMetric(result.metrics, "tts.first_audio_byte_ms.p50", 250)
    }

    func testDerivedSlicesComeFromTheFeatures() throws {
        let fx = try FixtureFolder()
        try fx.write("mic.wav", "")
        try fx.manifest(#""schema": "fixture/v1", "id": "s", "provenance": {"kind": "synthetic"}, "slices": {"noise": "street", "snr_bucket": "stale"}, "audio": {"mic": "mic.wav"}"#)
        let runner = FixtureRunner(detectSpeech: noVAD, measureFeatures: { _ in
            ["snr.db": .number(12.5), "snr.bucket": .string("10-15"), "audio.duration_s": .number(61)]
        })
        let result = runner.run(folder: fx.path).result
        XCTAssertEqual(result.slices, ["noise": "street", "snr_bucket": "10-15", "duration_bucket": ">=60s"])
        XCTAssertEqual(result.errors, [])
    }

    func testUnreadableAudioAndMissingManifestAreErrors() throws {
        let fx = try FixtureFolder(name: "broken")
        try fx.write("mic.wav", "not audio")
        try fx.manifest(#""schema": "fixture/v1", "id": "b", "provenance": {"kind": "synthetic"}, "audio": {"mic": "mic.wav"}"#)
        let result = FixtureRunner(detectSpeech: noVAD).run(folder: fx.path).result
        XCTAssertEqual(result.errors.count, 1)
        XCTAssertTrue(result.errors[0].contains("mic.wav"), result.errors[0])

        let empty = try FixtureFolder(name: "no-manifest")
        let missing = FixtureRunner(detectSpeech: noVAD).run(folder: empty.path).result
        XCTAssertEqual(missing.id, "no-manifest")
        XCTAssertTrue(missing.errors[0].contains("fixture.json"), missing.errors[0])
    }

    func testSeveralFoldersKeepTheirOrder() throws {
        let a = try bargeInFixture(), b = try FixtureFolder(name: "zzz")
        let report = FixtureRunner(detectSpeech: noVAD).run(folders: [b.path, a.path, b.path])
        XCTAssertEqual(report.fixtures.map(\.id), ["zzz", "barge-in-001", "zzz"])
        XCTAssertTrue(report.hasErrors)
        XCTAssertEqual(report.metricsVersion, metricsVersion)
    }
}

/// A value shared with `@Sendable` closures under a lock.
final class Locked<Value: Sendable>: Sendable {
    private let stored: Mutex<Value>
    init(_ value: Value) { stored = Mutex(value) }
    var value: Value { stored.withLock { $0 } }
    func update(_ body: (inout Value) -> Void) { stored.withLock { body(&$0) } }
}

/// Asserts a metric is the number `expected` (within 1e-9) or null when nil.
func XCTAssertMetric(_ metrics: MetricSet, _ name: String, _ expected: Double?, file: StaticString = #filePath, line: UInt = #line) {
    guard let value = metrics[name] else { return XCTFail("no metric \(name)", file: file, line: line) }
    guard let expected else { return XCTAssertEqual(value, .null, name, file: file, line: line) }
    guard let actual = value.number else { return XCTFail("\(name) is \(value), expected \(expected)", file: file, line: line) }
    XCTAssertEqual(actual, expected, accuracy: 1e-9, name, file: file, line: line)
}
