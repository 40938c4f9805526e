import Authoring
import XCTest

/// `add` refuses what the docs/formats.md decoders refuse, naming the file and line.
final class TraceFileCheckTests: XCTestCase {
    func testWellFormedTracePasses() throws {
        let scratch = try Scratch()
        let path = scratch.text("asr.jsonl", """
        {"t_ms": 620, "utt": 0, "kind": "partial", "text": "turn left"}
        {"t_ms": 620, "kind": "partial", "text": "turn left at"}

        {"t_ms": 2710.5, "utt": 0, "kind": "final", "text": "turn left at the light."}\r

        """)
        XCTAssertNoThrow(try TraceFileCheck.validate(path: path, section: "asr"))
    }

    func testMalformedTracesNameFileAndLine() throws {
        let scratch = try Scratch()
        let cases: [(String, String)] = [
            ("{\"t_ms\": 0, \"kind\": \"partial\", \"text\": \"a\"}\n{\"t_ms\": 5,}\n", ":2:"),
            ("{\"t_ms\": 0, \"kind\": \"partial\", \"text\": \"a\"}\n[1, 2]\n", ":2:"),
            ("{\"kind\": \"final\", \"text\": \"a\"}\n", ":1:"),
            ("{\"t_ms\": \"12\", \"kind\": \"final\", \"text\": \"a\"}\n", ":1:"),
            ("{\"t_ms\": NaN}\n", ":1:"),
            ("{\"t_ms\": -3, \"kind\": \"final\", \"text\": \"a\"}\n", ":1:"),
            ("{\"t_ms\": 10, \"kind\": \"partial\", \"text\": \"a\"}\n{\"t_ms\": 20, \"kind\": \"partial\", \"text\": \"a b\"}\n{\"t_ms\": 15, \"kind\": \"final\", \"text\": \"a b\"}\n", ":3:"),
            ("\n\n", ": holds no events"),
        ]
        for (index, (contents, needle)) in cases.enumerated() {
            let path = scratch.text("t\(index).jsonl", contents)
            XCTAssertThrowsError(try TraceFileCheck.validate(path: path, section: "asr")) { error in
                XCTAssertEqual((error as? AuthoringRefusal)?.kind, .trace)
                XCTAssertTrue("\(error)".hasPrefix(path + needle), "\(error) should start with \(path)\(needle)")
            }
        }
        XCTAssertThrowsError(try TraceFileCheck.validate(path: scratch.path("missing.jsonl"), section: "asr")) { error in
            XCTAssertTrue("\(error)".contains("missing.jsonl"))
        }
    }

    func testEachSectionUsesItsOwnDecoder() throws {
        let scratch = try Scratch()
        // A valid ASR line is not a valid turn-taking event (no such kind is fatal,
        // but a stop without a start is) — and a TTS chunk needs a duration.
        let chunk = scratch.text("tts.jsonl", "{\"t_ms\": 0, \"req\": 0, \"kind\": \"request\", \"text\": \"hi\"}\n{\"t_ms\": 5, \"req\": 0, \"kind\": \"chunk\"}\n")
        XCTAssertThrowsError(try TraceFileCheck.validate(path: chunk, section: "tts")) { error in
            XCTAssertTrue("\(error)".hasPrefix(chunk + ":2:"), "\(error)")
        }
        let turns = scratch.text("turns.jsonl", "{\"t_ms\": 0, \"kind\": \"tts_play_start\"}\n{\"t_ms\": 900, \"kind\": \"tts_play_stop\", \"reason\": \"cancel\"}\n")
        XCTAssertNoThrow(try TraceFileCheck.validate(path: turns, section: "turns"))
    }
}
