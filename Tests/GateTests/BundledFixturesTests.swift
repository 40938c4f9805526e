import FileFormats
import FixtureAudio
import FixtureKit
import Foundation
import Gate
import StreamingMetrics
import Traces
import XCTest

/// The bundled seed-incident fixtures and `Goldens/tolerances.json`: valid
/// manifests with lawful provenance and short 16 kHz mono audio, a
/// regressed twin for every fixture, and tolerances under which each
/// incident's regressed numbers fail on the metric that names it.
final class BundledFixturesTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let incidents = ["asr-partial-churn-001", "tts-first-byte-001", "rag-ungrounded-001", "asr-cost-cut-clean-001",
                     "asr-cost-cut-noisy-accent-001", "barge-in-sdk-echo-001", "lang-mix-en-us-001", "lang-mix-hi-in-001",
                     "lang-mix-es-us-001"]

    func manifest(_ folder: String, _ id: String) throws -> JSONValue {
        try JSONValue.parse(data: Data(contentsOf: root.appendingPathComponent("\(folder)/\(id)/fixture.json")))
    }

    func recipeFixtureIDs() throws -> Set<String> {
        let recipes = root.appendingPathComponent("Fixtures/recipes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: recipes.path)) ?? []
        return Set(try names.filter { $0.hasSuffix(".json") }.compactMap {
            try JSONValue.parse(data: Data(contentsOf: recipes.appendingPathComponent($0)))["id"]?.stringValue
        })
    }

    func testManifestsAndAudio() throws {
        var totalBytes = 0
        for folder in ["Fixtures", "Regressions"] {
            // Fixtures/ also holds the fixtures `fixture-check synth` makes
            // from Fixtures/recipes (checked by SynthesisTests); they have
            // no regressed twin.
            let recipeMade = folder == "Fixtures" ? try recipeFixtureIDs() : []
            XCTAssertEqual(Set(try FixtureFolders.ids(in: root.appendingPathComponent(folder).path)), Set(incidents).union(recipeMade), folder)
            for id in incidents {
                let m = try manifest(folder, id)
                XCTAssertEqual(m["schema"], .string("fixture/v1"), id)
                XCTAssertEqual(m["id"], .string(id), id)
                XCTAssertEqual(m["provenance"]?["kind"], .string("synthetic"), id)
                XCTAssertTrue(m["description"]?.stringValue?.contains("Incident ") ?? false, id)
                XCTAssertNotNil(m["annotations"]?["reference"]?.stringValue, id)
                for (_, file) in m["audio"]?.objectValue ?? [:] {
                    let path = root.appendingPathComponent("\(folder)/\(id)/\(file.stringValue ?? "")").path
                    let reader = try AudioReader(path: path)
                    defer { reader.close() }
                    XCTAssertEqual(reader.info.sampleRate, 16_000, path)
                    XCTAssertEqual(reader.info.channels, 1, path)
                    XCTAssertEqual(reader.info.subtype, "PCM_16", path)
                    XCTAssertTrue((2.0...8.0).contains(reader.info.durationSeconds), "\(path): \(reader.info.durationSeconds) s")
                    totalBytes += Int(reader.info.frames) * 2
                }
            }
        }
        XCTAssertLessThan(totalBytes, 4_000_000, "bundled audio stays small")
    }

    func testBundledTolerancesParse() throws {
        let table = try ToleranceTable.load(path: root.appendingPathComponent("Goldens/tolerances.json").path)
        XCTAssertEqual(table.tolerance(for: "asr.first_stable_token_latency_ms.p95").pattern, "asr.*latency*")
        XCTAssertEqual(table.tolerance(for: "echo.erle_db").direction, .higherIsBetter)
        XCTAssertEqual(table.tolerance(for: "rag.query_count").direction, .exact)
        XCTAssertEqual(table.tolerance(for: "snr.bucket"), .default)
    }

    /// Healthy → regressed values of each incident, computed by hand from
    /// the traces (and cross-checked by Scripts/fixtures/reference_metrics.py).
    func testEachRegressionFailsOnItsMetric() throws {
        let table = try ToleranceTable.load(path: root.appendingPathComponent("Goldens/tolerances.json").path)
        let cases: [(String, MetricSet, MetricSet, Set<String>)] = [
            // 7 revisions, 23 erased words over a 10-word final; first stable token 300 → 2376 ms.
            ("churn", ["asr.partial_churn": .number(0), "asr.revisions": .number(0), "asr.first_stable_token_latency_ms.max": .number(300), "asr.wer": .number(0)],
             ["asr.partial_churn": .number(2.3), "asr.revisions": .number(7), "asr.first_stable_token_latency_ms.max": .number(2376), "asr.wer": .number(0)],
             ["asr.partial_churn", "asr.revisions", "asr.first_stable_token_latency_ms.max"]),
            ("tts", ["tts.first_audio_byte_ms.p95": .number(350), "tts.underrun_count": .number(0)],
             ["tts.first_audio_byte_ms.p95": .number(1400), "tts.underrun_count": .number(36)],
             ["tts.first_audio_byte_ms.p95", "tts.underrun_count"]),
            ("rag", ["rag.grounded_answer_rate": .number(1), "rag.topk_overlap": .number(1), "rag.query_count": .number(3)],
             ["rag.grounded_answer_rate": .number(0), "rag.topk_overlap": .number(0.5), "rag.query_count": .number(3)],
             ["rag.grounded_answer_rate", "rag.topk_overlap"]),
            // 1/11 → 9/11 on the noisy accented slice; the clean control is unchanged.
            ("noisy", ["asr.wer": .number(1.0 / 11)], ["asr.wer": .number(9.0 / 11)], ["asr.wer"]),
            ("barge-in", ["barge_in.count": .number(1), "barge_in.missed": .number(0), "barge_in.latency_ms.max": .number(280), "turns.overlap_ms": .number(280)],
             ["barge_in.count": .number(1), "barge_in.missed": .number(1), "barge_in.latency_ms.max": .number(3089), "turns.overlap_ms": .number(1900)],
             ["barge_in.missed", "barge_in.latency_ms.max", "turns.overlap_ms"]),
            ("hi-IN", ["asr.wer": .number(0)], ["asr.wer": .number(0.375)], ["asr.wer"]),
        ]
        for (name, golden, actual, failing) in cases {
            let diffs = MetricComparison.diffs(golden: golden, actual: actual, tolerances: table)
            XCTAssertEqual(Set(diffs.map(\.metric)), failing, name)
            XCTAssertTrue(diffs.allSatisfy { $0.kind == .regression }, "\(name): \(diffs.map(\.text))")
        }
    }
}
