import CLITestSupport
import FileFormats
import Foundation
import Traces
import XCTest

/// Golden and report writes are atomic: two gates recording into the same
/// folder at once leave every golden complete, parseable and byte-identical
/// to a single run's, and no temp file behind.
final class ConcurrentRecordingTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var fixtures: URL { scratch.url.appendingPathComponent("Fixtures") }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory()
        for (i, id) in ["alpha", "bravo", "charlie", "delta"].enumerated() {
            let trace = """
                {"t_ms": \(200 + 10 * i), "utt": 0, "kind": "partial", "text": "turn"}
                {"t_ms": \(400 + 10 * i), "utt": 0, "kind": "partial", "text": "turn right"}
                {"t_ms": \(900 + 10 * i), "utt": 0, "kind": "final", "text": "turn left at the light"}
                """
            try FixtureFolder.make(in: fixtures, id: id, files: ["asr.jsonl": Data(trace.utf8)])
        }
    }

    private func goldens(in folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// Starts `fixture-check` without waiting for it.
    private func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CI")
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    func testTwoGatesRecordingAllAtOnceWriteIdenticalCompleteGoldens() throws {
        let reference = scratch.url.appendingPathComponent("Reference")
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        let single = try CLI.run(["check", "--fixtures", fixtures.path, "--goldens", reference.path, "--record", "all"])
        XCTAssertEqual(single.status, 0, single.stderr)
        let expected = try goldens(in: reference)
        XCTAssertEqual(expected.keys.sorted(), ["alpha.json", "bravo.json", "charlie.json", "delta.json"])

        let shared = scratch.url.appendingPathComponent("Shared")
        for round in 0..<12 {
            // Stale but valid goldens, so both gates really rewrite every file.
            try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
            for name in expected.keys {
                let id = String(name.dropLast(5))
                let stale = #"{"schema": "golden/v1", "fixture": "\#(id)", "metrics_version": "1", "metrics": {"asr.revisions": \#(round + 50)}}"#
                try Data(stale.utf8).write(to: shared.appendingPathComponent(name))
            }
            let arguments = ["check", "--fixtures", fixtures.path, "--goldens", shared.path, "--record", "all", "--jobs", "2"]
            let first = try start(arguments), second = try start(arguments)
            first.waitUntilExit()
            second.waitUntilExit()
            XCTAssertEqual(first.terminationStatus, 0, "round \(round)")
            XCTAssertEqual(second.terminationStatus, 0, "round \(round)")
            let written = try goldens(in: shared)
            XCTAssertEqual(written, expected, "round \(round): goldens differ from a single run's (or a temp file was left)")
            for (name, bytes) in written {
                XCTAssertNoThrow(try JSONValue.parse(data: bytes), "round \(round): \(name) does not parse")
            }
        }
    }

    func testTwoGatesWritingOneReportAtOnceLeaveOneCompleteReport() throws {
        let goldens = scratch.url.appendingPathComponent("Goldens")
        try FileManager.default.createDirectory(at: goldens, withIntermediateDirectories: true)
        XCTAssertEqual(try CLI.run(["check", "--fixtures", fixtures.path, "--goldens", goldens.path, "--record", "all"]).status, 0)
        let report = scratch.path("out/gate.json")
        try FileManager.default.createDirectory(atPath: scratch.path("out"), withIntermediateDirectories: true)
        let arguments = ["check", "--fixtures", fixtures.path, "--goldens", goldens.path, "--record", "never",
                         "--format", "json", "--output", report]
        let single = try CLI.run(arguments)
        XCTAssertEqual(single.status, 0, single.stderr)
        let expected = try Data(contentsOf: URL(fileURLWithPath: report))
        for round in 0..<8 {
            let first = try start(arguments), second = try start(arguments)
            first.waitUntilExit()
            second.waitUntilExit()
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: report)), expected, "round \(round)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path("out")), ["gate.json"],
                           "round \(round): temp files left beside the report")
        }
    }
}
