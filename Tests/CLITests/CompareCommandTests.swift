import CLITestSupport
import Foundation
import XCTest

/// `fixture-check compare` through the real executable: exit codes per
/// recommendation, formats, and bad input named with exit 2.
final class CompareCommandTests: XCTestCase {
    /// A `run --format json` document of (id, language, wer, cost) fixtures.
    func runJSON(_ fixtures: [(String, String, Double, Double)]) -> String {
        let items = fixtures.map { id, language, wer, cost in
            #"{"id": "\#(id)", "slices": {"language": "\#(language)"}, "metrics": {"asr.wer": \#(wer), "cost.usd_per_min": \#(cost), "snr.bucket": "10-15", "asr.cer": null}, "errors": []}"#
        }
        return #"{"metrics_version": "1", "fixtures": [\#(items.joined(separator: ", "))]}"#
    }

    func write(_ dir: TemporaryDirectory, _ name: String, _ text: String) throws -> String {
        let path = dir.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func setUpRuns(candidateHiWER: Double, candidateCost: Double) throws -> (TemporaryDirectory, String, String) {
        let dir = try TemporaryDirectory()
        let base = try write(dir, "base.json", runJSON([("a", "en-US", 0.10, 0.02), ("b", "hi-IN", 0.20, 0.02), ("c", "es-US", 0.10, 0.02)]))
        let cand = try write(dir, "cand.json", runJSON([("a", "en-US", 0.10, candidateCost), ("b", "hi-IN", candidateHiWER, candidateCost),
                                                        ("c", "es-US", 0.10, candidateCost)]))
        return (dir, base, cand)
    }

    func testCleanCostWinContinuesWithExit0() throws {
        let (dir, base, cand) = try setUpRuns(candidateHiWER: 0.20, candidateCost: 0.013)
        let result = try CLI.run(["compare", "--baseline", base, "--candidate", cand, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((json["recommendation"] as? [String: Any])?["action"] as? String, "continue")
        XCTAssertEqual((json["findings"] as? [Any])?.count, 0)
        withExtendedLifetime(dir) {}
    }

    func testSliceHarmUnderACostWinOnOneFixtureIsAPauseNamingItWithExit1() throws {
        // Built-in budgets: asr.wer is critical with 0.01 allowed; hi-IN +0.025, all +0.0083.
        // One fixture cannot confirm a regression (fewer than --min-fixtures):
        // pause, naming the fixture, instead of acting on noise.
        let (dir, base, cand) = try setUpRuns(candidateHiWER: 0.225, candidateCost: 0.013)
        let result = try CLI.run(["compare", "--baseline", base, "--candidate", cand, "--format", "markdown"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("**fixture-check compare: pause** — possible critical asr.wer regression on language=hi-IN"), result.stdout)
        XCTAssertTrue(result.stdout.contains("too few fixtures to decide"), result.stdout)
        XCTAssertTrue(result.stdout.contains("fixtures over budget: b"), result.stdout)
        XCTAssertTrue(result.stdout.contains("cost.usd"), "cost beside quality: \(result.stdout)")
        withExtendedLifetime(dir) {}
    }

    func testSLOBurnRollsBackAndBudgetsFileIsUsed() throws {
        let (dir, base, cand) = try setUpRuns(candidateHiWER: 0.20, candidateCost: 0.013)
        let budgets = try write(dir, "budgets.json", #"{"cost.usd_per_min": {"allowed_delta": 0.01, "direction": "lower_is_better"}}"#)
        let burn = try CLI.run(["compare", "--baseline", base, "--candidate", cand, "--slo-burn", "2.5"])
        XCTAssertEqual(burn.status, 1)
        XCTAssertTrue(burn.stdout.hasPrefix("verdict: ROLLBACK — SLO burn 2.5"), burn.stdout)
        // A 0.007 cost drop is inside a 0.01 budget: no clear win, pause.
        let paused = try CLI.run(["compare", "--baseline", base, "--candidate", cand, "--budgets", budgets])
        XCTAssertEqual(paused.status, 1)
        XCTAssertTrue(paused.stdout.hasPrefix("verdict: PAUSE — no clear win yet"), paused.stdout)
        XCTAssertTrue(paused.stdout.contains(budgets), paused.stdout)
        withExtendedLifetime(dir) {}
    }

    func testOutputFileGetsTheReport() throws {
        let (dir, base, cand) = try setUpRuns(candidateHiWER: 0.20, candidateCost: 0.013)
        let out = dir.path("report.json")
        let result = try CLI.run(["compare", "--baseline", base, "--candidate", cand, "--format", "json", "--output", out])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "")
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))))
    }

    func testBadInputIsExit2NamingTheFile() throws {
        let (dir, base, cand) = try setUpRuns(candidateHiWER: 0.20, candidateCost: 0.013)
        let broken = try write(dir, "broken.json", #"{"fixtures": [{"id": "a", "metrics": {"asr.wer": true}}]}"#)
        let badBudgets = try write(dir, "budgets.json", #"{"asr.wer": {"allowed_delta": 0.01, "direction": "sideways"}}"#)
        let otherVersion = try write(dir, "v2.json", #"{"metrics_version": "2", "fixtures": []}"#)
        for (arguments, named) in [
            (["--baseline", base, "--candidate", broken], broken),
            (["--baseline", dir.path("missing.json"), "--candidate", cand], dir.path("missing.json")),
            (["--baseline", base, "--candidate", cand, "--budgets", badBudgets], badBudgets),
            (["--baseline", base, "--candidate", otherVersion], otherVersion),
        ] {
            let result = try CLI.run(["compare"] + arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(named), "stderr must name \(named): \(result.stderr)")
            XCTAssertEqual(result.stdout, "")
        }
        withExtendedLifetime(dir) {}
    }

    func testBadUsageIsExit64() throws {
        let (dir, base, cand) = try setUpRuns(candidateHiWER: 0.20, candidateCost: 0.013)
        XCTAssertEqual(try CLI.run(["compare", "--baseline", base]).status, 64)
        XCTAssertEqual(try CLI.run(["compare", "--baseline", base, "--candidate", cand, "--format", "junit"]).status, 64)
        XCTAssertEqual(try CLI.run(["compare", "--baseline", base, "--candidate", cand, "--slo-burn", "-1"]).status, 64)
        XCTAssertEqual(try CLI.run(["compare", "--baseline", base, "--candidate", cand, "--slo-burn", "nan"]).status, 64)
        withExtendedLifetime(dir) {}
    }
}
