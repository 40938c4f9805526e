import XCTest
@testable import Insights

/// Nearest rank, `sorted[ceil(q/100 · n) − 1]`, on hand-computed cases.
final class NearestRankTests: XCTestCase {
    func testHandComputedRanks() {
        let ten = (1...10).map(Double.init)
        XCTAssertEqual(NearestRank.percentile(50, ofSorted: ten), 5)   // ceil(5) = 5th
        XCTAssertEqual(NearestRank.percentile(95, ofSorted: ten), 10)  // ceil(9.5) = 10th
        let twenty = (1...20).map(Double.init)
        XCTAssertEqual(NearestRank.percentile(95, ofSorted: twenty), 19)  // ceil(19) = 19th, not 20th
        XCTAssertEqual(NearestRank.percentile(50, ofSorted: [7]), 7)
        XCTAssertEqual(NearestRank.percentile(95, ofSorted: [7]), 7)
        XCTAssertEqual(NearestRank.percentile(50, ofSorted: [1, 2, 3, 4]), 2)  // ceil(2) = 2nd, not the mean 2.5
        XCTAssertNil(NearestRank.percentile(50, ofSorted: []))
    }

    func testIntegerRankHasNoFloatRoundingEdge() {
        // 0.95 · 60 and 0.95 · 100 are whole: the rank must be exactly 57 and 95.
        XCTAssertEqual(NearestRank.percentile(95, ofSorted: (1...60).map(Double.init)), 57)
        XCTAssertEqual(NearestRank.percentile(95, ofSorted: (1...100).map(Double.init)), 95)
        XCTAssertEqual(NearestRank.percentile(95, ofSorted: (1...101).map(Double.init)), 96)  // ceil(95.95)
    }
}
