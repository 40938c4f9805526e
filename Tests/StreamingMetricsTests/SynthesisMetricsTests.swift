import XCTest
import StreamingMetrics
import Traces

/// TTS definitions of docs/metrics.md: first audio byte, cadence, the playback
/// underrun model, audio length and RTF; hand-computed in the comments.
final class SynthesisMetricsTests: XCTestCase {
    func request(_ t: Double, req: Int = 0) -> SynthesisEvent { SynthesisEvent(tMs: t, req: req, kind: .request(text: "hi")) }
    func chunk(_ t: Double, _ d: Double, req: Int = 0) -> SynthesisEvent { SynthesisEvent(tMs: t, req: req, kind: .chunk(durationMs: d)) }
    func end(_ t: Double, req: Int = 0) -> SynthesisEvent { SynthesisEvent(tMs: t, req: req, kind: .end) }

    /// Chunks at 350, 390, 430 and 600 ms of 40 ms each; end at 700.
    var starved: [SynthesisEvent] { [request(0), chunk(350, 40), chunk(390, 40), chunk(430, 40), chunk(600, 40), end(700)] }

    func testOneRequest() {
        let m = RequestMetrics(req: 0, events: starved)
        XCTAssertEqual(m.firstAudioByteMs, 350)
        // gaps 40, 40, 170: p50 = sorted[ceil(1.5) − 1] = 40, p95 = sorted[2] = 170
        XCTAssertEqual(m.cadenceP50Ms, 40)
        XCTAssertEqual(m.cadenceP95Ms, 170)
        XCTAssertEqual(m.cadenceMaxMs, 170)
        // playback ends 390, 430, 470; chunk 4 at 600 > 470 → one underrun of 130
        XCTAssertEqual(m.underrunCount, 1)
        XCTAssertEqual(m.underrunMs, 130)
        XCTAssertEqual(m.audioMs, 160)
        XCTAssertEqual(m.rtf, 700.0 / 160.0)
    }

    func testStartDelayAbsorbsJitter() {
        // t0 = 350 + 100: ends 490, 530, 570; 600 > 570 → 30 ms
        let delayed = RequestMetrics(req: 0, events: starved, startDelayMs: 100)
        XCTAssertEqual(delayed.underrunCount, 1)
        XCTAssertEqual(delayed.underrunMs, 30)
        // t0 = 550: ends 590, 630, 670; 600 ≤ 670 → no underrun
        let buffered = RequestMetrics(req: 0, events: starved, startDelayMs: 200)
        XCTAssertEqual(buffered.underrunCount, 0)
        XCTAssertEqual(buffered.underrunMs, 0)
    }

    func testChunksFromSamplesThroughTheDecoder() throws {
        let text = """
        {"t_ms": 0, "kind": "request", "text": "hello"}
        {"t_ms": 200, "kind": "chunk", "samples": 2400, "sample_rate": 24000}
        {"t_ms": 350, "kind": "chunk", "samples": 2205, "sample_rate": 22050}
        """
        // 100 ms each; playback ends 300, chunk 2 at 350 → underrun 50; rtf = 350 / 200 (no end: last chunk)
        let m = SynthesisMetrics.requests(try SynthesisTrace.decode(data: Data(text.utf8), file: "tts.jsonl"))[0]
        XCTAssertEqual(m.audioMs, 200)
        XCTAssertEqual(m.underrunMs, 50)
        XCTAssertEqual(m.rtf, 1.75)
    }

    func testMultipleRequestsAggregate() {
        // req 1: request 1000, chunks 1100 and 1150 of 100 ms, no end
        //   first byte 100, gap 50, no underrun, audio 200, rtf (1150 − 1000) / 200
        // req 2: a request that never produced audio
        let events = starved + [request(1000, req: 1), chunk(1100, 100, req: 1), chunk(1150, 100, req: 1), request(1200, req: 2)]
        let m = SynthesisMetrics.metrics(SynthesisTrace(events: events.sorted { $0.tMs < $1.tMs }))
        XCTAssertMetric(m, "tts.requests", 3)
        XCTAssertMetric(m, "tts.first_audio_byte_ms.p50", 100)   // of [100, 350]
        XCTAssertMetric(m, "tts.first_audio_byte_ms.p95", 350)
        XCTAssertMetric(m, "tts.first_audio_byte_ms.max", 350)
        XCTAssertMetric(m, "tts.cadence_p50_ms.p50", 40)         // of [40, 50]
        XCTAssertMetric(m, "tts.cadence_p95_ms.p50", 50)         // of [170, 50]
        XCTAssertMetric(m, "tts.cadence_max_ms.max", 170)
        XCTAssertMetric(m, "tts.underrun_count", 1)
        XCTAssertMetric(m, "tts.underrun_ms", 130)
        XCTAssertMetric(m, "tts.audio_ms.p50", 160)              // of [0, 160, 200]
        XCTAssertMetric(m, "tts.audio_ms.max", 200)
        XCTAssertMetric(m, "tts.rtf.p50", 0.75)                  // of [0.75, 4.375]; req 2 has none
        XCTAssertMetric(m, "tts.rtf.max", 4.375)
    }

    func testSilentRequestIsNullNotZero() {
        let m = SynthesisMetrics.metrics(SynthesisTrace(events: [request(0), end(500)]))
        XCTAssertMetric(m, "tts.first_audio_byte_ms.p50", nil)
        XCTAssertMetric(m, "tts.cadence_max_ms.max", nil)
        XCTAssertMetric(m, "tts.underrun_count", nil)
        XCTAssertMetric(m, "tts.rtf.p95", nil)
        XCTAssertMetric(m, "tts.audio_ms.max", 0)
    }
}
