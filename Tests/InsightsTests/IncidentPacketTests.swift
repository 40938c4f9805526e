import Traces
import XCTest
@testable import Insights

/// Seed lab 3 and docs/decisions.md: per-cell counts and nearest-rank latency,
/// folding of small cells, and version counts.
final class IncidentPacketTests: XCTestCase {
    func records(_ language: String?, _ device: String?, latencies: [Double?], version: String? = "v1") -> [RequestRecord] {
        latencies.map { RequestRecord(language: language, device: device, modelVersion: version, latencyMs: $0) }
    }

    func testCountsAndNearestRankPercentilesPerCell() throws {
        // en-US/android: 20 requests, latencies 10, 20, … 200 ms.
        let packet = IncidentPacket(records: records("en-US", "android", latencies: (1...20).map { Double($0 * 10) }))
        let cell = try XCTUnwrap(packet.cells.first)
        XCTAssertEqual(packet.cells.count, 1)
        XCTAssertEqual(cell.count, 20)
        XCTAssertEqual(cell.latencyP50Ms, 100)  // rank ceil(10) = 10th
        XCTAssertEqual(cell.latencyP95Ms, 190)  // rank ceil(19) = 19th
        let eleven = IncidentPacket(records: records("en-US", "ios", latencies: [5, 1, 9, 3, 7, 11, 2, 8, 4, 10, 6]))
        XCTAssertEqual(eleven.cells[0].latencyP50Ms, 6)   // ceil(5.5) = 6th of 1…11
        XCTAssertEqual(eleven.cells[0].latencyP95Ms, 11)  // ceil(10.45) = 11th; the lab's int(0.95·10) = 9 gives 10
    }

    func testRequestsWithoutLatencyAreCountedButNotInPercentiles() throws {
        let packet = IncidentPacket(records: records("hi-IN", "web", latencies: [nil, nil, 300, 100, 200]))
        let cell = try XCTUnwrap(packet.cells.first)
        XCTAssertEqual(cell.count, 5)
        XCTAssertEqual(cell.latencyCount, 3)
        XCTAssertEqual(cell.latencyP50Ms, 200)
        XCTAssertEqual(IncidentPacket(records: records("hi-IN", "web", latencies: [nil, nil, nil, nil, nil])).cells[0].latencyP95Ms, nil)
    }

    func testCellsBelowMinCountFoldIntoOther() throws {
        let all = records("en-US", "android", latencies: Array(repeating: 100, count: 6))
            + records("ta-IN", "kiosk", latencies: [900, 950])
            + records("es-US", "ios", latencies: [50, 60, 70, 80])
            + records("en-US", "ios", latencies: Array(repeating: 120, count: 5))
        let packet = IncidentPacket(records: all, minCount: 5)
        XCTAssertEqual(packet.cells.map { "\($0.language)/\($0.device)=\($0.count)" },
                       ["en-US/android=6", "en-US/ios=5", "other/other=6"])
        let other = packet.cells[2]
        XCTAssertEqual(other.foldedCells, 2)
        XCTAssertEqual(other.latencyP50Ms, 70)   // sorted 50 60 70 80 900 950: rank ceil(3) = 3rd
        XCTAssertEqual(other.latencyP95Ms, 950)  // ceil(5.7) = 6th
        XCTAssertEqual(packet.requestCount, 17)
        // Nothing of a folded cell's labels survives.
        let text = packet.json.serialized() + packet.text + packet.markdown
        XCTAssertFalse(text.contains("ta-IN") || text.contains("kiosk") || text.contains("es-US"), text)
    }

    func testMinCountOneKeepsEveryCell() {
        let packet = IncidentPacket(records: records("ta-IN", "kiosk", latencies: [1]) + records("en-US", "ios", latencies: [2]), minCount: 1)
        XCTAssertEqual(packet.cells.map(\.language), ["en-US", "ta-IN"])  // equal counts: by language
    }

    func testMissingLabelsAreUnknown() {
        let packet = IncidentPacket(records: records(nil, nil, latencies: Array(repeating: 1, count: 5), version: nil))
        XCTAssertEqual(packet.cells[0].language, "unknown")
        XCTAssertEqual(packet.cells[0].device, "unknown")
        XCTAssertEqual(packet.modelVersions, ["unknown": 5])
    }

    func testRareModelVersionsAreFoldedByDefaultAndKeptOnlyWhenAsked() {
        let all = records("en-US", "android", latencies: Array(repeating: 1, count: 6), version: "asr-2024-06")
            + records("en-US", "android", latencies: [1, 1], version: "asr-ft-acme")
        let folded = IncidentPacket(records: all)
        XCTAssertEqual(folded.modelVersions, ["asr-2024-06": 6, "other": 2])
        XCTAssertEqual(folded.foldedVersions, 1)
        XCTAssertEqual(IncidentPacket(records: all, keepRareVersions: true).modelVersions, ["asr-2024-06": 6, "asr-ft-acme": 2])
        // Exactly min-count (5) is kept; one fewer is folded.
        let edge = records("en-US", "ios", latencies: Array(repeating: 1, count: 5), version: "v5")
            + records("en-US", "ios", latencies: Array(repeating: 1, count: 4), version: "v4")
        XCTAssertEqual(IncidentPacket(records: edge).modelVersions, ["v5": 5, "other": 4])
    }

    func testTenantVersionSeenTwiceInTwoHundredRecordsIsNeverPrintedByDefault() {
        // Issue 20: 198 requests on the platform model, 2 on a tenant's fine-tune.
        let all = records("en-US", "android", latencies: Array(repeating: 100, count: 198), version: "asr-7.2")
            + records("en-US", "android", latencies: [100, 100], version: "asr-7.2-acmebank-custom")
        let packet = IncidentPacket(records: all)
        XCTAssertEqual(packet.modelVersions, ["asr-7.2": 198, "other": 2])
        for rendering in [packet.json.serialized(), packet.text, packet.markdown] {
            XCTAssertFalse(rendering.contains("acmebank"), rendering)
            XCTAssertTrue(rendering.contains("asr-7.2"), rendering)
        }
        XCTAssertTrue(IncidentPacket(records: all, keepRareVersions: true).json.serialized().contains("asr-7.2-acmebank-custom"))
    }

    func testJSONShape() throws {
        let json = IncidentPacket(records: records("en-US", "android", latencies: [100, 200, 300, 400, 500])).json
        let cell = try XCTUnwrap(json["cells"]?.arrayValue?.first)
        XCTAssertEqual(cell["language"], .string("en-US"))
        XCTAssertEqual(cell["device"], .string("android"))
        XCTAssertEqual(cell["count"], .number(5))
        XCTAssertEqual(cell["latency_p50_ms"], .number(300))
        XCTAssertEqual(cell["latency_p95_ms"], .number(500))
        XCTAssertEqual(json["model_versions"], .object(["v1": .number(5)]))
    }
}
