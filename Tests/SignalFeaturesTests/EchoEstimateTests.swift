import FourierTransforms
import XCTest
@testable import SignalFeatures

/// Echo delay by GCC-PHAT, ERL, double talk, coherence and ERLE on signals
/// built with a known delay and gain.
final class EchoEstimateTests: XCTestCase {
    /// White-noise "speech" bursts: active half the time.
    func farEnd(count: Int, rate: Int, seed: UInt64) -> [Float] {
        let noise = Synthetic.whiteNoise(count: count, power: 0.01, seed: seed)
        return noise.enumerated().map { (n, v) in (n / (rate / 2)) % 2 == 0 ? v : 0 }
    }

    func delayed(_ x: [Float], by lag: Int, gain: Float) -> [Float] {
        [Float](repeating: 0, count: lag) + x.prefix(x.count - lag).map { $0 * gain }
    }

    func testDelayedCopyIsFoundAtItsLag() {
        for (rate, lag) in [(8_000, 80), (16_000, 1_234), (48_000, 16_800), (16_000, 0)] {
            let count = rate * 4
            let far = Synthetic.whiteNoise(count: count, power: 0.01, seed: UInt64(lag + 1))
            let mic = mix(delayed(far, by: lag, gain: 0.3), Synthetic.whiteNoise(count: count, power: 1e-5, seed: 99))
            let estimator = EchoDelayEstimator(sampleRate: rate)
            mic.withUnsafeBufferPointer { m in far.withUnsafeBufferPointer { f in estimator.push(mic: m, far: f) } }
            XCTAssertEqual(estimator.estimate()?.lag, lag, "rate \(rate)")
        }
    }

    func testTheDirectPathWinsOverALaterStrongerReflection() {
        // A direct path at 0.9 of the amplitude of a reflection 3 ms later:
        // the strongest GCC-PHAT peak is the reflection's, which was the
        // answer; the delay is the direct path's.
        for rate in [16_000, 48_000] {
            let count = rate * 4, lag = rate / 10, late = lag + rate * 3 / 1_000
            let far = Synthetic.whiteNoise(count: count, power: 0.01, seed: UInt64(rate))
            let mic = mix(delayed(far, by: lag, gain: 0.27), delayed(far, by: late, gain: 0.3),
                          Synthetic.whiteNoise(count: count, power: 1e-5, seed: 98))
            let estimator = EchoDelayEstimator(sampleRate: rate)
            mic.withUnsafeBufferPointer { m in far.withUnsafeBufferPointer { f in estimator.push(mic: m, far: f) } }
            XCTAssertEqual(estimator.estimate()?.lag, lag, "rate \(rate)")
        }
    }

    func testDelayIsFoundWhenTheRecordingIsShorterThanTheSearch() {
        let rate = 16_000, lag = 3_200
        let far = Synthetic.whiteNoise(count: 8_000, power: 0.01, seed: 5)
        let mic = delayed(far, by: lag, gain: 0.5)
        let estimator = EchoDelayEstimator(sampleRate: rate)
        mic.withUnsafeBufferPointer { m in far.withUnsafeBufferPointer { f in estimator.push(mic: m, far: f) } }
        XCTAssertEqual(estimator.estimate()?.lag, lag)
    }

    func testSilentFarEndHasNoDelay() {
        let estimator = EchoDelayEstimator(sampleRate: 8_000)
        let mic = Synthetic.whiteNoise(count: 16_000, power: 0.01, seed: 1)
        let far = [Float](repeating: 0, count: 16_000)
        mic.withUnsafeBufferPointer { m in far.withUnsafeBufferPointer { f in estimator.push(mic: m, far: f) } }
        XCTAssertNil(estimator.estimate())
    }

    func testSingleTalkEchoHasItsERLNoDoubleTalkAndFullCoherence() {
        let rate = 16_000, count = rate * 6, lag = 1_600 // 100 ms
        let far = farEnd(count: count, rate: rate, seed: 21)
        let echo = delayed(far, by: lag, gain: 0.1) // ERL 20 dB
        let noise = Synthetic.whiteNoise(count: count, power: 1e-9, seed: 22)
        let features = Synthetic.analyze(mic: mix(echo, noise), far: far, aec: mix(echo.map { $0 * 0.1 }, noise), rate: rate)
        let measures = try! XCTUnwrap(features.echo)
        XCTAssertEqual(try XCTUnwrap(measures.delayMs), 100, accuracy: 0.07)
        XCTAssertEqual(try XCTUnwrap(measures.erlDB), 20, accuracy: 0.5)
        XCTAssertLessThan(try XCTUnwrap(measures.doubleTalkRatio), 0.05)
        XCTAssertGreaterThan(try XCTUnwrap(measures.coherence), 0.95)
        XCTAssertEqual(try XCTUnwrap(measures.erleDB), 20, accuracy: 0.5)
    }

    /// Two threads or one, pipelined or not: the same numbers to the bit.
    func testOneThreadGivesTheSameFeaturesAsTwo() {
        let rate = 16_000, count = rate * 5
        let far = farEnd(count: count, rate: rate, seed: 41)
        let user = Synthetic.toneBursts(count: count, rate: rate, hz: 500, power: 0.01, on: [(1, 2), (3.2, 4)])
        let mic = mix(delayed(far, by: 960, gain: 0.2), user, Synthetic.whiteNoise(count: count, power: 1e-6, seed: 42))
        let aec = mic.map { $0 * 0.5 }
        let two = Synthetic.analyze(mic: mic, far: far, aec: aec, rate: rate)
        let one = Synthetic.analyze(mic: mic, far: far, aec: aec, rate: rate, parallel: false)
        XCTAssertEqual(one, two)
        XCTAssertNotNil(two.echo?.delayMs)
        XCTAssertFalse(two.speechSegments.isEmpty)
    }

    func testNearEndSpeechDuringPlaybackIsDoubleTalk() {
        let rate = 16_000, count = rate * 8, lag = 800
        // The far-end talks in half-second bursts (32 of them: 400 frames);
        // the user speaks (a loud tone) from 3 s to 5 s, over 4 of the
        // bursts: 100 of the far-end-active frames, a quarter.
        let far = farEnd(count: count, rate: rate, seed: 31)
        let echo = delayed(far, by: lag, gain: 0.2)
        let user = Synthetic.toneBursts(count: count, rate: rate, hz: 700, power: 0.01, on: [(3, 5)])
        let noise = Synthetic.whiteNoise(count: count, power: 1e-8, seed: 32)
        let features = Synthetic.analyze(mic: mix(echo, user, noise), far: far, rate: rate)
        let measures = try! XCTUnwrap(features.echo)
        XCTAssertEqual(try XCTUnwrap(measures.doubleTalkRatio), 0.25, accuracy: 0.03)
        XCTAssertEqual(try XCTUnwrap(measures.erlDB), 20 * log10(1 / 0.2), accuracy: 0.5)
    }

    /// An echo 26 dB under the far-end, a user 30 dB over the echo: the
    /// echo of far-end single talk lies under the VAD's speech gate (25 dB
    /// under the loud frames), and it is still the ERL's cluster. With
    /// the gate on the ERL's frames only double talk was left, and the ERL
    /// read 13 dB for 25.5 in the wide evaluation.
    func testAnEchoUnderTheSpeechGateStillGivesTheERL() {
        let rate = 16_000, count = rate * 8, lag = 1_280
        let far = farEnd(count: count, rate: rate, seed: 51)
        let echo = delayed(far, by: lag, gain: 0.05) // ERL 26 dB
        let user = Synthetic.toneBursts(count: count, rate: rate, hz: 600, power: 0.025, on: [(2, 3.5), (5, 6)])
        let noise = Synthetic.whiteNoise(count: count, power: 1e-7, seed: 52)
        let measures = try! XCTUnwrap(Synthetic.analyze(mic: mix(echo, user, noise), far: far, rate: rate).echo)
        XCTAssertEqual(try XCTUnwrap(measures.delayMs), 80, accuracy: 0.1)
        XCTAssertEqual(try XCTUnwrap(measures.erlDB), 20 * log10(1 / 0.05), accuracy: 1)
    }

    func testFarEndShorterThanTheMicReadsAsSilenceAfterItsEnd() {
        let rate = 8_000, count = rate * 4, lag = 400
        var far = farEnd(count: count, rate: rate, seed: 41)
        let mic = mix(delayed(far, by: lag, gain: 0.25), Synthetic.whiteNoise(count: count, power: 1e-9, seed: 42))
        for k in (count / 2)..<count { far[k] = 0 }
        let features = Synthetic.analyze(mic: mic, far: far, rate: rate)
        XCTAssertEqual(try XCTUnwrap(features.echo?.delayMs), 50, accuracy: 0.2)
    }

    func testInverseFFTUndoesTheForwardUpToItsSize() {
        let size = 64
        let buffers = FFTBuffers(size: size)
        let x = Synthetic.whiteNoise(count: size, power: 1, seed: 3)
        for k in 0..<size { buffers.input[k] = x[k] }
        RealFFT.shared(size: size).forward(buffers)
        RealInverseFFT.shared(size: size).inverse(buffers)
        for k in 0..<size { XCTAssertEqual(buffers.input[k] / Float(size), x[k], accuracy: 1e-5) }
    }
}
