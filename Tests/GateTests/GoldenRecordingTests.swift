import FixtureKit
import Foundation
import Gate
import StreamingMetrics
import XCTest

/// Goldens are canonical (a re-record without change is byte-identical),
/// written atomically (no temp file left), and a corrupt golden is an
/// error left exactly as it was, even under `--record all`.
final class GoldenRecordingTests: XCTestCase {
    let metrics: MetricSet = ["tts.first_audio_byte_ms.p95": .number(350.25), "snr.bucket": .string("10-15"),
                              "asr.wer": .null, "asr.partial_churn": .number(0.1 + 0.2)]

    func testCanonicalTextIsSortedAndFixedPrecision() {
        let text = Golden(fixture: "f", metrics: metrics).serialized
        XCTAssertEqual(text, """
        {
          "fixture": "f",
          "metrics": {
            "asr.partial_churn": 0.3,
            "asr.wer": null,
            "snr.bucket": "10-15",
            "tts.first_audio_byte_ms.p95": 350.25
          },
          "metrics_version": "2",
          "schema": "golden/v1"
        }

        """)
    }

    func testReRecordingWithoutChangeIsByteIdentical() throws {
        let dir = try GateScratch()
        try dir.addFixture("f")
        let results = ["f": FixtureResult(id: "f", metrics: metrics)]
        let first = try dir.check(results, record: .all)
        XCTAssertTrue(first.fixtures[0].recorded)
        let path = dir.goldens + "/f.json"
        let bytes = try XCTUnwrap(dir.contents(path))
        let second = try dir.check(results, record: .all)
        XCTAssertEqual(second.fixtures[0].status, .pass)
        XCTAssertFalse(second.fixtures[0].recorded, "nothing changed, nothing written")
        XCTAssertEqual(dir.contents(path), bytes)
        // The stored golden reads back to what was measured.
        guard case .found(let golden) = GoldenStore(directory: dir.goldens).lookup("f") else { return XCTFail("golden not found") }
        XCTAssertEqual(golden.metrics, GateEvaluation.storedPrecision(metrics))
    }

    func testAtomicWriteLeavesNoTempFile() throws {
        let dir = try GateScratch()
        let store = GoldenStore(directory: dir.goldens)
        try store.write(Golden(fixture: "a", metrics: metrics))
        try store.write(Golden(fixture: "a", metrics: ["x": .number(1)]))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.goldens), ["a.json"])
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.contents(store.path(for: "a"))), as: UTF8.self),
                       Golden(fixture: "a", metrics: ["x": .number(1)]).serialized)
    }

    func testFailedWriteLeavesNoTempFileAndNamesThePath() throws {
        let dir = try GateScratch()
        // A folder where the golden file should be: rename must fail.
        let path = dir.goldens + "/a.json"
        try FileManager.default.createDirectory(atPath: path + "/blocker", withIntermediateDirectories: true)
        XCTAssertThrowsError(try GoldenStore(directory: dir.goldens).write(Golden(fixture: "a", metrics: metrics))) {
            XCTAssertTrue("\($0)".contains(path), "\($0)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.goldens), ["a.json"])
    }

    func testCorruptGoldenIsAnErrorAndUntouchedEvenUnderRecordAll() throws {
        let dir = try GateScratch()
        let corrupt: [String: String] = [
            "truncated": "{\"schema\": \"golden/v1\", \"fixture\": \"truncated\", \"metr",
            "wrong-schema": "{\"schema\": \"golden/v0\", \"fixture\": \"wrong-schema\", \"metrics_version\": \"1\", \"metrics\": {}}",
            "wrong-id": "{\"schema\": \"golden/v1\", \"fixture\": \"other\", \"metrics_version\": \"1\", \"metrics\": {}}",
            "bad-value": "{\"schema\": \"golden/v1\", \"fixture\": \"bad-value\", \"metrics_version\": \"1\", \"metrics\": {\"x\": [1]}}",
        ]
        var results: [String: FixtureResult] = [:]
        for (id, text) in corrupt {
            try dir.addFixture(id)
            try dir.write(text, to: dir.goldens + "/\(id).json")
            results[id] = FixtureResult(id: id, metrics: metrics)
        }
        let report = try dir.check(results, record: .all)
        for verdict in report.fixtures {
            XCTAssertEqual(verdict.status, .error, verdict.id)
            XCTAssertFalse(verdict.recorded, verdict.id)
            XCTAssertTrue(verdict.errors.contains { $0.contains(dir.goldens + "/\(verdict.id).json") }, "\(verdict.errors)")
            XCTAssertEqual(dir.contents(dir.goldens + "/\(verdict.id).json"), Data(corrupt[verdict.id]!.utf8), verdict.id)
        }
        XCTAssertEqual(report.exitCode, 2)
    }

    func testArtifactsHoldTheActualMetricsOfFailingFixturesOnly() throws {
        let dir = try GateScratch()
        for id in ["ok", "bad", "new"] { try dir.addFixture(id) }
        let store = GoldenStore(directory: dir.goldens)
        try store.write(Golden(fixture: "ok", metrics: ["x": .number(1)]))
        try store.write(Golden(fixture: "bad", metrics: ["x": .number(1)]))
        let results = ["ok": FixtureResult(id: "ok", metrics: ["x": .number(1)]),
                       "bad": FixtureResult(id: "bad", metrics: ["x": .number(2)]),
                       "new": FixtureResult(id: "new", metrics: ["x": .number(3)])]
        let report = try dir.check(results, record: .never, artifacts: true)
        XCTAssertEqual(report.fixtures.map(\.status), [.regression, .missingGolden, .pass])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.artifacts).sorted(), ["bad.actual.json", "new.actual.json"])
        XCTAssertEqual(String(decoding: try XCTUnwrap(dir.contents(dir.artifacts + "/bad.actual.json")), as: UTF8.self),
                       Golden(fixture: "bad", metrics: ["x": .number(2)]).serialized)
    }
}
