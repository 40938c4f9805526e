import Traces
import XCTest
@testable import Insights

/// Request logs are read through an allow-list: no private field, unknown
/// field or field name reaches the packet or an error message.
final class RequestLogPrivacyTests: XCTestCase {
    static let canary = "CANARY-7f3a"

    /// A record with the canary in every private field, in an unknown
    /// field's name and value, and nested.
    static func leakyLine(language: String = "en-US", latency: Int = 120) -> String {
        let c = canary
        return #"{"language": "\#(language)", "device": "android", "model_version": "asr-7", "latency_ms": \#(latency), "#
            + #""transcript": "my card is \#(c)", "audio_path": "/data/\#(c).wav", "user_id": "u-\#(c)", "tenant": "t-\#(c)", "#
            + #""free_text": "\#(c)", "\#(c)_field": {"nested": ["\#(c)"]}}"#
    }

    func write(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("records-\(UUID().uuidString).jsonl").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func packet(_ path: String, minCount: Int = 5) throws -> IncidentPacket {
        var builder = IncidentPacket.Builder(minCount: minCount)
        try RequestLog.forEachRecord(path: path) { builder.add($0) }
        return builder.packet()
    }

    func testCanaryInPrivateAndUnknownFieldsNeverReachesThePacket() throws {
        let path = try write((0..<7).map { Self.leakyLine(latency: 100 + $0) })
        let packet = try packet(path)
        XCTAssertEqual(packet.requestCount, 7)
        XCTAssertEqual(packet.cells.first?.count, 7)
        for rendering in [packet.json.serialized(), packet.text, packet.markdown] {
            XCTAssertFalse(rendering.contains(Self.canary), rendering)
            XCTAssertFalse(rendering.contains("transcript") || rendering.contains("user_id") || rendering.contains("tenant"), rendering)
        }
    }

    func testBrokenLineIsReportedByNumberWithoutItsContent() throws {
        let broken = #"{"transcript": "\#(Self.canary)", "language": "en-US", "#  // truncated JSON
        let path = try write([Self.leakyLine(), "", Self.leakyLine(), broken, Self.leakyLine()])
        XCTAssertThrowsError(try packet(path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("\(path): line 4: not valid JSON"), message)
            XCTAssertFalse(message.contains(Self.canary), message)
            XCTAssertFalse(message.contains("transcript"), message)
        }
    }

    func testDuplicateKeyErrorDoesNotQuoteTheKey() throws {
        // The JSON parser's own reason would quote the duplicated key name.
        let path = try write([#"{"\#(Self.canary)": 1, "\#(Self.canary)": 2}"#])
        XCTAssertThrowsError(try packet(path)) { error in
            XCTAssertFalse("\(error)".contains(Self.canary), "\(error)")
            XCTAssertTrue("\(error)".contains("line 1"), "\(error)")
        }
    }

    func testWrongTypeOnAnAllowedFieldNamesOnlyTheField() throws {
        let path = try write([Self.leakyLine(), #"{"language": ["\#(Self.canary)"], "device": "ios"}"#])
        XCTAssertThrowsError(try packet(path)) { error in
            XCTAssertEqual("\(error)", "\(path): line 2: \"language\" must be a string")
        }
        let negative = try write([#"{"latency_ms": -3, "note": "\#(Self.canary)"}"#])
        XCTAssertThrowsError(try packet(negative)) { error in
            XCTAssertEqual("\(error)", "\(negative): line 1: \"latency_ms\" must be a number ≥ 0")
        }
    }

    func testBlankLinesCRLFAndNoTrailingNewlineAreFine() throws {
        let path = try write([Self.leakyLine() + "\r", "   ", Self.leakyLine(), ""])
        XCTAssertEqual(try packet(path, minCount: 1).requestCount, 2)
    }

    func testLongLogsStreamAcrossReadChunks() throws {
        // Lines straddle the 64 KiB read boundary many times.
        let lines = (0..<3_000).map { Self.leakyLine(language: $0 % 3 == 0 ? "hi-IN" : "en-US", latency: $0) }
        let packet = try packet(try write(lines))
        XCTAssertEqual(packet.requestCount, 3_000)
        XCTAssertEqual(packet.cells.map(\.count), [2_000, 1_000])
        // hi-IN latencies are 0, 3, …, 2997: p95 = rank 950 → 3·949.
        XCTAssertEqual(packet.cells[1].latencyP95Ms, 2_847)
    }

    func testUnreadableFileIsNamed() {
        XCTAssertThrowsError(try RequestLog.forEachRecord(path: "/nonexistent/r.jsonl") { _ in }) { error in
            XCTAssertEqual("\(error)", "/nonexistent/r.jsonl: no such file")
        }
    }

    func testSkippedBadLinesAreCountedByNumberNeverSilently() throws {
        let broken = #"{"transcript": "\#(Self.canary)", "language": "#
        let path = try write([Self.leakyLine(), broken, Self.leakyLine(), #"{"language": 3}"#, Self.leakyLine(), ""])
        var builder = IncidentPacket.Builder(minCount: 1)
        var errors: [RequestLogError] = []
        try RequestLog.forEachRecord(path: path, onBadLine: { errors.append($0) }) { builder.add($0) }
        XCTAssertEqual(errors.map(\.line), [2, 4])
        builder.skippedLines = errors.compactMap(\.line)
        let packet = builder.packet()
        XCTAssertEqual(packet.requestCount, 3)
        XCTAssertEqual(packet.json["skipped_lines"], .object(["count": .number(2), "lines": .array([.number(2), .number(4)])]))
        XCTAssertTrue(packet.text.contains("2 malformed lines skipped (2, 4)"), packet.text)
        XCTAssertFalse(packet.json.serialized().contains(Self.canary))
        // Without a handler the first bad line stops the read.
        XCTAssertThrowsError(try RequestLog.forEachRecord(path: path) { _ in }) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path): line 2: "), "\(error)")
        }
    }
}
