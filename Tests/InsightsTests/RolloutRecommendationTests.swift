import FixtureKit
import XCTest
@testable import Insights

/// Seed lab 2: the first rule that applies wins, and user harm overrides
/// aggregate wins (SPEC §7).
final class RolloutRecommendationTests: XCTestCase {
    let budgets = BudgetSet([
        "asr.wer": Make.werBudget,
        "asr.first_partial_latency_ms.p95": MetricBudget(allowedDelta: 100, direction: .lowerIsBetter),
        "task.success": Make.successBudget,
        "cost.*": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter),
    ])

    func recommend(_ baseline: [FixtureResult], _ candidate: [FixtureResult], burn: Double? = nil) -> RolloutRecommendation {
        let comparison = SliceComparison(baseline: baseline, candidate: candidate, budgets: budgets)
        return RolloutRecommendation.recommend(findings: comparison.findings, aggregateWins: comparison.aggregateWins, sloBurn: burn)
    }

    /// Four languages; `wer` overrides per language, cost per fixture.
    func run(wer: [String: Double] = [:], latency: Double = 500, cost: Double = 10, success: Double = 0.9) -> [FixtureResult] {
        ["en-US", "hi-IN", "es-US", "ta-IN"].map { language in
            Make.fixture(language, ["language": language],
                         ["asr.wer": wer[language] ?? 0.1, "asr.first_partial_latency_ms.p95": latency,
                          "cost.gpu_ms_per_audio_s": cost, "task.success": success])
        }
    }

    func testHighSLOBurnRollsBackWhateverTheWins() {
        let r = recommend(run(), run(cost: 5), burn: 2.0)
        XCTAssertEqual(r.action, .rollback)
        XCTAssertTrue(r.reason.contains("SLO burn 2"), r.reason)
        XCTAssertEqual(recommend(run(), run(cost: 5), burn: 1.99).action, .continue)
    }

    func testOneCriticalSliceIsAPartialRollbackNamingIt() {
        // hi-IN +0.06 (critical wer budget 0.02); all moves only +0.015.
        let r = recommend(run(), run(wer: ["hi-IN": 0.16], cost: 6.5))
        XCTAssertEqual(r.action, .partialRollback)
        XCTAssertEqual(r.routeToBaseline, ["language=hi-IN"])
        XCTAssertTrue(r.reason.contains("language=hi-IN") && r.reason.contains("asr.wer"), r.reason)
    }

    func testTwoCriticalSlicesAreStillPartial() {
        let r = recommend(run(), run(wer: ["hi-IN": 0.13, "ta-IN": 0.13]))
        XCTAssertEqual(r.action, .partialRollback)
        XCTAssertEqual(r.routeToBaseline, ["language=hi-IN", "language=ta-IN"])
    }

    func testCriticalRegressionsInThreeSlicesAreBroad() {
        let r = recommend(run(), run(wer: ["hi-IN": 0.125, "ta-IN": 0.125, "es-US": 0.125]))
        XCTAssertEqual(r.action, .rollback)
        XCTAssertEqual(r.routeToBaseline, [])
    }

    func testCriticalRegressionOfAllIsARollbackNotARouting() {
        // Every language +0.03: four language slices and all regress.
        XCTAssertEqual(recommend(run(), run(wer: ["en-US": 0.13, "hi-IN": 0.13, "es-US": 0.13, "ta-IN": 0.13])).action, .rollback)
        // One fixture only: slices all and language=en-US (2 slices), still a rollback.
        let one = [Make.fixture("a", ["language": "en-US"], ["asr.wer": 0.1])]
        let worse = [Make.fixture("a", ["language": "en-US"], ["asr.wer": 0.2])]
        XCTAssertEqual(recommend(one, worse).action, .rollback)
    }

    func testManyNonCriticalWarningsPause() {
        // First-partial latency +150 ms (budget 100) in all and every language: 5 findings.
        let r = recommend(run(), run(latency: 650, cost: 5))
        XCTAssertEqual(r.action, .pause)
        XCTAssertTrue(r.reason.contains("5 unresolved findings"), r.reason)
    }

    func testCleanCanaryWithCostWinContinues() {
        let r = recommend(run(), run(cost: 6.5))
        XCTAssertEqual(r.action, .continue)
        XCTAssertTrue(r.reason.contains("cost.gpu_ms_per_audio_s") && r.reason.contains("guardrails are clean"), r.reason)
    }

    func testCleanCanaryWithLatencyWinContinues() {
        // −150 ms against a 100 ms budget is a win.
        XCTAssertEqual(recommend(run(), run(latency: 350)).action, .continue)
        // −100 ms, exactly the budget, is not a clear win.
        XCTAssertEqual(recommend(run(), run(latency: 400)).action, .pause)
    }

    func testHigherIsBetterWinCounts() {
        XCTAssertEqual(recommend(run(), run(success: 0.96)).action, .continue)  // +0.06 > 0.05
    }

    func testNoClearWinPauses() {
        let r = recommend(run(), run())
        XCTAssertEqual(r.action, .pause)
        XCTAssertTrue(r.reason.hasPrefix("no clear win yet"), r.reason)
    }

    func testUserHarmOverridesAnAggregateCostWin() {
        // Seed incident 4: cost −35 % everywhere, aggregate WER within budget,
        // one noisy-accent slice badly worse.
        let r = recommend(run(), run(wer: ["ta-IN": 0.17], cost: 6.5))
        XCTAssertEqual(r.action, .partialRollback)
        XCTAssertEqual(r.routeToBaseline, ["language=ta-IN"])
    }

    func testOnlyContinueClearsTheCandidate() {
        XCTAssertEqual(RolloutAction.allCases.filter(\.clearsCandidate), [.continue])
    }
}
