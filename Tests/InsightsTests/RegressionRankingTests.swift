import FixtureKit
import XCTest
@testable import Insights

/// Seed lab 1 and its closed gaps: findings per slice against the slice's
/// own baseline, the missing kinds, the on-budget edge and the ranking.
final class RegressionRankingTests: XCTestCase {
    func compare(_ baseline: [FixtureResult], _ candidate: [FixtureResult], _ budgets: [String: MetricBudget]) -> [SliceFinding] {
        SliceComparison(baseline: baseline, candidate: candidate, budgets: BudgetSet(budgets)).findings
    }

    func testLowerIsBetterWERRegressionIsOverBudgetBy() throws {
        let findings = compare([Make.fixture("a", [:], ["asr.wer": 0.10])],
                               [Make.fixture("a", [:], ["asr.wer": 0.15])], ["asr.wer": Make.werBudget])
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(finding.kind, .regression)
        XCTAssertEqual(finding.delta!, 0.05, accuracy: 1e-12)
        XCTAssertEqual(finding.severity!, 0.03, accuracy: 1e-12)  // 0.05 − 0.02
        XCTAssertTrue(finding.isCriticalRegression)
    }

    func testLowerIsBetterImprovementIsNoFinding() {
        XCTAssertEqual(compare([Make.fixture("a", [:], ["asr.wer": 0.15])],
                               [Make.fixture("a", [:], ["asr.wer": 0.05])], ["asr.wer": Make.werBudget]), [])
    }

    func testHigherIsBetterTaskSuccessDropIsARegressionAndRiseIsNot() throws {
        let drop = compare([Make.fixture("a", [:], ["task.success": 0.90])],
                           [Make.fixture("a", [:], ["task.success": 0.80])], ["task.success": Make.successBudget])
        XCTAssertEqual(drop.count, 1)
        XCTAssertEqual(drop[0].severity!, 0.05, accuracy: 1e-12)  // −(−0.10) − 0.05
        XCTAssertEqual(compare([Make.fixture("a", [:], ["task.success": 0.80])],
                               [Make.fixture("a", [:], ["task.success": 0.95])], ["task.success": Make.successBudget]), [])
    }

    func testExactlyOnBudgetPasses() {
        // 0.25 − 0.125 = 0.125 exactly: severity 0, not a finding.
        let budget = MetricBudget(allowedDelta: 0.125, direction: .lowerIsBetter)
        XCTAssertEqual(compare([Make.fixture("a", [:], ["m": 0.125])], [Make.fixture("a", [:], ["m": 0.25])], ["m": budget]), [])
        XCTAssertEqual(compare([Make.fixture("a", [:], ["m": 0.25])], [Make.fixture("a", [:], ["m": 0.125])],
                               ["m": MetricBudget(allowedDelta: 0.125, direction: .higherIsBetter)]), [])
    }

    func testFloatNoiseOnTheBudgetEdgePasses() {
        // 0.1 + 0.2 = 0.30000000000000004, so the delta is 2 ulps over 0.2.
        let noisy = 0.1 + 0.2
        XCTAssertGreaterThan(noisy - 0.1, 0.2, "the case must really carry float noise")
        let budget = MetricBudget(allowedDelta: 0.2, direction: .lowerIsBetter)
        XCTAssertEqual(compare([Make.fixture("a", [:], ["m": 0.1])], [Make.fixture("a", [:], ["m": noisy])], ["m": budget]), [])
        // The same noise through a slice mean: (0.1 + 0.5) / 2 vs 0.1 with budget 0.2.
        XCTAssertEqual(compare([Make.fixture("a", [:], ["m": 0.1]), Make.fixture("b", [:], ["m": 0.1])],
                               [Make.fixture("a", [:], ["m": 0.1]), Make.fixture("b", [:], ["m": 0.5])], ["m": budget]), [])
        // A real excess just above the margin is still caught.
        XCTAssertEqual(compare([Make.fixture("a", [:], ["m": 0.1])], [Make.fixture("a", [:], ["m": 0.3 + 1e-6])], ["m": budget]).count, 1)
    }

    func testEpsilonScalesWithLargeBudgets() {
        let budget = MetricBudget(allowedDelta: 150, direction: .lowerIsBetter)
        XCTAssertEqual(budget.epsilon, 1.5e-7, accuracy: 1e-20)
        XCTAssertFalse(budget.isRegression(delta: 150 + 1e-8))
        XCTAssertTrue(budget.isRegression(delta: 150.001))
    }

    func testEachSliceIsComparedWithItsOwnBaseline() {
        // The aggregate improves (0.2 → 0.15) while hi-IN regresses (0.1 → 0.2):
        // only hi-IN is a finding.
        let baseline = [Make.fixture("a", ["language": "en-US"], ["asr.wer": 0.3]), Make.fixture("b", ["language": "hi-IN"], ["asr.wer": 0.1])]
        let candidate = [Make.fixture("a", ["language": "en-US"], ["asr.wer": 0.1]), Make.fixture("b", ["language": "hi-IN"], ["asr.wer": 0.2])]
        XCTAssertEqual(Make.summary(compare(baseline, candidate, ["asr.wer": Make.werBudget])), ["regression language=hi-IN asr.wer"])
    }

    func testSliceNewInCandidateIsMissingBaseline() {
        let findings = compare([Make.fixture("a", ["language": "en-US"], ["asr.wer": 0.1])],
                               [Make.fixture("a", ["language": "en-US"], ["asr.wer": 0.1]),
                                Make.fixture("b", ["language": "ta-IN"], ["asr.wer": 0.9])], ["asr.wer": Make.werBudget])
        XCTAssertEqual(Make.summary(findings), ["missing_baseline language=ta-IN -", "regression all asr.wer"])
        XCTAssertNil(findings[0].severity)
    }

    func testSliceLostInCandidateIsMissingCandidate() {
        let findings = compare([Make.fixture("a", ["device": "android"], ["asr.wer": 0.1]), Make.fixture("b", ["device": "ios"], ["asr.wer": 0.1])],
                               [Make.fixture("a", ["device": "android"], ["asr.wer": 0.1])], ["asr.wer": Make.werBudget])
        XCTAssertEqual(Make.summary(findings), ["missing_candidate device=ios -"])
    }

    func testBudgetedMetricAbsentOnOneSideIsMissingMetric() {
        let findings = compare([Make.fixture("a", [:], ["asr.wer": 0.1, "tts.first_audio_byte_ms.p95": 350])],
                               [Make.fixture("a", [:], ["asr.wer": 0.1, "tts.first_audio_byte_ms.p95": nil])],
                               ["asr.wer": Make.werBudget, "tts.first_audio_byte_ms.p95": MetricBudget(allowedDelta: 150, direction: .lowerIsBetter)])
        XCTAssertEqual(Make.summary(findings), ["missing_metric all tts.first_audio_byte_ms.p95"])
        XCTAssertEqual(findings[0].baseline, 350)
        XCTAssertNil(findings[0].candidate)
    }

    func testBudgetedMetricAbsentOnBothSidesIsNoFinding() {
        XCTAssertEqual(compare([Make.fixture("a", [:], ["asr.wer": 0.1])], [Make.fixture("a", [:], ["asr.wer": 0.1])],
                               ["asr.wer": Make.werBudget, "barge_in.missed": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter)]), [])
    }

    func testUnbudgetedMetricsAreNotCompared() {
        XCTAssertEqual(compare([Make.fixture("a", [:], ["asr.revisions": 1])], [Make.fixture("a", [:], ["asr.revisions": 40])],
                               ["asr.wer": Make.werBudget]), [])
    }

    func testMissingKindsFirstThenSeverityThenSliceThenMetric() {
        let budgets = ["m.a": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter),
                       "m.b": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter)]
        let baseline = [Make.fixture("1", ["d": "x"], ["m.a": 0, "m.b": 0]), Make.fixture("2", ["d": "y"], ["m.a": 0, "m.b": 0]),
                        Make.fixture("3", ["d": "lost"], ["m.a": 0, "m.b": 0])]
        // d=x and d=y both regress m.a and m.b by exactly 1 (ties); all by 2/3.
        let candidate = [Make.fixture("1", ["d": "y"], ["m.a": 1, "m.b": 1]), Make.fixture("2", ["d": "x"], ["m.a": 1, "m.b": 1]),
                         Make.fixture("4", ["d": "new"], ["m.a": 0, "m.b": 0])]
        let findings = compare(baseline, candidate, budgets)
        XCTAssertEqual(Make.summary(findings), [
            "missing_candidate d=lost -", "missing_baseline d=new -",
            "regression d=x m.a", "regression d=x m.b", "regression d=y m.a", "regression d=y m.b",
            "regression all m.a", "regression all m.b",
        ])
        // The order does not depend on input order.
        XCTAssertEqual(compare(baseline.reversed(), candidate.reversed(), budgets), findings)
    }

    func testGlobBudgetsCoverCostMetrics() {
        let findings = compare([Make.fixture("a", [:], ["cost.usd_per_min": 0.010, "cost.gpu_ms_per_audio_s": 10])],
                               [Make.fixture("a", [:], ["cost.usd_per_min": 0.012, "cost.gpu_ms_per_audio_s": 10])],
                               ["cost.*": MetricBudget(allowedDelta: 0, direction: .lowerIsBetter)])
        XCTAssertEqual(Make.summary(findings), ["regression all cost.usd_per_min"])
    }
}
