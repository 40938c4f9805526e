import FixtureKit
import Gate
import StreamingMetrics
import XCTest

/// docs/gate.md comparison: abs/rel bounds (at tolerance passes, just over
/// fails), direction decides regression vs improvement, exact strings,
/// one-sided metrics and null.
final class MetricComparisonTests: XCTestCase {
    let lower50 = Tolerance(amount: .absolute(50), direction: .lowerIsBetter)
    let higherRel10 = Tolerance(amount: .relative(0.1), direction: .higherIsBetter)
    let exact0 = Tolerance(amount: .absolute(0), direction: .exact)

    func kind(_ g: MetricValue?, _ a: MetricValue?, _ t: Tolerance) -> DiffKind? {
        MetricComparison.compare(golden: g, actual: a, tolerance: t)
    }

    func testAbsoluteBoundIsInclusive() {
        XCTAssertNil(kind(.number(350), .number(400), lower50), "exactly on tolerance passes")
        XCTAssertEqual(kind(.number(350), .number(400.001), lower50), .regression)
        XCTAssertNil(kind(.number(350), .number(300), lower50))
        XCTAssertEqual(kind(.number(350), .number(299.999), lower50), .improved)
    }

    func testFloatingPointNoiseOnTheBoundPasses() {
        // 0.1 + 0.2 = 0.30000000000000004: still "exactly" 0.2 above 0.1.
        let t = Tolerance(amount: .absolute(0.2), direction: .lowerIsBetter)
        XCTAssertNil(kind(.number(0.1), .number(0.1 + 0.2), t))
    }

    func testRelativeBoundScalesWithTheGolden() {
        // 10 % of 0.8 is 0.08: 0.72 is on the bound, 0.7199 beyond it.
        XCTAssertNil(kind(.number(0.8), .number(0.72), higherRel10))
        XCTAssertEqual(kind(.number(0.8), .number(0.7199), higherRel10), .regression)
        XCTAssertEqual(kind(.number(0.8), .number(0.8801), higherRel10), .improved)
        XCTAssertNil(kind(.number(-2), .number(-2.2), higherRel10), "relative to the magnitude of a negative golden")
        XCTAssertEqual(kind(.number(0), .number(0.001), Tolerance(amount: .relative(0.5), direction: .lowerIsBetter)), .regression,
                       "rel of a zero golden allows no change")
    }

    func testExactDirectionFailsEitherWay() {
        XCTAssertEqual(kind(.number(3), .number(2), exact0), .regression)
        XCTAssertEqual(kind(.number(3), .number(4), exact0), .regression)
        XCTAssertNil(kind(.number(3), .number(3), exact0))
    }

    func testStringsCompareExactly() {
        XCTAssertNil(kind(.string("10-15"), .string("10-15"), lower50))
        XCTAssertEqual(kind(.string("10-15"), .string("5-10"), lower50), .mismatch)
        XCTAssertEqual(kind(.string("1"), .number(1), lower50), .mismatch)
    }

    func testNullAgainstANumberIsAMismatchBothWays() {
        XCTAssertEqual(kind(.null, .number(0), lower50), .mismatch)
        XCTAssertEqual(kind(.number(0), .null, lower50), .mismatch)
        XCTAssertNil(kind(.null, .null, lower50))
    }

    func testOneSidedMetricsFailNamingTheSide() {
        XCTAssertEqual(kind(nil, .number(1), lower50), .missingInGolden)
        XCTAssertEqual(kind(.number(1), nil, lower50), .missingInActual)
        XCTAssertTrue(DiffKind.missingInGolden.fails)
        XCTAssertFalse(DiffKind.improved.fails)
    }

    func testDiffsListOnlyWhatMovedInNameOrder() throws {
        let tolerances = try ToleranceTable(json: .parse("{\"tts.*\": {\"abs\": 100, \"direction\": \"lower_is_better\"}}"), path: "t")
        let golden: MetricSet = ["tts.first_audio_byte_ms.p95": .number(350), "tts.underrun_count": .number(0), "asr.wer": .number(0.1), "gone": .number(1)]
        let actual: MetricSet = ["tts.first_audio_byte_ms.p95": .number(1400), "tts.underrun_count": .number(0), "asr.wer": .number(0.1), "new": .string("x")]
        let diffs = MetricComparison.diffs(golden: golden, actual: actual, tolerances: tolerances)
        XCTAssertEqual(diffs.map(\.metric), ["gone", "new", "tts.first_audio_byte_ms.p95"])
        XCTAssertEqual(diffs.map(\.kind), [.missingInActual, .missingInGolden, .regression])
        XCTAssertEqual(diffs[2].tolerance.pattern, "tts.*")
    }

    func testStatusOfAFixture() {
        let tolerances = ToleranceTable(rules: [Tolerance(amount: .absolute(50), direction: .lowerIsBetter, pattern: "*latency*")])
        func status(_ actual: MetricSet) -> FixtureStatus {
            let golden = Golden(fixture: "f", metrics: ["latency": .number(100), "label": .string("a")])
            return GateEvaluation.evaluate(id: "f", result: FixtureResult(id: "f", metrics: actual), lookup: .found(golden),
                                           tolerances: tolerances, record: .never, goldenPath: "G/f.json").verdict.status
        }
        XCTAssertEqual(status(["latency": .number(149), "label": .string("a")]), .pass)
        XCTAssertEqual(status(["latency": .number(40), "label": .string("a")]), .improved)
        XCTAssertEqual(status(["latency": .number(40), "label": .string("b")]), .regression, "a failure outranks an improvement")
        XCTAssertEqual(status(["latency": .number(151), "label": .string("a")]), .regression)
    }

    func testAValueComparesEqualToItsOwnRecording() {
        // 1/3 is stored as 0.333333; the default 1e-9 tolerance must still pass.
        let actual: MetricSet = ["ratio": .number(1.0 / 3.0)]
        let recorded = Golden(fixture: "f", metrics: GateEvaluation.storedPrecision(actual))
        let verdict = GateEvaluation.evaluate(id: "f", result: FixtureResult(id: "f", metrics: actual), lookup: .found(recorded),
                                              tolerances: ToleranceTable(), record: .never, goldenPath: "G/f.json").verdict
        XCTAssertEqual(verdict.status, .pass, "\(verdict.diffs)")
    }

    func testAnOlderMetricsVersionIsRefusedWithTheFix() {
        let golden = Golden(fixture: "f", metricsVersion: "0", metrics: ["x": .number(1)])
        let result = FixtureResult(id: "f", metrics: ["x": .number(1)])
        let refused = GateEvaluation.evaluate(id: "f", result: result, lookup: .found(golden),
                                              tolerances: ToleranceTable(), record: .never, goldenPath: "G/f.json")
        XCTAssertEqual(refused.verdict.status, .error)
        XCTAssertTrue(refused.verdict.diffs.isEmpty, "numbers of different definitions are not compared")
        XCTAssertEqual(refused.verdict.errors, ["G/f.json: recorded under metrics_version 0, this build computes \(metricsVersion); the numbers are not comparable: re-record with `fixture-check --record all` and review the diff"])
        XCTAssertNil(refused.goldenToWrite)
        let rerecorded = GateEvaluation.evaluate(id: "f", result: result, lookup: .found(golden),
                                                 tolerances: ToleranceTable(), record: .all, goldenPath: "G/f.json")
        XCTAssertEqual(rerecorded.goldenToWrite?.metricsVersion, metricsVersion)
    }

    func testMovedAudioPropertiesAreAudioChangedNotRegressions() {
        let golden = Golden(fixture: "f", metrics: ["snr.db": .number(20), "snr.bucket": .string("20-30"), "asr.wer": .number(0.1)])
        let audioOnly = GateEvaluation.evaluate(
            id: "f", result: FixtureResult(id: "f", metrics: ["snr.db": .number(12), "snr.bucket": .string("10-15"), "asr.wer": .number(0.1)]),
            lookup: .found(golden), tolerances: ToleranceTable(), record: .never, goldenPath: "G/f.json").verdict
        XCTAssertEqual(audioOnly.status, .audioChanged)
        XCTAssertEqual(audioOnly.diffs.map(\.kind), [.audioChanged, .audioChanged])
        XCTAssertTrue(audioOnly.fails)
        let both = GateEvaluation.evaluate(
            id: "f", result: FixtureResult(id: "f", metrics: ["snr.db": .number(30), "snr.bucket": .string("20-30"), "asr.wer": .number(0.5)]),
            lookup: .found(golden), tolerances: ToleranceTable(), record: .never, goldenPath: "G/f.json").verdict
        XCTAssertEqual(both.status, .regression, "the engine's regression is named even when the audio moved too")
        XCTAssertEqual(both.diffs.map(\.kind), [.regression, .audioChanged])
    }
}
