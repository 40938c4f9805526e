import Authoring
import Foundation
import XCTest

/// `snr_db` by construction: the active speech level (10 ms frames within
/// 15.9 dB of their mean) over the mean noise power of the whole track.
final class SNRScalingTests: XCTestCase {
    let rate = 16_000

    /// A 500 Hz sine: every 10 ms frame (160 samples) holds exactly five
    /// periods, so each frame's power is exactly amplitude²/2.
    func sine(amplitude: Float, ms: Int) -> [Float] {
        (0..<(ms * rate / 1000)).map { amplitude * Float(sin(2 * Double.pi * 500 * Double($0) / Double(rate))) }
    }

    func silence(ms: Int) -> [Float] { [Float](repeating: 0, count: ms * rate / 1000) }

    func testActiveLevelOfAToneIsItsPowerWhateverThePauses() throws {
        let tone = sine(amplitude: 0.5, ms: 500)
        let paused = silence(ms: 300) + tone + silence(ms: 1_200)
        XCTAssertEqual(try XCTUnwrap(SpeechLevel.active(tone, sampleRate: rate)), 0.125, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(SpeechLevel.active(paused, sampleRate: rate)), 0.125, accuracy: 1e-6)
        // The whole-track power would be 0.125 · 500/2000, 6 dB lower.
        XCTAssertEqual(SpeechLevel.meanPower(paused), 0.125 / 4, accuracy: 1e-6)
    }

    func testActiveLevelKeepsFramesWithinTheMarginAndDropsQuieterOnes() throws {
        // Loud frames (power 0.125), frames 6 dB down (0.03125) and frames
        // 40 dB down (1.25e-5): by hand, the first mean is
        // (3·0.125 + 3·0.03125 + 4·1.25e-5)/10 = 0.046880; the threshold
        // 10^(−1.59)·that = 0.0012 drops only the quiet frames; the fixed
        // point is (0.125 + 0.03125)/2 = 0.078125, whose threshold (0.002)
        // still keeps the 6 dB frames.
        let speech = sine(amplitude: 0.5, ms: 30) + sine(amplitude: 0.25, ms: 30) + sine(amplitude: 0.005, ms: 40)
        XCTAssertEqual(try XCTUnwrap(SpeechLevel.active(speech, sampleRate: rate)), 0.078125, accuracy: 1e-7)
    }

    func testSilenceHasNoActiveLevel() {
        XCTAssertNil(SpeechLevel.active(silence(ms: 100), sampleRate: rate))
        XCTAssertNil(SpeechLevel.active([], sampleRate: rate))
    }

    func testScaledNoiseHitsTheTargetSNRWithinOneHundredthOfADecibel() throws {
        let speechPower = try XCTUnwrap(SpeechLevel.active(silence(ms: 200) + sine(amplitude: 0.3, ms: 800), sampleRate: rate))
        XCTAssertEqual(speechPower, 0.045, accuracy: 1e-7)
        for (kind, noise) in [("white", NoiseGenerator.white(count: rate * 2, seed: 11)),
                              ("pink", NoiseGenerator.pink(count: rate * 2, seed: 12)),
                              ("brown", NoiseGenerator.brown(count: rate * 2, seed: 13)),
                              ("hum", NoiseGenerator.hum(count: rate * 2, sampleRate: rate, fundamentalHz: 50, harmonics: 5, seed: 14))] {
            for target in [-5.0, 0, 3, 12.5, 30] {
                let scaled = try XCTUnwrap(NoiseBed.scaled(noise, speechPower: speechPower, snrDB: target))
                // Independent of SNRScaling: the ratio recomputed here.
                let noisePower = scaled.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(scaled.count)
                XCTAssertEqual(10 * log10(speechPower / noisePower), target, accuracy: 0.01, "\(kind) at \(target) dB")
            }
        }
    }

    func testSilentNoiseCannotBeScaled() {
        XCTAssertNil(NoiseBed.scaled([0, 0, 0], speechPower: 0.1, snrDB: 10))
    }

    func testSNRBucketsFollowTheSpecWithLowerBoundsInclusive() {
        let cases: [(Double, String)] = [(-0.01, "<0"), (0, "0-5"), (4.99, "0-5"), (5, "5-10"), (10, "10-15"),
                                         (15, "15-20"), (20, "20-30"), (29.9, "20-30"), (30, ">=30"), (.infinity, ">=30")]
        for (db, label) in cases { XCTAssertEqual(SynthesizedScene.snrBucket(db: db), label, "\(db) dB") }
    }
}
