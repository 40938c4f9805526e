import CLITestSupport
import Foundation
import FoundationXML
import XCTest
import FixtureAudio

/// `fixture-check view DIR [--output F.html]` (docs/gate.md): one self-contained
/// page to stdout or a file; exit 2 naming the file when the fixture is
/// unusable, with the page still written when only a part failed.
final class ViewCommandTests: XCTestCase {
    func makeFixture(_ dir: TemporaryDirectory, annotated: Bool = true) throws -> String {
        let folder = dir.url.appendingPathComponent("caption-churn")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let samples = (0..<24_000).map { Float(sin(Double($0) * 0.05)) * 0.2 }
        try AudioWriter.write(path: folder.appendingPathComponent("mic.wav").path, samples: samples, sampleRate: 16_000)
        try Data("""
        {"t_ms": 400, "kind": "partial", "text": "turn"}
        {"t_ms": 700, "kind": "partial", "text": "Turn right & <left>"}
        {"t_ms": 950, "kind": "final", "text": "turn left"}
        """.utf8).write(to: folder.appendingPathComponent("asr.jsonl"))
        let annotations = annotated ? #""annotations": {"speech": [[200, 900]], "reference": "turn left"},"# : ""
        try Data("""
        {"schema": "fixture/v1", "id": "caption-churn", "provenance": {"kind": "synthetic"},
         "audio": {"mic": "mic.wav"}, \(annotations) "asr": {"trace": "asr.jsonl"}}
        """.utf8).write(to: folder.appendingPathComponent("fixture.json"))
        return folder.path
    }

    func testWritesAWellFormedPageToTheOutputFile() throws {
        let dir = try TemporaryDirectory()
        let output = dir.path("view.html")
        let result = try CLI.run(["view", try makeFixture(dir), "--output", output], cwd: URL(fileURLWithPath: "/"))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        let page = try String(contentsOfFile: output, encoding: .utf8)
        let document = try XMLDocument(xmlString: page, options: [])
        XCTAssertEqual(document.rootElement()?.name, "html")
        XCTAssertTrue(page.contains("Turn right &amp; &lt;left&gt;"))
        for text in ["partial at 400 ms: turn", "final at 950 ms: turn left"] {
            XCTAssertTrue(page.contains(text), text)
        }
        // [turn | Turn right & <left> | turn left]: erased 1 + 4 over 2 words
        XCTAssertTrue(page.contains("<td class=\"name\">asr.partial_churn</td><td class=\"num\">2.5</td>"))
    }

    func testPrintsThePageToStdoutByDefault() throws {
        let dir = try TemporaryDirectory()
        let result = try CLI.run(["view", try makeFixture(dir)])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("<!DOCTYPE html>"))
        XCTAssertNoThrow(try XMLDocument(xmlString: result.stdout, options: []))
    }

    func testMissingFixtureExits2NamingTheFolder() throws {
        let dir = try TemporaryDirectory()
        let result = try CLI.run(["view", dir.path("nowhere")])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains(dir.path("nowhere") + ": no such fixture folder"), result.stderr)
    }

    func testPartFailureStillWritesThePageAndExits2() throws {
        let dir = try TemporaryDirectory()
        let output = dir.path("view.html")
        let folder = try makeFixture(dir)
        // A turn log that stops playback it never started: that part fails.
        try Data(#"{"t_ms": 100, "kind": "tts_play_stop", "reason": "cancel"}"#.utf8)
            .write(to: URL(fileURLWithPath: folder + "/turns.jsonl"))
        let manifest = folder + "/fixture.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: #""asr": {"trace": "asr.jsonl"}"#, with: #""asr": {"trace": "asr.jsonl"}, "turns": {"trace": "turns.jsonl"}"#)
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let result = try CLI.run(["view", folder, "--output", output])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("caption-churn: "), result.stderr)
        let page = try String(contentsOfFile: output, encoding: .utf8)
        XCTAssertTrue(page.contains("<ul class=\"errors\">"))
        XCTAssertTrue(page.contains("partial at 400 ms: turn"))
    }
}
