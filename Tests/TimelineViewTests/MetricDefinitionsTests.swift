import Foundation
import XCTest
@testable import TimelineView
import StreamingMetrics

/// Every metric a run produces, and every one docs/metrics.md names, has
/// a one-line definition for the page's hover text.
final class MetricDefinitionsTests: XCTestCase {
    /// The page's hover text, or for a summarized family named without
    /// its suffix in prose, the catalog's entry.
    func definition(of name: String) -> String? {
        MetricDefinitions.definition(of: name) ?? MetricCatalog.all.first { $0.name.rawValue == name }?.definition
    }

    func testEveryMetricOfARunIsDefined() throws {
        let demo = try DemoFixture()
        let result = TimelinePageTests.runner.run(folder: demo.path).result
        XCTAssertFalse(result.metrics.isEmpty)
        for name in result.metrics.keys {
            XCTAssertNotNil(definition(of: name), name)
        }
    }

    func testEveryMetricNamedInTheDocsIsDefined() throws {
        let docs = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/metrics.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: "`((?:asr|tts|barge_in|turns|audio|snr|vad|echo)\\.[a-z0-9_.]+)`")
        let names = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
        // Manifest fields share the dotted spelling but are not metrics.
        let fields: Set = ["audio.mic", "audio.far_end", "audio.near_end", "audio.aec_out", "asr.clock", "asr.trace",
                           "tts.start_delay_ms", "tts.requests", "tts.trace", "turns.trace"]
        XCTAssertGreaterThan(Set(names).subtracting(fields).count, 10)
        for name in Set(names).subtracting(fields) {
            // `.p50/.p95/.max` written alone in prose ("each as .p50/.p95/.max").
            let base = name.replacingOccurrences(of: ".p50/.p95/.max", with: "")
            XCTAssertNotNil(definition(of: base), name)
        }
    }

    func testSummariesSayWhatTheyRangeOver() {
        XCTAssertEqual(MetricDefinitions.definition(of: "tts.first_audio_byte_ms.p95"),
                       "t(first chunk) − t(request), per request. p95 (nearest rank) over requests.")
        XCTAssertEqual(MetricDefinitions.definition(of: "barge_in.latency_ms.max"),
                       "Playback stop − user onset, per barge-in: how long the agent kept talking over the user. Maximum over barge-ins.")
        XCTAssertNil(MetricDefinitions.definition(of: "asr.unknown"))
        XCTAssertNil(MetricDefinitions.definition(of: "asr.unknown.p50"))
    }
}
