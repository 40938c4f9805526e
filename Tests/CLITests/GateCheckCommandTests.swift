import CLITestSupport
import Foundation
import XCTest

/// `fixture-check [check]` and `merge` as CI runs them: exit codes,
/// the CI record default, formats, `--output`, `--shard` and merge.
/// Metrics come from a `run --format json` file (`--results`), so the
/// tests pin the gate, not the metric code.
final class GateCheckCommandTests: XCTestCase {
    /// Fixtures a (pass), b (regression of tts latency), c (no golden).
    func repo(_ dir: TemporaryDirectory) throws {
        for id in ["a", "b", "c"] {
            try FileManager.default.createDirectory(atPath: dir.path("Fixtures/\(id)"), withIntermediateDirectories: true)
            try Data("{\"schema\": \"fixture/v1\", \"id\": \"\(id)\"}".utf8).write(to: dir.url.appendingPathComponent("Fixtures/\(id)/fixture.json"))
        }
        try FileManager.default.createDirectory(atPath: dir.path("Goldens"), withIntermediateDirectories: true)
        for id in ["a", "b"] {
            try Data("{\"schema\": \"golden/v1\", \"fixture\": \"\(id)\", \"metrics_version\": \"2\", \"metrics\": {\"tts.first_audio_byte_ms.p95\": 350}}".utf8)
                .write(to: dir.url.appendingPathComponent("Goldens/\(id).json"))
        }
        try Data("{\"tts.first_audio_byte_ms.*\": {\"abs\": 100, \"direction\": \"lower_is_better\"}}".utf8)
            .write(to: dir.url.appendingPathComponent("Goldens/tolerances.json"))
        try Data("""
        {"fixtures": [
          {"id": "a", "metrics": {"tts.first_audio_byte_ms.p95": 420}},
          {"id": "b", "metrics": {"tts.first_audio_byte_ms.p95": 1400}},
          {"id": "c", "metrics": {"tts.first_audio_byte_ms.p95": 300}}]}
        """.utf8).write(to: dir.url.appendingPathComponent("run.json"))
    }

    func testCIFailsOnRegressionAndMissingGoldenWritingNothing() throws {
        let dir = try TemporaryDirectory()
        try repo(dir)
        let result = try CLI.run(["--results", "run.json"], environment: ["CI": "true"], cwd: dir.url)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.contains("FAIL b: regression — golden Goldens/b.json"), result.stdout)
        XCTAssertTrue(result.stdout.contains("tts.first_audio_byte_ms.p95: 350 → 1400 (regression; tolerance abs 100, lower_is_better"), result.stdout)
        XCTAssertTrue(result.stdout.contains("FAIL c: missing_golden"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path("Goldens/c.json")))
        XCTAssertEqual(result.stderr, "", "no progress line when stderr is not a terminal")
    }

    func testEmptyCIStillMeansNeverAndRecordFailedFixesTheRest() throws {
        let dir = try TemporaryDirectory()
        try repo(dir)
        // CI set (even empty) means never: still failing, nothing written.
        let first = try CLI.run(["check", "--results", "run.json"], environment: ["CI": ""], cwd: dir.url)
        XCTAssertEqual(first.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path("Goldens/c.json")))
        let recorded = try CLI.run(["check", "--results", "run.json", "--record", "failed"], cwd: dir.url)
        XCTAssertEqual(recorded.status, 0, recorded.stdout)
        let again = try CLI.run(["check", "--results", "run.json", "--record", "never"], cwd: dir.url)
        XCTAssertEqual(again.status, 0, again.stdout)
        XCTAssertTrue(again.stdout.hasSuffix("3 fixtures, 3 pass — PASSED\n"), again.stdout)
    }

    func testJUnitToAFileAndArtifacts() throws {
        let dir = try TemporaryDirectory()
        try repo(dir)
        let result = try CLI.run(["--results", "run.json", "--record", "never", "--format", "junit", "--output", "junit.xml", "--artifacts", "out"], cwd: dir.url)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        let xml = try String(contentsOfFile: dir.path("junit.xml"), encoding: .utf8)
        XCTAssertTrue(xml.contains("<testsuite name=\"fixture-check\" tests=\"3\" failures=\"2\" errors=\"0\""), xml)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path("out")).sorted(), ["b.actual.json", "c.actual.json"])
    }

    func testBadInputsExitTwoNamingTheFileAndBadUsageExits64() throws {
        let dir = try TemporaryDirectory()
        try repo(dir)
        let noFixtures = try CLI.run(["--fixtures", "Nope"], cwd: dir.url)
        XCTAssertEqual(noFixtures.status, 2)
        XCTAssertTrue(noFixtures.stderr.contains("Nope"), noFixtures.stderr)
        try Data("{\"asr.*\": {\"abs\": 1, \"direction\": \"sideways\"}}".utf8).write(to: dir.url.appendingPathComponent("Goldens/tolerances.json"))
        let bad = try CLI.run(["--results", "run.json"], cwd: dir.url)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("Goldens/tolerances.json"), bad.stderr)
        XCTAssertEqual(try CLI.run(["--record", "sometimes"], cwd: dir.url).status, 64)
        XCTAssertEqual(try CLI.run(["--shard", "5/4"], cwd: dir.url).status, 64)
        XCTAssertEqual(try CLI.run(["--shard", "4"], cwd: dir.url).status, 64, "N alone needs JOB_COMPLETION_INDEX")
        XCTAssertEqual(try CLI.run(["--format", "html"], cwd: dir.url).status, 64)
    }

    func testShardsMergeToTheUnshardedVerdict() throws {
        let dir = try TemporaryDirectory()
        try repo(dir)
        let whole = try CLI.run(["--results", "run.json", "--record", "never", "--format", "json"], cwd: dir.url)
        var files: [String] = []
        for k in 0..<3 {
            let part = try CLI.run(["--results", "run.json", "--record", "never", "--shard", "3", "--format", "json", "--output", "shard-\(k).json"],
                                   environment: ["JOB_COMPLETION_INDEX": "\(k)"], cwd: dir.url)
            XCTAssertNotEqual(part.status, 2, part.stderr)
            files.append("shard-\(k).json")
        }
        let merged = try CLI.run(["merge", "--format", "json"] + files, cwd: dir.url)
        XCTAssertEqual(merged.status, whole.status)
        XCTAssertEqual(merged.stdout, whole.stdout)
        let incomplete = try CLI.run(["merge"] + files.dropLast(), cwd: dir.url)
        XCTAssertEqual(incomplete.status, 2)
        XCTAssertTrue(incomplete.stderr.contains("missing shard 3/3"), incomplete.stderr)
    }

    func testGitHubFormatAnnotatesTheGoldenFile() throws {
        let dir = try TemporaryDirectory()
        try repo(dir)
        let result = try CLI.run(["--results", "run.json", "--record", "never", "--format", "github"], cwd: dir.url)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("::error file=Goldens/b.json,title=fixture-check regression%3A b::tts.first_audio_byte_ms.p95: 350 → 1400"), result.stdout)
    }
}
