import XCTest
@testable import Insights

/// A slice's value is the mean over its fixtures that have the metric;
/// slices are `all` plus every `dimension=value` (docs/decisions.md).
final class SliceMeansTests: XCTestCase {
    func testSlicesAreAllAndEveryDimensionValue() {
        let fixtures = [
            Make.fixture("a", ["language": "en-US", "snr_bucket": "10-15"], ["asr.wer": 0.1]),
            Make.fixture("b", ["language": "hi-IN", "snr_bucket": "10-15"], ["asr.wer": 0.3]),
            Make.fixture("c", ["language": "hi-IN"], ["asr.wer": 0.5]),
        ]
        let slices = SliceSummary.slices(of: fixtures)
        XCTAssertEqual(Set(slices.keys), ["all", "language=en-US", "language=hi-IN", "snr_bucket=10-15"])
        XCTAssertEqual(slices["all"]?.fixtureCount, 3)
        XCTAssertEqual(slices["language=hi-IN"]?.fixtureCount, 2)
        XCTAssertEqual(slices["all"]!.means["asr.wer"]!, 0.3, accuracy: 1e-12)         // (0.1+0.3+0.5)/3
        XCTAssertEqual(slices["language=hi-IN"]!.means["asr.wer"]!, 0.4, accuracy: 1e-12)  // (0.3+0.5)/2
        XCTAssertEqual(slices["snr_bucket=10-15"]!.means["asr.wer"]!, 0.2, accuracy: 1e-12)
    }

    func testNullAndStringValuesDoNotCountAsHavingTheMetric() {
        var labelled = Make.fixture("c", ["language": "en-US"], [:])
        labelled.metrics["asr.wer"] = .string("n/a")
        let fixtures = [
            Make.fixture("a", ["language": "en-US"], ["asr.wer": 0.2]),
            Make.fixture("b", ["language": "en-US"], ["asr.wer": nil]),
            labelled,
        ]
        let slice = SliceSummary.slices(of: fixtures)["language=en-US"]!
        XCTAssertEqual(slice.fixtureCount, 3)
        XCTAssertEqual(slice.means["asr.wer"], 0.2, "mean of the one fixture with a number, not (0.2+0+0)/3")
        XCTAssertEqual(slice.counts["asr.wer"], 1)
    }

    func testAMetricNoFixtureComputedIsAbsentNotZero() {
        let slice = SliceSummary.slices(of: [Make.fixture("a", [:], ["tts.rtf.p95": nil])])["all"]!
        XCTAssertNil(slice.means["tts.rtf.p95"])
    }
}
