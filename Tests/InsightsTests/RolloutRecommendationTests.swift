import FixtureKit
import XCTest
@testable import Insights

/// The first rule that applies wins, user harm overrides aggregate wins,
/// and breadth is counted in fixtures (docs/decisions.md).
///
/// The set: en-US ×10, es-US ×10, hi-IN ×3, ta-IN ×3 — 26 fixtures, one
/// language each; `minFixtures` 3 so a 3-fixture slice can be confirmed.
final class RolloutRecommendationTests: XCTestCase {
    let budgets = BudgetSet([
        "asr.wer": Make.werBudget,
        "asr.first_partial_latency_ms.p95": MetricBudget(allowedDelta: 100, direction: .lowerIsBetter),
        "task.success": Make.successBudget,
        "cost.*": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter),
    ])
    static let sizes = [("en-US", 10), ("es-US", 10), ("hi-IN", 3), ("ta-IN", 3)]

    func recommend(_ baseline: [FixtureResult], _ candidate: [FixtureResult], burn: Double? = nil, minFixtures: Int = 3) -> RolloutRecommendation {
        let comparison = SliceComparison(baseline: baseline, candidate: candidate, budgets: budgets, minFixtures: minFixtures)
        return RolloutRecommendation.recommend(comparison: comparison, sloBurn: burn)
    }

    /// `wer` overrides per language; `snr` puts chosen fixture ids in snr_bucket=0-5.
    func run(wer: [String: Double] = [:], werByID: [String: Double] = [:], latency: Double = 500, cost: Double = 10,
             success: Double = 0.9, snr: Set<String> = []) -> [FixtureResult] {
        Self.sizes.flatMap { language, count in
            (0..<count).map { i -> FixtureResult in
                let id = "\(language)-\(i)"
                var slices = ["language": language]
                if snr.contains(id) { slices["snr_bucket"] = "0-5" }
                return Make.fixture(id, slices,
                                    ["asr.wer": werByID[id] ?? wer[language] ?? 0.1, "asr.first_partial_latency_ms.p95": latency,
                                     "cost.gpu_ms_per_audio_s": cost, "task.success": success])
            }
        }
    }

    func testHighSLOBurnRollsBackWhateverTheWins() {
        let r = recommend(run(), run(cost: 5), burn: 2.0)
        XCTAssertEqual(r.action, .rollback)
        XCTAssertTrue(r.reason.contains("SLO burn 2"), r.reason)
        XCTAssertEqual(recommend(run(), run(cost: 5), burn: 1.99).action, .continue)
    }

    func testOneConfirmedLanguageIsAPartialRollbackNamingItsFixtures() {
        // hi-IN +0.06 on all 3 (budget 0.02); all moves 0.18/26 = 0.0069: within.
        let r = recommend(run(), run(wer: ["hi-IN": 0.16], cost: 6.5))
        XCTAssertEqual(r.action, .partialRollback)
        XCTAssertEqual(r.routeToBaseline, ["language=hi-IN"])
        XCTAssertEqual(r.fixtures, ["hi-IN-0", "hi-IN-1", "hi-IN-2"])
        XCTAssertEqual(r.regressingFixtures, 3)
        XCTAssertEqual(r.pairedFixtures, 26)
        XCTAssertTrue(r.reason.contains("3 of 26 fixtures") && r.reason.contains("asr.wer"), r.reason)
    }

    func testSixOfTwentySixFixturesAreBroadEvenInTwoSlices() {
        // 6/26 = 23 % ≥ 20 %.
        let r = recommend(run(), run(wer: ["hi-IN": 0.13, "ta-IN": 0.13]))
        XCTAssertEqual(r.action, .rollback)
        XCTAssertEqual(r.routeToBaseline, [])
        XCTAssertTrue(r.reason.contains("6 of 26 fixtures"), r.reason)
    }

    func testFewFixturesOutsideAnyRoutingSlicePauseAndAreNamed() {
        // en-US-0, en-US-1 and es-US-0 share only the derived snr_bucket=0-5;
        // +0.06 each: that slice is confirmed, 3/26 is not broad, and no
        // routing dimension holds the three without the rest.
        let noisy: Set = ["en-US-0", "en-US-1", "es-US-0"]
        let r = recommend(run(snr: noisy), run(werByID: ["en-US-0": 0.16, "en-US-1": 0.16, "es-US-0": 0.16], snr: noisy))
        XCTAssertEqual(r.action, .pause)
        XCTAssertEqual(r.fixtures, ["en-US-0", "en-US-1", "es-US-0"])
        XCTAssertTrue(r.reason.contains("en-US-0, en-US-1, es-US-0") && r.reason.contains("no routing slice"), r.reason)
    }

    func testEveryFixtureRegressingIsARollback() {
        let r = recommend(run(), run(wer: ["en-US": 0.13, "es-US": 0.13, "hi-IN": 0.13, "ta-IN": 0.13]))
        XCTAssertEqual(r.action, .rollback)
        XCTAssertEqual(r.regressingFixtures, 26)
    }

    func testTooFewFixturesToConfirmPausesAndSaysSo() {
        // The same hi-IN harm, but 3 fixtures < the default 5: possible only.
        let r = recommend(run(), run(wer: ["hi-IN": 0.16], cost: 6.5), minFixtures: 5)
        XCTAssertEqual(r.action, .pause)
        XCTAssertTrue(r.reason.contains("too few fixtures to decide"), r.reason)
        XCTAssertTrue(r.reason.contains("hi-IN-0, hi-IN-1, hi-IN-2"), r.reason)
        XCTAssertEqual(r.fixtures, ["hi-IN-0", "hi-IN-1", "hi-IN-2"])
    }

    func testManyConfirmedNonCriticalWarningsPause() {
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
