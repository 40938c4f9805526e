import Foundation
import FoundationXML
import XCTest
import StreamingMetrics
import Traces
@testable import TimelineView

/// Issue 21: entity spans on the reference, found or missed as
/// `asr.entity_error_rate` counts them, and final words shaded by their
/// confidence, each word's confidence and verdict in the hover text.
final class EntityConfidenceLaneTests: XCTestCase {
    /// Reference "turn left at the light stop please"; the engine hears
    /// "lift" for "left" (confidence 0.4) across two finals.
    static let asr = """
    {"t_ms": 900, "utt": 0, "kind": "partial", "text": "turn lift"}
    {"t_ms": 2710, "utt": 0, "kind": "final", "text": "turn lift at the light.", "words": [{"text": "turn", "confidence": 0.9}, {"text": "lift", "confidence": 0.4}, {"text": "at", "confidence": 0.8}, {"text": "the", "confidence": 0.95}, {"text": "light.", "confidence": 0.7}]}
    {"t_ms": 4300, "utt": 1, "kind": "partial", "text": "stop"}
    {"t_ms": 5450, "utt": 1, "kind": "final", "text": "stop please", "words": [{"text": "stop", "confidence": 0.6}, {"text": "please", "confidence": 0.99}]}
    """
    /// Missed (“lift”), found, and found across the two finals.
    static let entities = ["left at the light", "stop please", "The light, stop"]

    func scoredDemo() throws -> (DemoFixture, Timeline) {
        let demo = try DemoFixture()
        try Data(Self.asr.utf8).write(to: demo.folder.appendingPathComponent("asr.jsonl"))
        let url = demo.folder.appendingPathComponent("fixture.json")
        let list = Self.entities.map { "\"\($0)\"" }.joined(separator: ", ")
        let manifest = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
            of: #""reference": "turn left at the light stop please"}"#,
            with: #""reference": "turn left at the light stop please", "entities": [\#(list)]}"#)
        XCTAssertTrue(manifest.contains("\"entities\""))
        try Data(manifest.utf8).write(to: url)
        return (demo, try Timeline.load(folder: demo.path, runner: TimelinePageTests.runner))
    }

    func nodes(_ page: String, _ xpath: String) throws -> [XMLNode] {
        try XMLDocument(xmlString: page, options: []).nodes(forXPath: xpath)
    }

    func testEntitiesFoundOrMissedAsTheMetricCounts() throws {
        let (_, timeline) = try scoredDemo()
        XCTAssertEqual(timeline.entities.map(\.text), Self.entities)
        XCTAssertEqual(timeline.entities.map(\.found), [false, true, true])
        // Spans of the reference's words: "left at the light", "stop please", "the light stop".
        XCTAssertEqual(timeline.entities.map(\.referenceWords), [1..<5, 5..<7, 3..<6])
        let missed = Double(timeline.entities.filter { $0.found == false }.count)
        XCTAssertEqual(timeline.metrics["asr.entity_error_rate"]?.number, missed / Double(Self.entities.count))
        XCTAssertEqual(missed / 3, 1.0 / 3, accuracy: 1e-12)

        let page = TimelinePage.render(timeline)
        let boxes = try nodes(page, "//*[local-name()='rect'][contains(@class, 'entity-box')]/*[local-name()='title']").compactMap(\.stringValue)
        XCTAssertEqual(boxes, ["entity “left at the light”: missed", "entity “stop please”: found", "entity “The light, stop”: found"])
        let verdicts = try nodes(page, "//*[local-name()='text'][contains(@class, 'entity-verdict')]").compactMap(\.stringValue)
        XCTAssertEqual(verdicts.count, 3)
        XCTAssertTrue(verdicts[0].hasSuffix("“left at the light” missed"), verdicts[0])
        XCTAssertTrue(verdicts[1].hasSuffix("“stop please” found"), verdicts[1])
        XCTAssertTrue(verdicts[2].hasSuffix("“The light, stop” found"), verdicts[2])
        let reference = try nodes(page, "//*[local-name()='text'][contains(@class, 'reference-text')]/*[local-name()='tspan'][@class='entity']")
        XCTAssertEqual(reference.compactMap(\.stringValue), ["left at the light stop please"])
        XCTAssertTrue(page.contains("entities 2/3 found"))
        XCTAssertTrue(page.contains("class=\"key entity-key\">entity</span>"), "legend explains the entity box")
    }

    func testFinalWordsCarryTheirConfidenceAndVerdictOnHover() throws {
        let (_, timeline) = try scoredDemo()
        let finals = timeline.utterances.compactMap { $0.hypotheses.last(where: \.isFinal) }
        guard finals.count == 2 else { return XCTFail("finals: \(finals.map(\.text))") }
        XCTAssertEqual(finals[0].scores?.map(\.confidence), [0.9, 0.4, 0.8, 0.95, 0.7])
        XCTAssertEqual(finals[0].scores?.map(\.correct), [true, false, true, true, true])
        XCTAssertEqual(finals[1].scores?.map(\.correct), [true, true])
        XCTAssertTrue(timeline.utterances.flatMap(\.hypotheses).filter { !$0.isFinal }.allSatisfy { $0.scores == nil })
        // Correct exactly as the calibration metrics score the words.
        let trace = try EmissionTrace.decode(data: Data(Self.asr.utf8), file: "asr.jsonl")
        let scored = ConfidenceMetrics.scoredWords(finals: trace.events.filter { $0.kind == .final },
                                                   reference: "turn left at the light stop please")
        XCTAssertEqual(finals.flatMap { $0.scores ?? [] }.compactMap(\.correct), scored.map(\.correct))

        let page = TimelinePage.render(timeline)
        let rowTitles = try nodes(page, "//*[local-name()='text']/*[local-name()='title']").compactMap(\.stringValue)
        let row = try XCTUnwrap(rowTitles.first { $0.hasPrefix("final at 2710 ms") })
        XCTAssertTrue(row.hasSuffix("— confidence: turn 0.90 correct, lift 0.40 wrong, at 0.80 correct, the 0.95 correct, light. 0.70 correct"), row)
        // One bar per word, shaded by its ECE bin, red when wrong; hover names it.
        let bar = "//*[local-name()='rect'][contains(@class, 'conf ')]"
        let barTitles = try nodes(page, bar + "/*[local-name()='title']").compactMap(\.stringValue)
        XCTAssertEqual(barTitles, ["turn 0.90 correct", "lift 0.40 wrong", "at 0.80 correct", "the 0.95 correct",
                                   "light. 0.70 correct", "stop 0.60 correct", "please 0.99 correct"])
        let classes = try nodes(page, bar + "/@class").compactMap(\.stringValue)
        XCTAssertEqual(classes.prefix(2), ["conf conf9", "conf conf4 conf-wrong"])
        let wrong = try nodes(page, "//*[local-name()='tspan'][contains(@class, 'wrong')]").compactMap(\.stringValue)
        XCTAssertEqual(wrong, ["lift"])
        XCTAssertTrue(page.contains("class=\"key wrong-key\">wrong</span>"), "legend explains wrong words and shading")
    }

    func testScoredPageHasNoCollidingText() throws {
        let (_, timeline) = try scoredDemo()
        let canvas = TimelinePage.drawing(timeline)
        let boxes = canvas.textBoxes.sorted { $0.x0 < $1.x0 }
        var overlaps = 0
        for i in boxes.indices {
            XCTAssertTrue(boxes[i].x0 >= 0 && boxes[i].x1 <= TimelineLayout.width, "outside: \(boxes[i])")
            for j in (i + 1)..<boxes.count where boxes[j].x0 < boxes[i].x1 && boxes[i].overlap(boxes[j]) > 0.01 { overlaps += 1 }
        }
        XCTAssertEqual(overlaps, 0)
    }
}
