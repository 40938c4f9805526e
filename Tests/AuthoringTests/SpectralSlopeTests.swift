import Authoring
import Foundation
import SignalFeatures
import SpectralReference
import XCTest

/// Noise colours by their spectral slope, measured with the package's own
/// STFT: the power density averaged over frames, in octave bands from
/// 125 Hz to 4 kHz, and the least-squares slope in dB per octave.
final class SpectralSlopeTests: XCTestCase {
    let rate = 16_000

    /// Least-squares slope of band power density (dB) over log2(centre).
    func slopePerOctave(_ samples: [Float]) -> Double {
        let stft = STFT(frameLength: 1_024, hop: 512)
        var power = [Double](repeating: 0, count: stft.fftSize / 2 + 1)
        stft.push(samples) { frame in
            for k in power.indices { power[k] += Double(frame.power(k)) }
        }
        let binHz = Double(rate) / Double(stft.fftSize)
        var points: [(x: Double, y: Double)] = []
        for octave in 0..<6 {
            let centre = 125 * pow(2, Double(octave))
            let low = Int((centre / 2.0.squareRoot() / binHz).rounded(.up)), high = Int((centre * 2.0.squareRoot() / binHz).rounded(.down))
            let density = power[low...high].reduce(0, +) / Double(high - low + 1)
            points.append((log2(centre), 10 * log10(density)))
        }
        let mx = points.map(\.x).reduce(0, +) / Double(points.count), my = points.map(\.y).reduce(0, +) / Double(points.count)
        let sxy = points.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) }, sxx = points.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
        return sxy / sxx
    }

    func testWhiteNoiseIsFlat() {
        XCTAssertEqual(slopePerOctave(NoiseGenerator.white(count: rate * 20, seed: 1)), 0, accuracy: 0.3)
    }

    func testPinkNoiseFallsThreeDecibelsPerOctave() {
        XCTAssertEqual(slopePerOctave(NoiseGenerator.pink(count: rate * 20, seed: 2)), -3.01, accuracy: 0.5)
    }

    func testBrownNoiseFallsSixDecibelsPerOctave() {
        XCTAssertEqual(slopePerOctave(NoiseGenerator.brown(count: rate * 20, seed: 3)), -6.02, accuracy: 0.5)
    }

    func testTheThreeColoursAreTellApart() {
        // Each colour's slope is nearer its own target than its neighbours':
        // a generator that produced the wrong colour would fail here.
        let slopes = [NoiseGenerator.white(count: rate * 10, seed: 4), NoiseGenerator.pink(count: rate * 10, seed: 4),
                      NoiseGenerator.brown(count: rate * 10, seed: 4)].map(slopePerOctave)
        XCTAssertLessThan(slopes[1], slopes[0] - 2)
        XCTAssertLessThan(slopes[2], slopes[1] - 2)
    }

    func testHumHasItsEnergyAtTheMainsHarmonics() {
        let hum = NoiseGenerator.hum(count: rate * 4, sampleRate: rate, fundamentalHz: 60, harmonics: 3, seed: 5)
        // Harmonic k has amplitude 1/k, so power 1/(2k²); the total is
        // (1 + 1/4 + 1/9)/2 whatever the phases (over whole periods).
        XCTAssertEqual(Authoring.SpeechLevel.meanPower(hum), (1 + 0.25 + 1.0 / 9) / 2, accuracy: 1e-3)
        let stft = STFT(frameLength: 16_000, hop: 16_000, fftSize: 16_000)
        var bins: [Float] = []
        stft.push(hum) { frame in if frame.index == 0 { bins = (0..<8_001).map { frame.power($0) } } }
        // 1 Hz bins; the Hann window spreads each line over ±1 bin.
        XCTAssertEqual(bins[60] / bins[120], 4, accuracy: 0.01, "amplitude 1 vs 1/2")
        XCTAssertEqual(bins[60] / bins[180], 9, accuracy: 0.01, "amplitude 1 vs 1/3")
        for between in [30, 90, 150, 240] {
            XCTAssertLessThan(bins[between], bins[180] * 1e-6, "no energy at \(between) Hz")
        }
    }

    func testHumLeavesOutHarmonicsAboveNyquist() {
        // At 1 kHz the Nyquist frequency is 500 Hz: only 60…480 Hz (8) fit.
        let hum = NoiseGenerator.hum(count: 1_000, sampleRate: 1_000, fundamentalHz: 60, harmonics: 20, seed: 6)
        let expected = (1...8).reduce(0.0) { $0 + 1 / Double($1 * $1) } / 2
        XCTAssertEqual(Authoring.SpeechLevel.meanPower(hum), expected, accuracy: 0.01)
    }
}
