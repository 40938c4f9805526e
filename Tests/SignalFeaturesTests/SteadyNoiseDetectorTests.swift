import FileFormats
import XCTest
@testable import SignalFeatures

/// `SteadyNoiseDetector` on power spectra drawn bin by bin from the
/// exponential distribution a Gaussian noise's `|X[k]|²` follows (16 kHz,
/// 512-point frames), against a white noise floor of 1 per bin.
final class SteadyNoiseDetectorTests: XCTestCase {
    let bins = 257
    let floor = NoiseFloor(power: 1, spectrum: [Float](repeating: 1, count: 257))

    func detector() -> SteadyNoiseDetector { SteadyNoiseDetector(noise: floor, sampleRate: 16_000, fftSize: 512) }

    /// Frames of noise with mean `mean(t)` per bin, plus `tone` in bin 28 (≈ 875 Hz).
    func rises(frames: Int, seed: UInt64, mean: (Int) -> Float, tone: Float = 0) -> [Double?] {
        var rng = SeededRandom(seed: seed)
        var detector = detector()
        return (0..<frames).map { t in
            var power = (0..<bins).map { _ in -mean(t) * Float(log(max(rng.unit(), 1e-12))) }
            power[28] += tone
            return power.withUnsafeBufferPointer { detector.push($0) }
        }
    }

    func verdicts(frames: Int, seed: UInt64, mean: (Int) -> Float, tone: Float = 0) -> [Bool] {
        rises(frames: frames, seed: seed, mean: mean, tone: tone).map { $0 != nil }
    }

    func testASteadyNoiseIsSteadyOnceTheWindowIsFull() {
        let steady = verdicts(frames: 200, seed: 1, mean: { _ in 1 })
        XCTAssertFalse(steady[..<(SteadyNoiseDetector.windowFrames - 1)].contains(true))
        XCTAssertGreaterThan(Double(steady.filter { $0 }.count) / 170, 0.95)
    }

    func testTheNoiseSteppedLouderInItsOwnShapeIsSteadyAgainAfterTheWindow() {
        // 12 dB louder from frame 100: the window across the step is not
        // steady, the one wholly after it is.
        let rises = rises(frames: 300, seed: 2, mean: { $0 < 100 ? 1 : 16 })
        XCTAssertFalse(rises[100..<130].contains { $0 != nil })
        let after = rises[131...].compactMap { $0 }
        XCTAssertGreaterThan(Double(after.count) / 169, 0.95)
        // It stands 12 dB over the floor; before the step, at it.
        for rise in after { XCTAssertEqual(rise, 12, accuracy: 1) }
        for rise in rises[..<100].compactMap({ $0 }) { XCTAssertEqual(rise, 0, accuracy: 1) }
    }

    func testASteadyBurstFarOverTheFloorIsNotTheNoise() {
        // 22 dB louder, steady and white: a test signal's "word", not a fan.
        let steady = verdicts(frames: 300, seed: 5, mean: { $0 < 100 ? 1 : 158 })
        XCTAssertFalse(steady[100...].contains(true))
    }

    func testASteadyToneIsNotTheNoise() {
        XCTAssertFalse(verdicts(frames: 200, seed: 3, mean: { _ in 1 }, tone: 1_000).contains(true))
    }

    func testANoiseModulatedAtSyllableRateIsNotSteady() {
        // 4 Hz, ±10 dB: the envelope of speech, in the noise's own shape.
        let steady = verdicts(frames: 300, seed: 4, mean: { Float(pow(10, sin(2 * Double.pi * 4 * Double($0) / 100))) })
        XCTAssertFalse(steady.contains(true))
    }
}
