import Adapters
import CLITestSupport
import FileFormats
import FixtureAudio
import FixtureKit
import Foundation
import Gate
import StreamingMetrics
import Traces
import XCTest

/// Every input kept in Corpus/<target>/ — crash reproducers from
/// Scripts/fuzz and hand-made hostile inputs — goes through the same reader
/// as its fuzz target (Fuzz/Sources/fixture-fuzz) and must end in a value or
/// a thrown error: a trap here kills the test run.
final class FuzzCorpusRegressionTests: XCTestCase {
    private static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    private func inputs(_ target: String) throws -> [(name: String, data: Data)] {
        let folder = Self.corpus.appendingPathComponent(target)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return try names.sorted().map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    func testTheCorpusHasAFolderPerReader() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        XCTAssertEqual(folders, ["audio", "emission", "json", "manifest", "synthesis", "tolerances", "turns"])
    }

    func testJSONInputs() throws {
        for (name, data) in try inputs("json") {
            if let value = try? JSONValue.parse(data: data) {
                XCTAssertNoThrow(try JSONValue.parse(value.serialized()), "\(name): canonical output does not parse")
            }
        }
    }

    func testTraceInputs() throws {
        let speech = [SpeechSegment(startMs: 0, endMs: 1000)]
        for (name, data) in try inputs("emission") {
            if let trace = try? EmissionTrace.decode(data: data, file: name) {
                assertFinite(ASRMetrics.metrics(trace, segments: speech, reference: "turn left"), name)
            }
        }
        for (name, data) in try inputs("synthesis") {
            if let trace = try? SynthesisTrace.decode(data: data, file: name) {
                assertFinite(SynthesisMetrics.metrics(trace, startDelayMs: 20), name)
            }
        }
        for (name, data) in try inputs("turns") {
            if let log = try? TurnLog.decode(data: data, file: name),
               let metrics = try? TurnTakingMetrics.metrics(log, segments: [SpeechSegment(startMs: 100, endMs: 900)]) {
                assertFinite(metrics, name)
            }
        }
    }

    func testManifestAndToleranceInputs() throws {
        let scratch = try TemporaryDirectory()
        for file in ["mic.wav", "asr.jsonl"] { XCTAssertTrue(FileManager.default.createFile(atPath: scratch.path(file), contents: Data("x".utf8))) }
        for (_, data) in try inputs("manifest") {
            if let json = try? JSONValue.parse(data: data) {
                _ = try? FixtureManifest.decode(json, folder: scratch.url.path, file: "fixture.json")
            }
        }
        for (_, data) in try inputs("tolerances") {
            if let json = try? JSONValue.parse(data: data) { _ = try? ToleranceTable(json: json, path: "tolerances.json") }
        }
    }

    func testAudioInputs() throws {
        let scratch = try TemporaryDirectory()
        for (name, data) in try inputs("audio") {
            let path = scratch.path(name)
            try data.write(to: URL(fileURLWithPath: path))
            do {
                let reader = try AudioReader(path: path)
                var frames = 0
                try reader.forEachMonoBlock(blockFrames: 4096) { frames += $0.count }
                XCTAssertLessThanOrEqual(Int64(frames), reader.info.frames, name)
            } catch let error as AudioError {
                XCTAssertEqual(error.path, path, "\(name): the error must name the file")
            }
        }
    }

    private func assertFinite(_ metrics: MetricSet, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        for (metric, value) in metrics {
            if case .number(let n) = value { XCTAssertTrue(n.isFinite, "\(name): \(metric) is \(n)", file: file, line: line) }
        }
    }
}
