import FileFormats
import StreamingMetrics
import Traces
import XCTest
@testable import Insights

/// `run --format json` results are validated; errors name the file and the
/// JSON path at fault.
final class RunResultsTests: XCTestCase {
    func parse(_ text: String) throws -> RunResults {
        try RunResults(json: try JSONValue.parse(text), path: "B.json")
    }

    func testReadsTheSpecShape() throws {
        let run = try parse(#"""
        {"metrics_version": "1", "fixtures": [{"id": "f1", "slices": {"language": "en-US", "snr_bucket": "10-15"},
          "metrics": {"asr.wer": 0.1, "snr.bucket": "10-15", "asr.cer": null}, "errors": []}]}
        """#)
        XCTAssertEqual(run.metricsVersion, "1")
        XCTAssertEqual(run.fixtures.count, 1)
        XCTAssertEqual(run.fixtures[0].slices, ["language": "en-US", "snr_bucket": "10-15"])
        XCTAssertEqual(run.fixtures[0].metrics, ["asr.wer": .number(0.1), "snr.bucket": .string("10-15"), "asr.cer": .null])
    }

    func testErrorsNameTheFileAndWhere() {
        let cases = [
            (#"{"fixtures": 3}"#, "missing \"fixtures\" array"),
            (#"{"fixtures": [{"slices": {}}]}"#, "fixtures[0]: missing \"id\""),
            (#"{"fixtures": [{"id": "a", "slices": {"language": 1}}]}"#, "fixtures[0].slices.language"),
            (#"{"fixtures": [{"id": "a", "metrics": {"asr.wer": [1]}}]}"#, "fixtures[0].metrics.asr.wer"),
            (#"{"fixtures": [{"id": "a"}, {"id": "a"}]}"#, "fixtures[1]: fixture \"a\" appears more than once"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try parse(text), text) { error in
                XCTAssertTrue("\(error)".hasPrefix("B.json: " + expected), "\(error)")
            }
        }
    }

    func testDifferentMetricsVersionsAreRefused() throws {
        let a = RunResults(path: "A.json", metricsVersion: "1", fixtures: [])
        let b = RunResults(path: "B.json", metricsVersion: "2", fixtures: [])
        XCTAssertThrowsError(try ComparisonReport(baseline: a, candidate: b, budgets: .standard, budgetsPath: nil, sloBurn: nil)) { error in
            XCTAssertTrue("\(error)".hasPrefix("B.json: metrics_version \"2\""), "\(error)")
            XCTAssertTrue("\(error)".contains("A.json"), "\(error)")
        }
    }

    func testUnreadableFileIsNamed() {
        XCTAssertThrowsError(try RunResults.load(path: "/nonexistent/run.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix("/nonexistent/run.json: "), "\(error)")
        }
    }
}
