import Adapters
import Authoring
import FileFormats
import FixtureKit
import Foundation
import StreamingMetrics
import Traces
import XCTest

/// A full-duplex session saved as a fixture goes through the one
/// `fixture/v1` encoder, and `run` reads it back.
final class DuplexFixtureTests: XCTestCase {
    func testASavedSessionIsAFixtureTheRunnerReads() throws {
        let scratch = try SynthScratch()
        let tone = (0..<9_600).map { Float(sin(Double($0) * 0.2) * 0.3) }
        let result = DuplexResult(
            turns: TurnLog(events: [TurnEvent(tMs: 0, kind: .ttsPlayStart), TurnEvent(tMs: 200, kind: .vadStart),
                                    TurnEvent(tMs: 300, kind: .ttsPlayStop(reason: .cancel)), TurnEvent(tMs: 600, kind: .vadEnd)]),
            emissions: EmissionTrace(events: [EmissionEvent(tMs: 450, utt: 0, kind: .final, text: "stop")]),
            synthesis: SynthesisTrace(events: [SynthesisEvent(tMs: 0, req: 0, kind: .request(text: "hello")),
                                               SynthesisEvent(tMs: 100, req: 0, kind: .chunk(durationMs: 300))]),
            userSpeech: SpeechSegment(startMs: 200, endMs: 600), sampleRate: 16_000,
            mic: tone, farEnd: tone, nearEnd: tone)
        let folder = scratch.path("duplex-001")
        try result.writeFixture(to: folder, id: "duplex-001", reference: "stop", bargeInBudgetMs: 500)
        let manifest = try FixtureManifest.load(folder: folder)
        XCTAssertEqual(manifest.provenance, .synthetic)
        XCTAssertEqual(manifest.speech, [SpeechSegment(startMs: 200, endMs: 600)])
        XCTAssertEqual(manifest.reference, "stop")
        XCTAssertEqual(manifest.bargeInBudgetMs, 500)
        let run = FixtureRunner(detectSpeech: { _ in [] }).run(folder: folder)
        XCTAssertEqual(run.result.errors, [])
        XCTAssertEqual(run.result.metrics["barge_in.count"], .number(1))
        XCTAssertEqual(run.result.metrics["asr.wer"], .number(0))
    }
}
