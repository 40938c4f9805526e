import CLITestSupport
import Foundation
import XCTest

/// Reports and errors name metrics, values, ids and paths — never the
/// transcript or reference text of a private (consented) fixture.
final class PrivacyCanaryTests: XCTestCase {
    private let canary = "CANARY-7f3a-do-not-print"
    private var scratch: TemporaryDirectory!
    private var fixtures: URL { scratch.url.appendingPathComponent("Fixtures") }
    private var goldens: URL { scratch.url.appendingPathComponent("Goldens") }

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory()
        let consented = #"{"kind": "consented", "consent_ref": "ticket-1"}"#
        let manifest = FixtureFolder.healthyManifest(id: "private-call", reference: "turn left \(canary) at the light")
            .replacingOccurrences(of: #"{"kind": "synthetic"}"#, with: consented)
        let trace = """
            {"t_ms": 300, "utt": 0, "kind": "partial", "text": "turn \(canary)"}
            {"t_ms": 900, "utt": 0, "kind": "final", "text": "turn right \(canary) at the light"}
            """
        try FixtureFolder.make(in: fixtures, id: "private-call", manifest: manifest, files: ["asr.jsonl": Data(trace.utf8)])
        // A broken trace line holding the canary: the error names the line, not its text.
        let broken = """
            {"t_ms": 300, "utt": 0, "kind": "partial", "text": "\(canary)"}
            {"t_ms": 200, "utt": 0, "kind": "final", "text": "\(canary) \(canary)"
            """
        let brokenManifest = FixtureFolder.healthyManifest(id: "private-broken", reference: canary)
            .replacingOccurrences(of: #"{"kind": "synthetic"}"#, with: consented)
        try FixtureFolder.make(in: fixtures, id: "private-broken", manifest: brokenManifest, files: ["asr.jsonl": Data(broken.utf8)])
        // A failing golden: every metric far from what the fixture measures.
        try FileManager.default.createDirectory(at: goldens, withIntermediateDirectories: true)
        let golden = #"{"schema": "golden/v1", "fixture": "private-call", "metrics_version": "2", "metrics": {"asr.wer": 0.9, "asr.revisions": 40, "asr.partial_churn": 3}}"#
        try Data(golden.utf8).write(to: goldens.appendingPathComponent("private-call.json"))
    }

    func testCheckNeverPrintsTranscriptsInAnyFormat() throws {
        for format in ["text", "json", "junit", "github", "markdown"] {
            let result = try CLI.run(["check", "--fixtures", fixtures.path, "--goldens", goldens.path,
                                      "--record", "never", "--format", format])
            XCTAssertEqual(result.status, 2, "\(format): a broken fixture is an error\n\(result.stderr)")
            XCTAssertTrue(result.stdout.contains("asr.wer"), "\(format): the failing metric is not reported")
            XCTAssertFalse(result.stdout.contains(canary), "\(format) stdout leaks transcript text:\n\(result.stdout)")
            XCTAssertFalse(result.stderr.contains(canary), "\(format) stderr leaks transcript text:\n\(result.stderr)")
        }
    }

    func testRunAndArtifactsNeverPrintTranscripts() throws {
        let artifacts = scratch.path("artifacts")
        let check = try CLI.run(["check", "--fixtures", fixtures.path, "--goldens", goldens.path, "--record", "never",
                                 "--artifacts", artifacts])
        XCTAssertFalse(check.stdout.contains(canary) || check.stderr.contains(canary))
        for name in try FileManager.default.contentsOfDirectory(atPath: artifacts) {
            let text = try String(contentsOfFile: artifacts + "/" + name, encoding: .utf8)
            XCTAssertFalse(text.contains(canary), "\(name) leaks transcript text")
        }
        for format in ["text", "json"] {
            let run = try CLI.run(["run", fixtures.appendingPathComponent("private-call").path,
                                   fixtures.appendingPathComponent("private-broken").path, "--format", format])
            XCTAssertEqual(run.status, 2)
            XCTAssertFalse(run.stdout.contains(canary), "run \(format) stdout leaks:\n\(run.stdout)")
            XCTAssertFalse(run.stderr.contains(canary), "run \(format) stderr leaks:\n\(run.stderr)")
        }
    }
}
