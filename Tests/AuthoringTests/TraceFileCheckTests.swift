import Harness
import XCTest

/// `add` refuses traces that are not JSON Lines of objects with a numeric,
/// non-decreasing `t_ms`, naming the file and line.
final class TraceFileCheckTests: XCTestCase {
    func testWellFormedTracePasses() throws {
        let scratch = try Scratch()
        let path = scratch.text("asr.jsonl", """
        {"t_ms": 620, "utt": 0, "kind": "partial", "text": "turn left"}
        {"t_ms": 620, "kind": "partial", "text": "turn left at"}

        {"t_ms": 2710.5, "utt": 0, "kind": "final", "text": "turn left at the light."}\r

        """)
        XCTAssertNoThrow(try TraceFileCheck.validate(path: path))
    }

    func testMalformedTracesNameFileAndLine() throws {
        let scratch = try Scratch()
        let cases: [(String, String)] = [
            ("{\"t_ms\": 0}\n{\"t_ms\": 5,}\n", ":2: invalid JSON"),
            ("{\"t_ms\": 0}\n[1, 2]\n", ":2: an event must be a JSON object"),
            ("{\"kind\": \"final\"}\n", ":1: missing numeric t_ms"),
            ("{\"t_ms\": \"12\"}\n", ":1: missing numeric t_ms"),
            ("{\"t_ms\": NaN}\n", ":1: invalid JSON"),
            ("{\"t_ms\": -3}\n", ":1: t_ms -3 is negative"),
            ("{\"t_ms\": 10}\n{\"t_ms\": 20}\n{\"t_ms\": 15}\n", ":3: t_ms 15 goes backwards"),
            ("\n\n", ": holds no events"),
        ]
        for (index, (contents, needle)) in cases.enumerated() {
            let path = scratch.text("t\(index).jsonl", contents)
            XCTAssertThrowsError(try TraceFileCheck.validate(path: path)) { error in
                XCTAssertEqual((error as? AuthoringRefusal)?.kind, .trace)
                XCTAssertTrue("\(error)".hasPrefix(path + needle), "\(error) should start with \(path)\(needle)")
            }
        }
        XCTAssertThrowsError(try TraceFileCheck.validate(path: scratch.path("missing.jsonl"))) { error in
            XCTAssertTrue("\(error)".contains("missing.jsonl"))
        }
    }
}
