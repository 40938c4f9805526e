import XCTest
import StreamingMetrics
import Traces

func partial(_ t: Double, _ text: String, utt: Int = 0) -> EmissionEvent { EmissionEvent(tMs: t, utt: utt, kind: .partial, text: text) }
func final(_ t: Double, _ text: String, utt: Int = 0) -> EmissionEvent { EmissionEvent(tMs: t, utt: utt, kind: .final, text: text) }
func segment(_ start: Double, _ end: Double) -> SpeechSegment { SpeechSegment(startMs: start, endMs: end) }

/// Asserts a metric is the number `expected` (within 1e-9) or null when nil.
func XCTAssertMetric(_ metrics: MetricSet, _ name: String, _ expected: Double?, file: StaticString = #filePath, line: UInt = #line) {
    guard let value = metrics[name] else { return XCTFail("no metric \(name)", file: file, line: line) }
    guard let expected else { return XCTAssertEqual(value, .null, name, file: file, line: line) }
    guard let actual = value.number else { return XCTFail("\(name) is \(value), expected \(expected)", file: file, line: line) }
    XCTAssertEqual(actual, expected, accuracy: 1e-9, name, file: file, line: line)
}
