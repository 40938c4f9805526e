import XCTest
@testable import SignalFeatures

/// An echo is reported only when it is measurable: a buried echo gives a
/// null delay and ERL, a clear one its exact lag.
final class EchoDetectionTests: XCTestCase {
    /// The far-end talks in half-second bursts of white noise.
    func farEnd(count: Int, rate: Int, seed: UInt64) -> [Float] {
        let noise = Synthetic.whiteNoise(count: count, power: 0.01, seed: seed)
        return noise.enumerated().map { (n, v) in (n / (rate / 2)) % 2 == 0 ? v : 0 }
    }

    func delayed(_ x: [Float], by lag: Int, gain: Float) -> [Float] {
        [Float](repeating: 0, count: lag) + x.prefix(x.count - lag).map { $0 * gain }
    }

    func testEchoBuriedInNoiseHasNoDelayAndNoERL() {
        // Echo 45 dB under the far-end (power 1e-2 → ~3e-7), noise at 1e-4:
        // the echo is 25 dB below the noise.
        let rate = 16_000, count = rate * 4, lag = 960
        let far = farEnd(count: count, rate: rate, seed: 51)
        let echo = delayed(far, by: lag, gain: Float(pow(10, -45.0 / 20)))
        let user = Synthetic.toneBursts(count: count, rate: rate, hz: 500, power: 0.01, on: [(1.3, 2.8)])
        let noise = Synthetic.whiteNoise(count: count, power: 1e-4, seed: 52)
        let features = Synthetic.analyze(mic: mix(echo, user, noise), far: far, rate: rate)
        let echoMeasures = try! XCTUnwrap(features.echo)
        XCTAssertNil(echoMeasures.delayMs)
        XCTAssertNil(echoMeasures.erlDB)
        XCTAssertLessThan(try XCTUnwrap(echoMeasures.coherence), 0.05)
        // Without an echo, the user's tone over the far-end's bursts is the
        // double talk: 1.3–1.5 s and 2.0–2.5 s of the 2 s of far-end
        // activity in 0–4 s, 35 %.
        XCTAssertEqual(try XCTUnwrap(echoMeasures.doubleTalkRatio), 0.35, accuracy: 0.03)
    }

    func testClearEchoUnderTheSameNoiseHasItsExactLag() {
        // The same scene with the echo 18 dB down: 7 dB above the noise.
        let rate = 16_000, count = rate * 4, lag = 960
        let far = farEnd(count: count, rate: rate, seed: 51)
        let echo = delayed(far, by: lag, gain: Float(pow(10, -18.0 / 20)))
        let noise = Synthetic.whiteNoise(count: count, power: 1e-4, seed: 52)
        let features = Synthetic.analyze(mic: mix(echo, noise), far: far, rate: rate)
        let echoMeasures = try! XCTUnwrap(features.echo)
        XCTAssertEqual(try XCTUnwrap(echoMeasures.delayMs), 60, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(echoMeasures.erlDB), 18, accuracy: 1)
        XCTAssertGreaterThan(try XCTUnwrap(echoMeasures.delaySignificance), EchoDetection.minimumSignificance)
    }

    func testEchoUnderALouderNearTalkerIsMeasuredOnTheSingleTalk() {
        // Echo 25 dB under the far-end's bursts, noise 35 dB under the
        // echo; from 4.8 s on a near talker (white-noise syllables of
        // 0.3 s every 0.4 s) 25 dB louder than the echo. Summed raw, its
        // blocks drowned the cross-spectrum and the coherence (0.014 over
        // all far-end frames): null. The first 60 % is clean single talk.
        let rate = 16_000, count = rate * 8, lag = 960
        let far = farEnd(count: count, rate: rate, seed: 71)
        let echo = delayed(far, by: lag, gain: Float(pow(10, -25.0 / 20)))
        let noise = Synthetic.whiteNoise(count: count, power: 1e-8, seed: 72)
        let talker = Synthetic.whiteNoise(count: count, power: 0.01, seed: 73).enumerated().map { (n, v) in
            n >= rate * 48 / 10 && n % (rate * 4 / 10) < rate * 3 / 10 ? v : 0
        }
        let features = Synthetic.analyze(mic: mix(echo, noise, talker), far: far, rate: rate)
        let echoMeasures = try! XCTUnwrap(features.echo)
        XCTAssertEqual(try XCTUnwrap(echoMeasures.delayMs), 60, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(echoMeasures.erlDB), 25, accuracy: 1)
        XCTAssertGreaterThan(try XCTUnwrap(echoMeasures.coherence), 0.9)
    }

    func testSingleTalkModeIsTheHighestProminentRatioPeak() {
        // 100 frames of double talk at 5 dB, 40 of single talk at 25 dB,
        // 5 strays at 40 dB: the single talk, not the taller double talk
        // (nor the strays, under 30 % of the tallest peak).
        var histogram = LevelHistogram(floorDB: -80, ceilingDB: 100, resolutionDB: 0.25)
        for _ in 0..<100 { histogram.add(power: pow(10, 0.5)) }
        for _ in 0..<40 { histogram.add(power: pow(10, 2.5)) }
        for _ in 0..<5 { histogram.add(power: pow(10, 4.0)) }
        XCTAssertEqual(try XCTUnwrap(histogram.highestPeak(smoothingDB: 1.5, minimumShare: 0.3)), 25, accuracy: 0.25)
        XCTAssertEqual(try XCTUnwrap(histogram.noiseMode(upTo: 1.0, smoothingDB: 1.5, preferLowest: false)), 5, accuracy: 0.25)
    }

    func testUnrelatedTracksAreNotAnEcho() {
        let rate = 8_000, count = rate * 6
        let far = farEnd(count: count, rate: rate, seed: 61)
        let mic = Synthetic.whiteNoise(count: count, power: 0.01, seed: 62)
        let features = Synthetic.analyze(mic: mic, far: far, rate: rate)
        XCTAssertNil(features.echo?.delayMs)
        XCTAssertNil(features.echo?.erlDB)
    }

    func testDetectionNeedsBothAPeakAndCoherence() {
        XCTAssertTrue(EchoDetection.isDetectable(significance: 6, coherence: 0.08, farActiveFrames: 100))
        XCTAssertFalse(EchoDetection.isDetectable(significance: 5.9, coherence: 0.9, farActiveFrames: 100))
        XCTAssertFalse(EchoDetection.isDetectable(significance: 50, coherence: 0.079, farActiveFrames: 100))
        XCTAssertFalse(EchoDetection.isDetectable(significance: nil, coherence: 0.9, farActiveFrames: 100))
        XCTAssertFalse(EchoDetection.isDetectable(significance: 50, coherence: 0.9, farActiveFrames: 0))
    }

    func testRobustScaleIsTheMedianMagnitudeOverItsGaussianRatio() {
        var values: [Double] = [9, 1, 5, 3, 7, 100, 2]  // median 5
        XCTAssertEqual(EchoDelayEstimator.robustScale(&values), 5 / 0.6745, accuracy: 1e-12)
        var many = (0..<1_001).map { Double(($0 * 7_919) % 1_001) }  // 0…1000 shuffled, median 500
        XCTAssertEqual(EchoDelayEstimator.robustScale(&many), 500 / 0.6745, accuracy: 1e-12)
        var ties = [Double](repeating: 2, count: 10) + [1, 3]
        XCTAssertEqual(EchoDelayEstimator.robustScale(&ties), 2 / 0.6745, accuracy: 1e-12)
    }
}
