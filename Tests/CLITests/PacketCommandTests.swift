import CLITestSupport
import Foundation
import XCTest

/// `fixture-check packet` through the real executable: private strings
/// planted in every field never reach stdout or stderr.
final class PacketCommandTests: XCTestCase {
    static let canary = "CANARY-91b2"

    func line(language: String, device: String, latency: Int) -> String {
        let c = Self.canary
        return #"{"language": "\#(language)", "device": "\#(device)", "model_version": "asr-7", "latency_ms": \#(latency), "#
            + #""transcript": "call me at \#(c)", "audio_path": "/audio/\#(c).wav", "user_id": "\#(c)", "tenant_id": "\#(c)", "#
            + #""raw_text": "\#(c)", "\#(c)": "\#(c)", "extra": {"\#(c)": [1, "\#(c)"]}}"#
    }

    func write(_ dir: TemporaryDirectory, _ lines: [String]) throws -> String {
        let path = dir.path("records.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testCanaryNeverReachesAnyOutputInAnyFormat() throws {
        let dir = try TemporaryDirectory()
        // 6 en-US/android requests (kept), 2 ta-IN/kiosk (folded).
        let lines = (0..<6).map { line(language: "en-US", device: "android", latency: 100 * ($0 + 1)) }
            + (0..<2).map { line(language: "ta-IN", device: "kiosk", latency: 900 + $0) }
        let path = try write(dir, lines)
        for format in ["json", "text", "markdown"] {
            let result = try CLI.run(["packet", path, "--format", format])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertFalse(result.stdout.contains(Self.canary) || result.stderr.contains(Self.canary), format)
            XCTAssertFalse(result.stdout.contains("ta-IN") || result.stdout.contains("kiosk"), "folded labels leaked: \(result.stdout)")
        }
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try CLI.run(["packet", path]).stdout.utf8)) as? [String: Any])
        let cells = try XCTUnwrap(json["cells"] as? [[String: Any]])
        XCTAssertEqual(cells.count, 2)
        XCTAssertEqual(cells[0]["language"] as? String, "en-US")
        XCTAssertEqual(cells[0]["count"] as? Int, 6)
        XCTAssertEqual(cells[0]["latency_p50_ms"] as? Int, 300)  // ceil(3) = 3rd of 100…600
        XCTAssertEqual(cells[0]["latency_p95_ms"] as? Int, 600)  // ceil(5.7) = 6th
        XCTAssertEqual(cells[1]["language"] as? String, "other")
        XCTAssertEqual(cells[1]["count"] as? Int, 2)
        XCTAssertEqual(json["model_versions"] as? [String: Int], ["asr-7": 8])
    }

    func testBrokenLineExit2ByNumberOnly() throws {
        let dir = try TemporaryDirectory()
        let path = try write(dir, [line(language: "en-US", device: "ios", latency: 1),
                                   #"{"transcript": "\#(Self.canary)" "#,
                                   line(language: "en-US", device: "ios", latency: 2)])
        let result = try CLI.run(["packet", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("\(path): line 2:"), result.stderr)
        XCTAssertFalse(result.stderr.contains(Self.canary) || result.stdout.contains(Self.canary), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testMinCountAndUsage() throws {
        let dir = try TemporaryDirectory()
        let path = try write(dir, [line(language: "en-US", device: "ios", latency: 5)])
        let kept = try CLI.run(["packet", path, "--min-count", "1", "--format", "text"])
        XCTAssertEqual(kept.status, 0)
        XCTAssertTrue(kept.stdout.contains("en-US"), kept.stdout)
        XCTAssertEqual(try CLI.run(["packet", path, "--min-count", "0"]).status, 64)
        XCTAssertEqual(try CLI.run(["packet", path, "--format", "html"]).status, 64)
        XCTAssertEqual(try CLI.run(["packet"]).status, 64)
        let missing = try CLI.run(["packet", dir.path("none.jsonl")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains(dir.path("none.jsonl")), missing.stderr)
    }
}
