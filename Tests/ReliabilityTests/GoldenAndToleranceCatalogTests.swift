import CLITestSupport
import Foundation
import XCTest

/// Bad goldens and tolerance tables in `check`: exit 2 naming the file, and
/// a corrupt golden is left exactly as it was, whatever the record mode.
final class GoldenAndToleranceCatalogTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var fixtures: URL { scratch.url.appendingPathComponent("Fixtures") }
    private var goldens: URL { scratch.url.appendingPathComponent("Goldens") }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: goldens, withIntermediateDirectories: true)
        try FixtureFolder.make(in: fixtures, id: "turn-left")
    }

    private func check(_ extra: [String] = []) throws -> CLIResult {
        try CLI.run(["check", "--fixtures", fixtures.path, "--goldens", goldens.path] + extra)
    }

    private func assertCorruptGoldenKept(_ bytes: Data, naming needles: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let golden = goldens.appendingPathComponent("turn-left.json")
        try bytes.write(to: golden)
        for mode in ["never", "missing", "failed", "all"] {
            let result = try check(["--record", mode, "--format", "json"])
            assertNoCrashOutput(result, file: file, line: line)
            XCTAssertEqual(result.status, 2, "--record \(mode)", file: file, line: line)
            assertNoNonFiniteJSON(result.stdout, file: file, line: line)
            for needle in needles {
                XCTAssertTrue(result.stdout.contains(needle), "--record \(mode) report lacks \(needle):\n\(result.stdout)", file: file, line: line)
            }
            XCTAssertEqual(try Data(contentsOf: golden), bytes, "--record \(mode) rewrote the corrupt golden", file: file, line: line)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: goldens.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "temp files left in Goldens/", file: file, line: line)
    }

    func testCorruptGoldenIsAnErrorAndNeverRewritten() throws {
        try assertCorruptGoldenKept(Data(#"{"schema": "golden/v1", "fixture": "turn-left", "metr"#.utf8), naming: ["turn-left.json"])
    }

    func testGoldenOfBinaryGarbageIsKept() throws {
        try assertCorruptGoldenKept(Data([0x00, 0xFF, 0xFE, 0x7B, 0x0A, 0x80]), naming: ["turn-left.json"])
    }

    func testGoldenForAnotherFixtureIsKept() throws {
        let other = #"{"schema": "golden/v1", "fixture": "turn-right", "metrics_version": "1", "metrics": {}}"#
        try assertCorruptGoldenKept(Data(other.utf8), naming: ["turn-left.json", "turn-right"])
    }

    func testGoldenWithWronglyTypedMetricsIsKept() throws {
        let bad = #"{"schema": "golden/v1", "fixture": "turn-left", "metrics_version": "1", "metrics": [1, 2]}"#
        try assertCorruptGoldenKept(Data(bad.utf8), naming: ["turn-left.json", "metrics"])
    }

    func testToleranceTableThatIsNotJSON() throws {
        try Data("asr.wer: 0.02\n".utf8).write(to: goldens.appendingPathComponent("tolerances.json"))
        assertCleanError(try check(), naming: ["tolerances.json"])
    }

    func testToleranceWithBothAbsAndRel() throws {
        let table = #"{"asr.wer": {"abs": 0.02, "rel": 0.1, "direction": "lower_is_better"}}"#
        try Data(table.utf8).write(to: goldens.appendingPathComponent("tolerances.json"))
        assertCleanError(try check(), naming: ["tolerances.json", "asr.wer"])
    }

    func testNegativeTolerance() throws {
        let table = #"{"asr.*": {"abs": -1, "direction": "lower_is_better"}}"#
        try Data(table.utf8).write(to: goldens.appendingPathComponent("tolerances.json"))
        assertCleanError(try check(), naming: ["tolerances.json"])
    }

    func testUnknownDirection() throws {
        let table = #"{"asr.wer": {"abs": 0.02, "direction": "sideways"}}"#
        try Data(table.utf8).write(to: goldens.appendingPathComponent("tolerances.json"))
        assertCleanError(try check(), naming: ["tolerances.json", "direction"])
    }

    func testTolerancesFileThatIsADirectory() throws {
        try FileManager.default.createDirectory(at: goldens.appendingPathComponent("tolerances.json"), withIntermediateDirectories: true)
        assertCleanError(try check(), naming: ["tolerances.json"])
    }

    func testFixturesFolderMissing() throws {
        let result = try CLI.run(["check", "--fixtures", scratch.path("nowhere"), "--goldens", goldens.path])
        assertCleanError(result, naming: ["nowhere"])
    }

    func testResultsFileThatIsNotJSON() throws {
        let results = scratch.path("run.json")
        try Data("not json".utf8).write(to: URL(fileURLWithPath: results))
        assertCleanError(try check(["--results", results]), naming: ["run.json"])
    }
}
