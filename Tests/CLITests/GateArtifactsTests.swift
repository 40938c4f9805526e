import CLITestSupport
import Foundation
import XCTest

/// `check --artifacts DIR` leaves a failing fixture's evidence for CI to
/// upload: `<id>.actual.json` and, for synthetic fixtures, `<id>.html`.
final class GateArtifactsTests: XCTestCase {
    static let bundled = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/asr-partial-churn-001")

    func testFailingSyntheticFixtureGetsActualJSONAndTimelinePage() throws {
        let dir = try TemporaryDirectory()
        let fixtures = dir.url.appendingPathComponent("Fixtures")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.bundled, to: fixtures.appendingPathComponent("asr-partial-churn-001"))
        let goldens = dir.path("Goldens")
        try FileManager.default.createDirectory(atPath: goldens, withIntermediateDirectories: true)
        let record = try CLI.run(["check", "--fixtures", fixtures.path, "--goldens", goldens, "--record", "all"])
        XCTAssertEqual(record.status, 0, record.stderr)

        // Tamper with the golden: the recorded churn becomes better than reality.
        let golden = goldens + "/asr-partial-churn-001.json"
        let text = try String(contentsOfFile: golden, encoding: .utf8)
        let tampered = text.replacingOccurrences(of: #""asr.revisions": 0"#, with: #""asr.revisions": -3"#)
        XCTAssertNotEqual(text, tampered, "the golden holds asr.revisions")
        try tampered.write(toFile: golden, atomically: true, encoding: .utf8)

        let artifacts = dir.path("artifacts")
        let check = try CLI.run(["check", "--fixtures", fixtures.path, "--goldens", goldens, "--record", "never", "--artifacts", artifacts])
        XCTAssertEqual(check.status, 1, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("asr.revisions"), check.stdout)
        let page = try String(contentsOfFile: artifacts + "/asr-partial-churn-001.html", encoding: .utf8)
        XCTAssertTrue(page.contains("Fails its golden on"), "the page names the failure")
        XCTAssertTrue(page.contains("asr.revisions"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: artifacts + "/asr-partial-churn-001.actual.json"))
    }
}
