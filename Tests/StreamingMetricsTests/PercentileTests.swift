import XCTest
import StreamingMetrics

/// Nearest-rank percentiles: `sorted[ceil(q/100 · n) − 1]` (docs/metrics.md).
final class PercentileTests: XCTestCase {
    func testOneValue() {
        XCTAssertEqual(Percentile.nearestRank(50, of: [7]), 7)
        XCTAssertEqual(Percentile.nearestRank(95, of: [7]), 7)
    }

    func testTwoValues() {
        // ceil(0.5·2) = 1 → first; ceil(0.95·2) = 2 → second.
        XCTAssertEqual(Percentile.nearestRank(50, of: [20, 10]), 10)
        XCTAssertEqual(Percentile.nearestRank(95, of: [20, 10]), 20)
    }

    func testTwentyValues() {
        let values = (1...20).reversed().map(Double.init)
        // ceil(0.5·20) = 10 → 10; ceil(0.95·20) = 19 → 19 (not the max).
        XCTAssertEqual(Percentile.nearestRank(50, of: values), 10)
        XCTAssertEqual(Percentile.nearestRank(95, of: values), 19)
        XCTAssertEqual(Percentile.nearestRank(100, of: values), 20)
        XCTAssertEqual(Percentile.summary("x", values), ["x.p50": .number(10), "x.p95": .number(19), "x.max": .number(20)])
    }

    func testNoValuesIsNullNotZero() {
        XCTAssertNil(Percentile.nearestRank(50, of: []))
        XCTAssertEqual(Percentile.summary("x", []), ["x.p50": .null, "x.p95": .null, "x.max": .null])
    }
}
