import FixtureKit
import Foundation
import Gate
import StreamingMetrics
import XCTest

/// The record-mode matrix: which goldens each mode writes, what fails, and
/// the CI default of `never`.
final class RecordModeTests: XCTestCase {
    func testDefaultIsNeverInCIAndMissingElsewhere() {
        XCTAssertEqual(RecordMode.defaultMode(environment: ["CI": "true"]), .never)
        XCTAssertEqual(RecordMode.defaultMode(environment: ["CI": ""]), .never, "set is enough")
        XCTAssertEqual(RecordMode.defaultMode(environment: ["HOME": "/root"]), .missing)
    }

    /// Four fixtures: passing, regressed, improved, without golden.
    func scenario(_ mode: RecordMode) throws -> (GateReport, written: Set<String>) {
        let dir = try GateScratch()
        let tolerances = ToleranceTable(rules: [Tolerance(amount: .absolute(10), direction: .lowerIsBetter, pattern: "latency_ms")])
        let store = GoldenStore(directory: dir.goldens)
        var before: [String: Data] = [:]
        for id in ["pass", "regressed", "improved", "new"] {
            try dir.addFixture(id)
            if id != "new" {
                try store.write(Golden(fixture: id, metrics: ["latency_ms": .number(100)]))
                before[id] = dir.contents(store.path(for: id))
            }
        }
        let results: [String: FixtureResult] = [
            "pass": FixtureResult(id: "pass", metrics: ["latency_ms": .number(105)]),
            "regressed": FixtureResult(id: "regressed", metrics: ["latency_ms": .number(200)]),
            "improved": FixtureResult(id: "improved", metrics: ["latency_ms": .number(50)]),
            "new": FixtureResult(id: "new", metrics: ["latency_ms": .number(70)]),
        ]
        let report = try dir.check(results, record: mode, tolerances: tolerances)
        var written: Set<String> = []
        for id in results.keys where dir.contents(store.path(for: id)) != before[id] { written.insert(id) }
        return (report, written)
    }

    func testMatrix() throws {
        let expected: [(RecordMode, Set<String>, Int32)] = [
            (.never, [], 1),
            (.missing, ["new"], 1),
            (.failed, ["new", "regressed"], 0),
            (.all, ["new", "regressed", "improved", "pass"], 0),
        ]
        for (mode, writes, exit) in expected {
            let (report, written) = try scenario(mode)
            XCTAssertEqual(written, writes, "\(mode)")
            XCTAssertEqual(report.exitCode, exit, "\(mode): \(report.summary)")
            XCTAssertEqual(Set(report.fixtures.filter(\.recorded).map(\.id)), writes, "\(mode)")
            // The status always says how the run compared with the golden it found.
            XCTAssertEqual(report.fixtures.map(\.status), [.improved, .missingGolden, .pass, .regression], "\(mode)")
        }
    }

    func testNeverFailsAMissingGoldenAndWritesNothing() throws {
        let dir = try GateScratch()
        try dir.addFixture("new")
        let report = try dir.check(["new": FixtureResult(id: "new", metrics: ["x": .number(1)])], record: .never)
        XCTAssertEqual(report.fixtures.map(\.status), [.missingGolden])
        XCTAssertFalse(report.passed)
        XCTAssertEqual(report.exitCode, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.goldens))
    }

    func testErroredFixtureIsNeverRecordedAndExitsTwo() throws {
        let dir = try GateScratch()
        try dir.addFixture("broken")
        let report = try dir.check(["broken": FixtureResult(id: "broken", errors: ["asr.jsonl:3: t_ms goes backwards"])], record: .all)
        XCTAssertEqual(report.fixtures[0].status, .error)
        XCTAssertEqual(report.fixtures[0].errors, ["asr.jsonl:3: t_ms goes backwards"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.goldens + "/broken.json"))
        XCTAssertEqual(report.exitCode, 2)
    }

    func testOrphanGoldenIsReportedAndFails() throws {
        let dir = try GateScratch()
        try dir.addFixture("kept")
        let store = GoldenStore(directory: dir.goldens)
        try store.write(Golden(fixture: "kept", metrics: ["x": .number(1)]))
        try store.write(Golden(fixture: "deleted", metrics: ["x": .number(1)]))
        try dir.write("{}", to: store.tolerancesPath)
        let report = try dir.check(["kept": FixtureResult(id: "kept", metrics: ["x": .number(1)])], record: .all)
        XCTAssertEqual(report.fixtures.map(\.id), ["deleted", "kept"], "tolerances.json is not a golden")
        XCTAssertEqual(report.fixtures[0].status, .orphan)
        XCTAssertEqual(report.exitCode, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: store.path(for: "deleted")), "never deleted by the gate")
    }

    func testOutputOrderIsByIdWhateverTheJobs() throws {
        let dir = try GateScratch()
        var results: [String: FixtureResult] = [:]
        for i in 0..<23 {
            let id = "fx-\(String(i, radix: 7))"
            try dir.addFixture(id)
            results[id] = FixtureResult(id: id, metrics: ["i": .number(Double(i))])
        }
        let one = try dir.check(results, record: .never, jobs: 1)
        let many = try dir.check(results, record: .never, jobs: 8)
        XCTAssertEqual(one, many)
        XCTAssertEqual(one.fixtures.map(\.id), results.keys.sorted())
    }

    func testMissingFixturesFolderIsAnErrorNamingIt() throws {
        let dir = try GateScratch()
        try FileManager.default.removeItem(atPath: dir.fixtures)
        XCTAssertThrowsError(try dir.check([:], record: .never)) { XCTAssertTrue("\($0)".contains(dir.fixtures)) }
    }
}
