import Authoring
import StreamingMetrics
import Traces
import XCTest

/// The recipe's TTS timing model, checked against traces written by hand.
final class TTSTimingModelTests: XCTestCase {
    func testChunksFollowFirstByteAndCadenceOverTheRealAudioLength() {
        let model = TTSTimingModel(requestMs: 100, firstByteMs: 200, chunkMs: 100, cadenceMs: 60, jitterMs: 0)
        let trace = model.trace(text: "hello", audioMs: 250, seed: 1)
        XCTAssertEqual(trace.events, [
            SynthesisEvent(tMs: 100, req: 0, kind: .request(text: "hello")),
            SynthesisEvent(tMs: 300, req: 0, kind: .chunk(durationMs: 100)),
            SynthesisEvent(tMs: 360, req: 0, kind: .chunk(durationMs: 100)),
            SynthesisEvent(tMs: 420, req: 0, kind: .chunk(durationMs: 50)),
            SynthesisEvent(tMs: 420, req: 0, kind: .end),
        ])
        XCTAssertEqual(model.playStartMs, 300)
    }

    func testAnExactMultipleOfTheChunkHasNoEmptyLastChunk() {
        let trace = TTSTimingModel(firstByteMs: 0, chunkMs: 100, cadenceMs: 100).trace(text: "x", audioMs: 300, seed: 1)
        XCTAssertEqual(trace.events.filter { if case .chunk = $0.kind { true } else { false } }.count, 3)
    }

    func testJitterIsSeededBoundedAndWholeMilliseconds() {
        let model = TTSTimingModel(firstByteMs: 150, chunkMs: 40, cadenceMs: 50, jitterMs: 20)
        let a = model.trace(text: "x", audioMs: 4_000, seed: 7), b = model.trace(text: "x", audioMs: 4_000, seed: 7)
        let c = model.trace(text: "x", audioMs: 4_000, seed: 8)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        let times = a.events.compactMap { event -> Double? in if case .chunk = event.kind { event.tMs } else { nil } }
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        XCTAssertEqual(gaps.count, 99)
        XCTAssertTrue(gaps.allSatisfy { (30...70).contains($0) && $0 == $0.rounded() }, "\(gaps)")
        XCTAssertGreaterThan(Set(gaps).count, 10, "jitter varies the gaps")
    }
}
