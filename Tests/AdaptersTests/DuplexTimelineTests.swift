import Adapters
import Traces
import XCTest

/// The pure core of the full-duplex replay: echo path, mixing, gating and
/// the barge-in policy, checked against hand-computed samples.
final class DuplexTimelineTests: XCTestCase {
    /// 40 ms at 16 kHz is 640 samples; 20 dB is a gain of 0.1.
    func testTheDirectPathIsDelayedAndAttenuated() {
        XCTAssertEqual(EchoPath(delayMs: 40, attenuationDb: 20).taps(sampleRate: 16_000),
                       [EchoPath.Tap(delaySamples: 640, gain: 0.1)])
    }

    /// Reflections decay toward −60 dB at the RT60 and stay inside it.
    func testTheRoomTailDecaysExponentially() {
        let taps = EchoPath(delayMs: 10, attenuationDb: 0, tailMs: 200, tailLevelDb: -6).taps(sampleRate: 16_000)
        XCTAssertGreaterThan(taps.count, 10)
        let tail = taps.dropFirst()
        XCTAssertTrue(tail.allSatisfy { $0.delaySamples > 160 && $0.delaySamples < 160 + 3_200 })
        let magnitudes = tail.map { abs($0.gain) }
        XCTAssertEqual(magnitudes, magnitudes.sorted(by: >))
        XCTAssertLessThan(magnitudes.first!, 0.5012)
        // Same seed, same room, every run.
        XCTAssertEqual(taps, EchoPath(delayMs: 10, attenuationDb: 0, tailMs: 200, tailLevelDb: -6).taps(sampleRate: 16_000))
    }

    /// far = [1, 2, 3, 4] from sample 1, echo 2 samples later at 0.5, user
    /// [10, 20] from sample 3: mic = [0, 0, 0, 10+0.5, 20+1, 1.5, 2, 0].
    func testTheMicIsUserPlusEchoOfWhatWasPlayed() {
        let timeline = makeTimeline()
        XCTAssertEqual(timeline.totalSamples, 8)
        XCTAssertEqual(timeline.mic(0..<8), [0, 0, 0, 10.5, 21, 1.5, 2, 0])
        XCTAssertEqual(timeline.farEndTrack, [0, 1, 2, 3, 4, 0, 0, 0])
        XCTAssertEqual(timeline.nearEndTrack, [0, 0, 0, 10, 20, 0, 0, 0])
    }

    /// Cancelling at sample 3 silences what would have played from there,
    /// and the echo of it two samples later.
    func testCancellingStopsPlaybackAndItsEcho() {
        var timeline = makeTimeline()
        timeline.cancel(at: 3)
        timeline.cancel(at: 4)
        XCTAssertEqual(timeline.stopSample, 3)
        XCTAssertEqual(timeline.farEndTrack, [0, 1, 2, 0, 0, 0, 0, 0])
        XCTAssertEqual(timeline.mic(0..<8), [0, 0, 0, 10.5, 21, 0, 0, 0])
        XCTAssertFalse(timeline.isPlaying(at: 3))
    }

    private func makeTimeline() -> DuplexTimeline {
        // 16 kHz: 0.125 ms is 2 samples; 6.0206 dB is a gain of 0.5.
        DuplexTimeline(sampleRate: 16_000, farEnd: [1, 2, 3, 4], playStart: 1, nearEnd: [10, 20], userOnset: 3,
                       echo: EchoPath(delayMs: 0.125, attenuationDb: 20 * log10(2)), trailingSamples: 1)
    }

    func testThePolicyNeedsEnoughWordsInAHypothesis() {
        let policy = BargeInPolicy(minWords: 2)
        XCTAssertFalse(policy.cancels(on: EmissionEvent(tMs: 0, kind: .partial, text: "uh")))
        XCTAssertTrue(policy.cancels(on: EmissionEvent(tMs: 0, kind: .partial, text: "stop  please")))
        XCTAssertTrue(policy.cancels(on: EmissionEvent(tMs: 0, kind: .final, text: "wait wait")))
        XCTAssertFalse(policy.cancels(on: EmissionEvent(tMs: 0, kind: .speechStart, text: "a b c")))
        XCTAssertEqual(BargeInPolicy(minWords: 0).minWords, 1)
    }
}
