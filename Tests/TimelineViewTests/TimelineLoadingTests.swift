import Foundation
import Synchronization
import XCTest
@testable import TimelineView
import StreamingMetrics
import Traces
import FixtureKit

/// Loading a fixture: adapters run once and the page shows what they
/// produced; the VAD lane shows the detector's segments or why it failed.
final class TimelineLoadingTests: XCTestCase {
    final class Calls: Sendable {
        private let names = Mutex<[String]>([])
        func record(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    func testAdapterTracesAreRunOnceAndDrawn() throws {
        let demo = try DemoFixture()
        let manifest = try String(contentsOf: demo.folder.appendingPathComponent("fixture.json"), encoding: .utf8)
            .replacingOccurrences(of: #""asr": {"trace": "asr.jsonl"}"#, with: #""asr": {"adapter": "echo-engine"}"#)
        try Data(manifest.utf8).write(to: demo.folder.appendingPathComponent("fixture.json"))
        let calls = Calls()
        let runner = FixtureRunner(
            detectSpeech: { _ in [SpeechSegment(startMs: 100, endMs: 300)] },
            asrAdapter: { name, mic in
                calls.record(name)
                XCTAssertTrue(mic.hasSuffix("/mic.wav"))
                return EmissionTrace(events: [
                    EmissionEvent(tMs: 700, kind: .partial, text: "adapter said"),
                    EmissionEvent(tMs: 900, kind: .final, text: "adapter says"),
                ])
            })
        let timeline = try Timeline.load(folder: demo.path, runner: runner)
        XCTAssertEqual(calls.all, ["echo-engine"], "one engine run feeds both the page and its metrics")
        XCTAssertEqual(timeline.utterances[0].hypotheses.map(\.text), ["adapter said", "adapter says"])
        XCTAssertEqual(timeline.metrics["asr.erased_words"], .number(1))
        XCTAssertEqual(timeline.errors, [])
        // Annotations still drive the metrics; the VAD is drawn beside them.
        XCTAssertEqual(timeline.vad, VADLane(role: "near_end", segments: [SpeechSegment(startMs: 100, endMs: 300)], failure: nil))
        XCTAssertEqual(timeline.metrics["asr.first_partial_latency_ms.p50"], .number(300))
        XCTAssertTrue(TimelinePage.render(timeline).contains("partial at 700 ms: adapter said"))
    }

    func testMissingAdapterIsAnErrorOnThePage() throws {
        let demo = try DemoFixture()
        let manifest = try String(contentsOf: demo.folder.appendingPathComponent("fixture.json"), encoding: .utf8)
            .replacingOccurrences(of: #""asr": {"trace": "asr.jsonl"}"#, with: #""asr": {"adapter": "sphinx"}"#)
        try Data(manifest.utf8).write(to: demo.folder.appendingPathComponent("fixture.json"))
        let timeline = try Timeline.load(folder: demo.path, runner: TimelinePageTests.runner)
        XCTAssertEqual(timeline.errors, [#"fixture barge-in-demo: asr.adapter "sphinx" is named but no ASR adapter is wired into this run"#])
        XCTAssertTrue(timeline.utterances.isEmpty)
        // The rest of the fixture is still drawn.
        XCTAssertEqual(timeline.requests.count, 1)
        XCTAssertEqual(timeline.tracks.map(\.role), ["mic", "far_end", "near_end"])
        XCTAssertEqual(timeline.tracks.map { $0.envelope.maximum.count }, Array(repeating: TimelineLayout.plotWidth, count: 3))
    }

    func testUnannotatedFixtureUsesTheVADForTurnsAndShowsItsFailure() throws {
        let demo = try DemoFixture()
        let manifest = try String(contentsOf: demo.folder.appendingPathComponent("fixture.json"), encoding: .utf8)
            .replacingOccurrences(of: #""speech": [[400, 2350], [3900, 5200]], "#, with: "")
        try Data(manifest.utf8).write(to: demo.folder.appendingPathComponent("fixture.json"))
        let timeline = try Timeline.load(folder: demo.path, runner: TimelinePageTests.runner)
        XCTAssertNil(timeline.annotatedSpeech)
        XCTAssertEqual(timeline.vad?.failure, "no VAD in this test")
        XCTAssertEqual(timeline.turns?.onsetsMs, [])
        XCTAssertEqual(timeline.errors.count, 1)
        XCTAssertTrue(timeline.errors[0].contains("speech detection on"), timeline.errors[0])
    }

    func testUnusableManifestThrowsNamingTheFile() throws {
        let demo = try DemoFixture()
        try Data("{".utf8).write(to: demo.folder.appendingPathComponent("fixture.json"))
        XCTAssertThrowsError(try Timeline.load(folder: demo.path, runner: TimelinePageTests.runner)) { error in
            XCTAssertTrue("\(error)".contains("fixture.json"), "\(error)")
        }
    }
}
