import Foundation
import FoundationXML
import XCTest
import FixtureKit
import StreamingMetrics
import Traces
@testable import TimelineView

/// Issue 19: the label layout pass (no text over another, none outside the
/// drawing), zoomed axes, signed numbers, the retrieval lane, the cancel
/// that ends TTS playback, and lanes that say why they are missing. The
/// browser measures the same in `Scripts/check-pages`; these run without one.
final class TimelineLayoutTests: XCTestCase {
    static let runner = TimelinePageTests.runner

    /// Every pair of text boxes the drawing recorded, and every box inside it.
    func assertNoCollisions(_ timeline: Timeline, file: StaticString = #filePath, line: UInt = #line) {
        let canvas = TimelinePage.drawing(timeline)
        let boxes = canvas.textBoxes
        XCTAssertFalse(boxes.isEmpty, file: file, line: line)
        for box in boxes {
            XCTAssertTrue(box.x0 >= 0 && box.x1 <= TimelineLayout.width && box.y0 >= 0 && box.y1 <= canvas.y + 8,
                          "outside the drawing: \(box)", file: file, line: line)
        }
        let sorted = boxes.sorted { $0.x0 < $1.x0 }
        var overlaps = 0
        for i in sorted.indices {
            var j = i + 1
            while j < sorted.count && sorted[j].x0 < sorted[i].x1 {
                if sorted[i].overlap(sorted[j]) > 0.01 { overlaps += 1 }
                j += 1
            }
        }
        XCTAssertEqual(overlaps, 0, "overlapping text boxes", file: file, line: line)
    }

    /// The demo with its traces replaced.
    func demo(asr: String? = nil, tts: String? = nil, turns: String? = nil, rag: String? = nil,
              manifestEdit: ((String) -> String)? = nil) throws -> (DemoFixture, Timeline) {
        let demo = try DemoFixture()
        func write(_ name: String, _ text: String?) throws {
            guard let text else { return }
            try Data(text.utf8).write(to: demo.folder.appendingPathComponent(name))
        }
        try write("asr.jsonl", asr)
        try write("tts.jsonl", tts)
        try write("turns.jsonl", turns)
        try write("rag.jsonl", rag)
        if let manifestEdit {
            let url = demo.folder.appendingPathComponent("fixture.json")
            try Data(manifestEdit(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
        }
        return (demo, try Timeline.load(folder: demo.path, runner: Self.runner))
    }

    func testDemoHasNoCollidingText() throws {
        let (_, timeline) = try demo()
        assertNoCollisions(timeline)
    }

    /// 1,800 hypotheses (some longer than the plot), 20 requests that starve,
    /// 6 barge-ins (missed ones) and false barge-ins at the same instants.
    func testStressTimelineHasNoCollidingText() throws {
        var asr: [String] = []
        for u in 0..<60 {
            for h in 0..<30 {
                let words = Array(repeating: "word\(h)", count: u % 10 == 9 ? 60 : 1 + h / 3).joined(separator: " ")
                asr.append(#"{"t_ms": \#(100 + u * 100 + h), "utt": \#(u), "kind": "\#(h == 29 ? "final" : "partial")", "text": "\#(words)"}"#)
            }
        }
        var tts: [String] = []
        for r in 0..<20 {
            var t = 200 + r * 300
            tts.append(#"{"t_ms": \#(t), "req": \#(r), "kind": "request", "text": "request \#(r) with a text far longer than the room at the right edge of the plot"}"#)
            for c in 0..<12 {
                t += 40 + (c % 2) * 60
                tts.append(#"{"t_ms": \#(t), "req": \#(r), "kind": "chunk", "duration_ms": 40}"#)
            }
        }
        var turns: [String] = []
        for b in 0..<6 {
            let start = 300 + b * 1000
            turns.append(#"{"t_ms": \#(start), "kind": "tts_play_start"}"#)
            turns.append(#"{"t_ms": \#(start + 800 + b * 50), "kind": "tts_play_stop", "reason": "cancel"}"#)
        }
        let (_, timeline) = try demo(asr: asr.joined(separator: "\n"), tts: tts.sortedByTime().joined(separator: "\n"),
                                     turns: turns.joined(separator: "\n"))
        XCTAssertEqual(timeline.utterances.flatMap(\.hypotheses).count, 1800)
        XCTAssertEqual(timeline.requests.count, 20)
        // Each request is a sliver of the axis: its lanes zoom to it.
        XCTAssertTrue(TimelinePage.zoomsRequests(timeline, axis: TimelinePage.windows(timeline).agent))
        XCTAssertTrue(TimelinePage.render(timeline).contains(">all requests<"))
        assertNoCollisions(timeline)
    }

    func testAudioZoomsWhenTheAgentRunsFarPastIt() throws {
        let tts = """
        {"t_ms": 2400, "req": 0, "kind": "request", "text": "late"}
        {"t_ms": 58000, "req": 0, "kind": "chunk", "duration_ms": 200}
        """
        let (_, timeline) = try demo(tts: tts)
        let windows = TimelinePage.windows(timeline)
        XCTAssertTrue(windows.zoomed)
        XCTAssertEqual(windows.user.endMs, DemoFixture.durationMs, accuracy: 1)
        XCTAssertEqual(windows.agent.endMs, 58_200, accuracy: 1)
        let page = TimelinePage.render(timeline)
        XCTAssertTrue(page.contains(">full span<"))
        assertNoCollisions(timeline)
        // The demo alone does not zoom, nor does its one request.
        let plain = try demo().1
        XCTAssertFalse(TimelinePage.windows(plain).zoomed)
        XCTAssertFalse(TimelinePage.zoomsRequests(plain, axis: TimelinePage.windows(plain).agent))
    }

    func testSignedNumbersAreSigned() {
        XCTAssertEqual(TimelinePage.signed(-540), "\u{2212}540 ms")
        XCTAssertEqual(TimelinePage.signed(-1666.75), "\u{2212}1666.8 ms")
        XCTAssertEqual(TimelinePage.signed(200), "+200 ms")
        XCTAssertEqual(TimelinePage.duration(350), "350 ms")
        XCTAssertEqual(TimelinePage.duration(-20), "\u{2212}20 ms")
    }

    func testEarlyFinalReadsAsANegativeDelayNeverPlusMinus() throws {
        // The final before the speech ends (the echo fixture's case).
        let asr = """
        {"t_ms": 500, "utt": 0, "kind": "partial", "text": "so"}
        {"t_ms": 900, "utt": 0, "kind": "final", "text": "so"}
        """
        let (_, timeline) = try demo(asr: asr)
        let page = TimelinePage.render(timeline)
        XCTAssertFalse(page.contains("+-"), "a negative number printed after a plus sign")
        XCTAssertTrue(page.contains("final \u{2212}1450 ms from speech end"))
        XCTAssertTrue(page.contains("first stable token +100 ms from speech start"))
    }

    func testCancelEndsTTSPlayback() {
        let lane = RequestLane(req: 0, chunks: [], playing: [TimeSpan(startMs: 0, endMs: 500), TimeSpan(startMs: 700, endMs: 1500)],
                               underruns: [TimeSpan(startMs: 500, endMs: 700), TimeSpan(startMs: 1200, endMs: 1300)])
        let cut = Timeline.cutAtCancels([lane], playback: [PlaybackInterval(startMs: 0, stopMs: 900, reason: .cancel)])[0]
        XCTAssertEqual(cut.cancelledMs, 900)
        XCTAssertEqual(cut.playing, [TimeSpan(startMs: 0, endMs: 500), TimeSpan(startMs: 700, endMs: 900)])
        XCTAssertEqual(cut.unplayed, [TimeSpan(startMs: 900, endMs: 1500)])
        XCTAssertEqual(cut.underruns, [TimeSpan(startMs: 500, endMs: 700)])
        // A complete stop cuts nothing.
        let kept = Timeline.cutAtCancels([lane], playback: [PlaybackInterval(startMs: 0, stopMs: 900, reason: .complete)])[0]
        XCTAssertEqual(kept, lane)
    }

    func testDemoPlaybackStopsAtTheLoggedCancel() throws {
        let (_, timeline) = try demo()
        // The turn log cancels at 4250 ms; the model alone plays to 4300 ms.
        XCTAssertEqual(timeline.requests[0].cancelledMs, 4250)
        XCTAssertEqual(timeline.requests[0].playing.last?.endMs, 4250)
        XCTAssertEqual(timeline.requests[0].unplayed, [TimeSpan(startMs: 4250, endMs: 4300)])
        // The metrics are the run's, untouched by the page.
        XCTAssertEqual(timeline.metrics["tts.underrun_ms"], .number(350))
    }

    func testRetrievalLaneExplainsGrounding() throws {
        let rag = """
        {"schema": "rag/v1"}
        {"t_ms": 2710, "query": 0, "kind": "query", "text": "turn left at the light", "expected": ["kb-1"]}
        {"t_ms": 2800, "query": 0, "kind": "retrieval", "docs": ["kb-2", "kb-3"]}
        {"t_ms": 3000, "query": 0, "kind": "answer", "text": "a", "citations": ["kb-9"]}
        {"t_ms": 5450, "query": 1, "kind": "query", "text": "stop please"}
        {"t_ms": 5500, "query": 1, "kind": "retrieval", "docs": ["kb-4"]}
        {"t_ms": 5600, "query": 1, "kind": "answer", "text": "b", "citations": ["kb-4"]}
        """
        let (_, timeline) = try demo(rag: rag) { $0.replacingOccurrences(of: #""turns": {"trace": "turns.jsonl"},"#,
                                                                           with: #""turns": {"trace": "turns.jsonl"}, "rag": {"trace": "rag.jsonl", "k": 2},"#) }
        XCTAssertEqual(timeline.retrieval?.queries.count, 2)
        XCTAssertEqual(timeline.retrievalTopK, 2)
        let page = TimelinePage.render(timeline)
        XCTAssertTrue(page.contains("Retrieval and grounding (top 2)"))
        XCTAssertTrue(page.contains("missing expected kb-1"))
        XCTAssertTrue(page.contains("cites kb-9 — UNGROUNDED: kb-9 never retrieved; no expected document cited"))
        XCTAssertTrue(page.contains("cites kb-4 — grounded"))
        assertNoCollisions(timeline)
    }

    func testALaneThatFailedSaysWhyInPlace() throws {
        let (_, timeline) = try demo(tts: #"{"t_ms": "soon", "req": 0}"#)
        XCTAssertNil(timeline.requests.first)
        let reason = try XCTUnwrap(timeline.laneErrors["TTS"])
        XCTAssertTrue(reason.hasPrefix("tts.jsonl:1:"), reason)
        let page = TimelinePage.render(timeline)
        let document = try XMLDocument(xmlString: page, options: [])
        let texts = try document.nodes(forXPath: "//*[local-name()='svg']//*[local-name()='text']").compactMap(\.stringValue)
        XCTAssertTrue(texts.contains { $0.contains("TTS (playback model") })
        XCTAssertTrue(texts.contains { $0.hasPrefix("lane not built: tts.jsonl:1:") }, texts.joined(separator: "\n"))
    }

    func testDrawingScalesWithTheWindow() throws {
        let page = TimelinePage.render(try demo().1)
        let document = try XMLDocument(xmlString: page, options: [])
        let svg = try XCTUnwrap(document.nodes(forXPath: "//*[local-name()='svg']").first as? XMLElement)
        XCTAssertNil(svg.attribute(forName: "width"), "no fixed width: the viewBox scales to the column")
        XCTAssertTrue(page.contains("viewBox=\"0 0 \(Int(TimelineLayout.width)).0 "), "drawn in layout units, scaled by the browser")
        XCTAssertTrue(page.contains("svg.timeline { display: block; width: 100%; height: auto; }"))
    }

    func testLongHypothesisIsCutBesideItsTickNeverAcrossIt() throws {
        let long = Array(repeating: "word", count: 300).joined(separator: " ")
        let asr = """
        {"t_ms": 500, "utt": 0, "kind": "partial", "text": "\(long)"}
        {"t_ms": 6000, "utt": 0, "kind": "final", "text": "\(long)"}
        """
        let (_, timeline) = try demo(asr: asr)
        let canvas = TimelinePage.drawing(timeline)
        for box in canvas.textBoxes {
            XCTAssertLessThanOrEqual(box.x1, TimelineLayout.width)
        }
        let page = TimelinePage.render(timeline)
        XCTAssertTrue(page.contains("…</tspan>"))
        assertNoCollisions(timeline)
    }
}

private extension Array where Element == String {
    /// JSON lines in `t_ms` order (the trace format requires it).
    func sortedByTime() -> [String] {
        func time(_ line: String) -> Int {
            let digits = line.drop { !$0.isNumber }.prefix { $0.isNumber }
            return Int(digits) ?? 0
        }
        return sorted { time($0) < time($1) }
    }
}
