import Adapters
import Traces
import XCTest

/// The TTS side of the protocol: per-request chunks stamped on the
/// monotonic clock, durations from samples ÷ rate, audio returned.
final class TTSProcessTests: XCTestCase {
    /// Three words → three 100 ms chunks of 1600 samples at 16 kHz.
    func testChunksCarryTheirDurationAndTheAudio() throws {
        let result = try AdapterExecutables.conformanceTTS().synthesize([SynthesisRequest(text: "turn left now")])
        let kinds = result.trace.events.map(\.kind)
        XCTAssertEqual(kinds, [.request(text: "turn left now"), .chunk(durationMs: 100), .chunk(durationMs: 100),
                               .chunk(durationMs: 100), .end])
        let times = result.trace.events.map(\.tMs)
        XCTAssertEqual(times, times.sorted())
        XCTAssertEqual(result.audio.count, 1)
        XCTAssertEqual(result.audio[0].sampleRate, 16_000)
        XCTAssertEqual(result.audio[0].samples.count, 4_800)
        XCTAssertEqual(result.audio[0].durationMs, 300)
        // The tone's second sample, sin(2π·440/16000)·16384 truncated, ÷ 32768.
        XCTAssertEqual(result.audio[0].samples[1], Float(Int16(16_384 * sin(2 * Double.pi * 440 / 16_000))) / 32_768)
    }

    /// A request scheduled at 150 ms is not sent before then.
    func testRequestsAreSentAtTheirScheduledTime() throws {
        let result = try AdapterExecutables.conformanceTTS().synthesize([
            SynthesisRequest(req: 0, tMs: 0, text: "one"), SynthesisRequest(req: 1, tMs: 150, text: "two words"),
        ])
        let requests = result.trace.events.filter { if case .request = $0.kind { true } else { false } }
        XCTAssertEqual(requests.map(\.req), [0, 1])
        XCTAssertGreaterThanOrEqual(requests[1].tMs, 150)
        XCTAssertEqual(result.audio.map(\.samples.count), [1_600, 3_200])
        XCTAssertEqual(result.trace.events.filter { $0.kind == .end }.map(\.req), [0, 1])
    }

    func testTheTraceWritesAsSpecLines() {
        let trace = SynthesisTrace(events: [
            SynthesisEvent(tMs: 0, req: 0, kind: .request(text: "Sure")),
            SynthesisEvent(tMs: 350.25, req: 0, kind: .chunk(durationMs: 40)),
            SynthesisEvent(tMs: 900, req: 0, kind: .end),
        ])
        XCTAssertEqual(TraceJSONL.lines(trace), """
        {"kind":"request","req":0,"t_ms":0,"text":"Sure"}
        {"duration_ms":40,"kind":"chunk","req":0,"t_ms":350.25}
        {"kind":"end","req":0,"t_ms":900}

        """)
    }

    func testACrashDuringSynthesisIsAnAdapterFailure() {
        XCTAssertThrowsError(try AdapterExecutables.conformanceTTS(["--crash-after", "1"]).synthesize([SynthesisRequest(text: "hi")])) {
            XCTAssertEqual(($0 as? AdapterFailure)?.kind, .exited)
        }
    }
}
