import Adapters
import Foundation
import XCTest

/// Rate conversion keeps length, level and timing, and filters out what
/// the new rate cannot carry.
final class SincResamplerTests: XCTestCase {
    private func rms(_ x: ArraySlice<Float>) -> Double {
        sqrt(x.reduce(0) { $0 + Double($1) * Double($1) } / Double(max(1, x.count)))
    }

    func testOutputLengthIsTheCeilingOfTheScaledLength() {
        XCTAssertEqual(SincResampler.convert([Float](repeating: 0, count: 12_000), from: 48_000, to: 16_000).count, 4_000)
        XCTAssertEqual(SincResampler.convert([Float](repeating: 0, count: 1_001), from: 48_000, to: 16_000).count, 334)
        XCTAssertEqual(SincResampler.convert([Float](repeating: 0, count: 441), from: 44_100, to: 16_000).count, 160)
        XCTAssertEqual(SincResampler.convert([Float](repeating: 0, count: 100), from: 8_000, to: 16_000).count, 200)
    }

    func testEqualRatesPassThroughUntouched() {
        let x = Signal.tone(seconds: 0.01, sampleRate: 16_000)
        XCTAssertEqual(SincResampler.convert(x, from: 16_000, to: 16_000), x)
    }

    /// A 1 kHz sine converted 44.1 k → 16 k must equal the same sine
    /// sampled at 16 k (away from the edges, where the input ends).
    func testAnInBandSineIsReproducedAtTheNewRate() {
        let input = Signal.tone(hz: 1_000, seconds: 0.2, sampleRate: 44_100)
        let output = SincResampler.convert(input, from: 44_100, to: 16_000)
        let expected = Signal.tone(hz: 1_000, seconds: 0.2, sampleRate: 16_000)
        let middle = 400..<2_800
        let worst = middle.map { abs(output[$0] - expected[$0]) }.max()!
        XCTAssertLessThan(worst, 0.002)
    }

    func testUpsamplingReproducesTheSineToo() {
        let input = Signal.tone(hz: 300, seconds: 0.1, sampleRate: 8_000)
        let output = SincResampler.convert(input, from: 8_000, to: 22_050)
        let expected = Signal.tone(hz: 300, seconds: 0.1, sampleRate: 22_050)
        let worst = (500..<1_700).map { abs(output[$0] - expected[$0]) }.max()!
        XCTAssertLessThan(worst, 0.002)
    }

    /// 12 kHz is above the 8 kHz Nyquist frequency of 16 kHz audio: it
    /// must be removed, not folded down to 4 kHz (at least 40 dB down).
    func testOutOfBandEnergyIsFilteredNotAliased() {
        let input = Signal.tone(hz: 12_000, seconds: 0.2, sampleRate: 48_000)
        let output = SincResampler.convert(input, from: 48_000, to: 16_000)
        XCTAssertLessThan(rms(output[400..<2_800]) / rms(input[...]), 0.01)
    }

    /// Feeding blocks of any size gives the same samples as one call.
    func testStreamingInBlocksEqualsConvertingAtOnce() {
        let input = Signal.tone(hz: 700, seconds: 0.3, sampleRate: 44_100)
        let whole = SincResampler.convert(input, from: 44_100, to: 16_000)
        let streaming = SincResampler(inRate: 44_100, outRate: 16_000)
        var pieces: [Float] = []
        var start = 0
        for size in [1, 7, 333, 4_096, 100_000] where start < input.count {
            let end = min(input.count, start + size)
            pieces += streaming.process(input[start..<end])
            start = end
        }
        pieces += streaming.flush()
        XCTAssertEqual(pieces, whole)
    }
}
