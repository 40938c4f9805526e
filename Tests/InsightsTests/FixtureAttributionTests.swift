import FileFormats
import FixtureKit
import Insights
import XCTest
@testable import Insights

/// Issue 20: one fixture is in `all` and in every slice it carries, so
/// breadth is counted in fixtures, every finding names its fixtures, and
/// every delta carries a deterministic paired bootstrap interval.
final class FixtureAttributionTests: XCTestCase {
    /// 60 fixtures f-00…f-59: language en-US / hi-IN / es-US by i % 3,
    /// device android / ios by i % 2, accent by i % 5; WER 0.10 unless given.
    func sixty(wer: [Int: Double] = [:]) -> [FixtureResult] {
        (0..<60).map { i in
            Make.fixture(String(format: "f-%02d", i),
                         ["language": ["en-US", "hi-IN", "es-US"][i % 3], "device": i % 2 == 0 ? "android" : "ios",
                          "accent": "a\(i % 5)", "snr_bucket": "10-15"],
                         ["asr.wer": wer[i] ?? 0.10])
        }
    }

    func report(_ baseline: [FixtureResult], _ candidate: [FixtureResult], minFixtures: Int = 5) throws -> ComparisonReport {
        try ComparisonReport(baseline: RunResults(path: "a.json", fixtures: baseline), candidate: RunResults(path: "b.json", fixtures: candidate),
                             budgets: .standard, budgetsPath: nil, sloBurn: nil, minFixtures: minFixtures)
    }

    func testOneBadFixtureAmongSixtyIsNamedAndNotARollback() throws {
        // f-07 WER 0.10 → 1.00 (+0.9). It is in all, language=hi-IN,
        // device=ios, accent=a2, snr_bucket=10-15: five slices regress on
        // the means (all +0.9/60 = +0.015 against 0.01).
        let r = try report(sixty(), sixty(wer: [7: 1.0]))
        let regressions = r.comparison.findings.filter { $0.kind == .regression }
        XCTAssertEqual(Set(regressions.map(\.slice)), ["all", "language=hi-IN", "device=ios", "accent=a2", "snr_bucket=10-15"])
        for finding in regressions {
            let evidence = try XCTUnwrap(finding.evidence)
            XCTAssertEqual(evidence.drivenBy, ["f-07"], finding.slice)
            XCTAssertEqual(evidence.fixtures.first?.id, "f-07", "the worst contributor is listed first")
            XCTAssertEqual(evidence.fixtures.first?.delta ?? 0, 0.9, accuracy: 1e-12)
            // A resample misses f-07 with probability (1 − 1/n)^n ≈ 0.36, far
            // above the 2.5 % tail: the low end is 0, within budget.
            XCTAssertEqual(evidence.interval?.low ?? -1, 0, accuracy: 1e-12, finding.slice)
            XCTAssertEqual(finding.status, .possible, finding.slice)
        }
        let all = try XCTUnwrap(regressions.first { $0.slice == "all" }?.evidence)
        XCTAssertEqual(all.pairedCount, 60)
        XCTAssertEqual(all.fixtures[0].contribution, 0.015, accuracy: 1e-12)  // 0.9 / 60
        XCTAssertNotEqual(r.recommendation.action, .rollback)
        XCTAssertEqual(r.recommendation.action, .pause)
        XCTAssertEqual(r.recommendation.fixtures, ["f-07"])
        XCTAssertTrue(r.recommendation.reason.contains("f-07"), r.recommendation.reason)
        XCTAssertTrue(r.text.contains("driven by f-07"), r.text)
    }

    func testFortyPercentOfFixturesRegressingIsARollback() throws {
        // f-00…f-23 (24 of 60) +0.1: all +0.04; a resample holds ~24 ± 3.8
        // of them, so even the 2.5 % end (~16 → +0.027) clears 0.01.
        let bad = Dictionary(uniqueKeysWithValues: (0..<24).map { ($0, 0.2) })
        let r = try report(sixty(), sixty(wer: bad))
        let all = try XCTUnwrap(r.comparison.findings.first { $0.slice == "all" && $0.kind == .regression })
        XCTAssertEqual(all.status, .confirmed)
        XCTAssertGreaterThan(all.evidence!.interval!.low, 0.01)
        XCTAssertEqual(r.recommendation.action, .rollback)
        XCTAssertEqual(r.recommendation.regressingFixtures, 24)
        XCTAssertEqual(r.recommendation.pairedFixtures, 60)
        XCTAssertTrue(r.recommendation.reason.contains("24 of 60 fixtures"), r.recommendation.reason)
    }

    /// en-US ×45 (e-00…e-44), ta-IN ×15 (t-00…t-14); `bad` ta-IN fixtures +0.5.
    func tamil(bad: Int) -> (baseline: [FixtureResult], candidate: [FixtureResult]) {
        func make(_ worse: Bool) -> [FixtureResult] {
            (0..<45).map { Make.fixture(String(format: "e-%02d", $0), ["language": "en-US"], ["asr.wer": 0.1]) }
                + (0..<15).map { Make.fixture(String(format: "t-%02d", $0), ["language": "ta-IN"], ["asr.wer": worse && $0 < bad ? 0.6 : 0.1]) }
        }
        return (make(false), make(true))
    }

    func testExactlyTwentyPercentIsBroadAndOneFewerIsRouted() throws {
        // 12 of 60 is exactly 20 %: 12·100 ≥ 20·60 — broad, rollback.
        let twelve = tamil(bad: 12)
        XCTAssertEqual(try report(twelve.baseline, twelve.candidate).recommendation.action, .rollback)
        // 11 of 60 (18.3 %): not broad; all 11 are in language=ta-IN (15 of
        // 60 fixtures), the narrowest routing slice holding them.
        let eleven = tamil(bad: 11)
        let r = try report(eleven.baseline, eleven.candidate)
        XCTAssertEqual(r.recommendation.action, .partialRollback)
        XCTAssertEqual(r.recommendation.routeToBaseline, ["language=ta-IN"])
        XCTAssertEqual(r.recommendation.fixtures, (0..<11).map { String(format: "t-%02d", $0) })
        // all: removing the 10 worst leaves 0.5/50 = 0.01, exactly on budget.
        let all = try XCTUnwrap(r.comparison.findings.first { $0.slice == "all" })
        XCTAssertEqual(all.evidence?.drivenBy, (0..<10).map { String(format: "t-%02d", $0) })
    }

    func testIntervalEndingExactlyOnTheBudgetIsOnlyPossible() throws {
        // Five fixtures +0.125, +0.125, +0.125, +0.125, +0.25 (exact binary
        // fractions): mean +0.15. A resample without the +0.25 (p = 0.8^5 =
        // 0.33) has mean exactly 0.125, so the 2.5 % end is 0.125.
        let deltas = [0.125, 0.125, 0.125, 0.125, 0.25]
        let baseline = Dictionary(uniqueKeysWithValues: deltas.indices.map { ("f\($0)", 0.0) })
        let candidate = Dictionary(uniqueKeysWithValues: deltas.enumerated().map { ("f\($0)", $1) })
        let onBudget = MetricBudget(allowedDelta: 0.125, direction: .lowerIsBetter, critical: true)
        let evidence = SliceEvidence(baseline: baseline, candidate: candidate, budget: onBudget)
        XCTAssertEqual(evidence.interval, DeltaInterval(low: 0.125, high: evidence.interval!.high))
        XCTAssertEqual(evidence.status(budget: onBudget, minFixtures: 5), .possible, "a tie at the budget does not clear it")
        let below = MetricBudget(allowedDelta: 0.0625, direction: .lowerIsBetter, critical: true)
        XCTAssertEqual(evidence.status(budget: below, minFixtures: 5), .confirmed)
        XCTAssertEqual(evidence.status(budget: below, minFixtures: 6), .possible, "5 fixtures are too few for --min-fixtures 6")
        // Removing f4 (+0.25) leaves +0.125: exactly on budget, so within.
        XCTAssertEqual(evidence.drivenBy, ["f4"])
    }

    func testDrivenByIsTheSmallestSetWorstFirst() {
        let budget = MetricBudget(allowedDelta: 0.02, direction: .lowerIsBetter)
        let base = ["a": 0.0, "b": 0.0, "c": 0.0, "d": 0.0]
        // +0.3, +0.3, 0, 0: mean 0.15; without a 0.1; without a and b 0.
        let two = SliceEvidence(baseline: base, candidate: ["a": 0.3, "b": 0.3, "c": 0, "d": 0], budget: budget)
        XCTAssertEqual(two.drivenBy, ["a", "b"])
        XCTAssertEqual(two.fixtures.map(\.contribution), [0.075, 0.075, 0, 0])
        // +0.3, +0.1, 0, −0.1: without a the mean is 0.
        let one = SliceEvidence(baseline: base, candidate: ["a": 0.3, "b": 0.1, "c": 0, "d": -0.1], budget: budget)
        XCTAssertEqual(one.drivenBy, ["a"])
        XCTAssertEqual(one.fixtures.map(\.id), ["a", "b", "c", "d"])
        // Every fixture +0.05: no proper subset helps — slice-wide.
        let wide = SliceEvidence(baseline: base, candidate: ["a": 0.05, "b": 0.05, "c": 0.05, "d": 0.05], budget: budget)
        XCTAssertNil(wide.drivenBy)
        // Higher is better: the biggest drop is the worst.
        let success = MetricBudget(allowedDelta: 0.05, direction: .higherIsBetter)
        let drop = SliceEvidence(baseline: ["a": 0.9, "b": 0.9, "c": 0.9], candidate: ["a": 0.9, "b": 0.5, "c": 0.8], budget: success)
        XCTAssertEqual(drop.fixtures.map(\.id), ["b", "c", "a"])
        XCTAssertEqual(drop.drivenBy, ["b"])  // without b: −0.05, exactly the budget
    }

    func testBootstrapDrawsAreSplitMix64MultiplyHigh() {
        // The reference splitmix64.c from seed 0, mapped to 0..<10 by the
        // high word of next() × 10.
        var generator = SeededRandom(seed: 0)
        XCTAssertEqual(generator.index(below: 10), Int((UInt64(0xE220_A839_7B1D_CDAF).multipliedFullWidth(by: 10)).high))
        XCTAssertEqual(generator.index(below: 10), Int((UInt64(0x6E78_9E6A_A1B9_65F4).multipliedFullWidth(by: 10)).high))
    }

    func testTwoPointBootstrapIsHandComputable() {
        // Deltas 0 and 1: a resample mean is 0, 0.5 or 1 with p ¼, ½, ¼; of
        // 2000 about 500 are 0 and 500 are 1, so rank 50 is 0 and rank 1950 is 1.
        XCTAssertEqual(PairedBootstrap.standard.interval([0, 1]), DeltaInterval(low: 0, high: 1))
        XCTAssertEqual(PairedBootstrap.standard.interval([0.25]), DeltaInterval(low: 0.25, high: 0.25))
        XCTAssertNil(PairedBootstrap.standard.interval([]))
    }

    func testIntervalsAreIdenticalAcrossRunsAndInputOrders() throws {
        let deltas: [Int: Double] = [1: 0.13, 4: 0.31, 9: 0.05, 16: 0.22, 25: 0.4, 36: 0.18, 49: 0.27]
        let first = try report(sixty(), sixty(wer: deltas))
        let again = try report(sixty(), sixty(wer: deltas))
        let reversed = try report(sixty().reversed(), sixty(wer: deltas).reversed())
        func intervals(_ r: ComparisonReport) -> [String] {
            r.comparison.rows.flatMap { row in row.quality.map { "\(row.slice) \($0.metric) \(String(describing: $0.interval))" } }
        }
        XCTAssertFalse(intervals(first).isEmpty)
        XCTAssertEqual(intervals(first), intervals(again))
        XCTAssertEqual(intervals(first), intervals(reversed), "fixtures are resampled in id order, not input order")
        XCTAssertEqual(first.json.serialized(), again.json.serialized())
        // The seed is real: another seed moves the interval of all.
        let all = try XCTUnwrap(first.comparison.rows.first { $0.slice == "all" }?.quality.first?.interval)
        let reseeded = try ComparisonReport(baseline: RunResults(path: "a.json", fixtures: sixty()),
                                            candidate: RunResults(path: "b.json", fixtures: sixty(wer: deltas)),
                                            budgets: .standard, budgetsPath: nil, sloBurn: nil,
                                            bootstrap: PairedBootstrap(seed: 7, resamples: 2000))
        XCTAssertNotEqual(reseeded.comparison.rows.first { $0.slice == "all" }?.quality.first?.interval, all)
        // Interval brackets the point estimate: mean delta 1.56/60 = 0.026.
        XCTAssertLessThan(all.low, 0.026)
        XCTAssertGreaterThan(all.high, 0.026)
    }
}
