import FileFormats
import FixtureAudio
import FourierTransforms
import Foundation
import XCTest
@testable import SignalFeatures

/// The SIMD kernels against plain scalar arithmetic, and the thinning of
/// a long recording's coherence frames.
final class FrameKernelsTests: XCTestCase {
    func testLogMatchesLibmOverTheVADsRange() {
        // Products of 1 + ξ: from 1 up to ~10⁹⁷, and sub-normal-free below 1 too.
        var worst = 0.0
        for e in stride(from: -20.0, through: 97.0, by: 0.37) {
            let x = SIMD8<Double>((0..<8).map { pow(10, e) * (1 + Double($0) * 0.113) })
            let got = FrameKernels.log(x)
            for lane in 0..<8 { worst = max(worst, abs(got[lane] - Foundation.log(x[lane]))) }
        }
        XCTAssertLessThan(worst, 1e-11)
    }

    func testCensusFindsNonFiniteAndClippedSamplesAnywhere() {
        for count in [0, 7, 8, 9, 100] {
            for position in [0, count / 2, max(count - 1, 0)] where position < count {
                var x = [Float](repeating: 0.5, count: count)
                x[position] = .nan
                if count > 3 { x[(position + 3) % count] = -1 }
                if count > 5 { x[(position + 5) % count] = .infinity }
                let census = x.withUnsafeBufferPointer { FrameKernels.census($0) }
                XCTAssertEqual(census.nonFinite, x.filter { !$0.isFinite }.count, "count \(count) at \(position)")
                XCTAssertEqual(census.clipped, x.filter { $0.isFinite && abs($0) >= 0.999 }.count, "count \(count) at \(position)")
            }
        }
    }

    func testEnergyAndPowerMatchScalarSums() {
        let x = Synthetic.whiteNoise(count: 403, power: 0.3, seed: 11)
        let w = AnalysisWindow.hann(403)
        let energy = x.withUnsafeBufferPointer { xb in w.withUnsafeBufferPointer { wb in
            FrameKernels.windowedEnergy(xb.baseAddress!, wb.baseAddress!, count: 403) } }
        let scalar = zip(x, w).reduce(0.0) { $0 + Double($1.0 * $1.1) * Double($1.0 * $1.1) }
        XCTAssertEqual(energy, scalar, accuracy: 1e-5 * scalar)
        let plain = x.withUnsafeBufferPointer { FrameKernels.energy($0.baseAddress!, count: 403) }
        XCTAssertEqual(plain, x.reduce(0.0) { $0 + Double($1) * Double($1) }, accuracy: 1e-9)
        let bins = (0..<13).map { (Float($0) - 6, Float($0 % 5) * 0.5) }
        var power = [Float](repeating: 0, count: 13)
        bins.withUnsafeBufferPointer { b in power.withUnsafeMutableBufferPointer { FrameKernels.power(b.baseAddress!, count: 13, into: $0.baseAddress!) } }
        XCTAssertEqual(power, bins.map { $0.0 * $0.0 + $0.1 * $0.1 })
    }

    func testThinnedFarEndFramesCountAsActiveButNotInTheCoherence() {
        let analyzer = EchoAnalyzer(sampleRate: 8_000, fftSize: 256, noisePower: 1e-6, farActiveLevel: 1e-3)
        let bins = [(Float, Float)](repeating: (1, 0.5), count: 129)
        bins.withUnsafeBufferPointer { b in
            let none = UnsafeBufferPointer<(Float, Float)>(start: nil, count: 0)
            for frame in 0..<10 {
                // Every 2nd active frame thinned out: no far-end bins.
                analyzer.add(micLevel: 1e-3, micBins: b, farLevel: 1e-2, farBins: frame % 2 == 0 ? b : none,
                             aecLevel: nil, micActive: true)
            }
            analyzer.add(micLevel: 1e-3, micBins: b, farLevel: 1e-5, farBins: b, aecLevel: nil, micActive: true)
        }
        XCTAssertEqual(analyzer.farActiveFrames, 10)
        XCTAssertEqual(analyzer.coherenceFrames, 5)
        XCTAssertEqual(analyzer.coherence ?? 0, 1, accuracy: 1e-9)
        // ERL from the levels of all ten: 10·log10(1e-2 / (1e-3 − 1e-6)).
        XCTAssertEqual(analyzer.result(hasAECOutput: false).erlDB ?? 0, 10 * log10(1e-2 / (1e-3 - 1e-6)), accuracy: 0.01)
    }

    func testEvidenceThinningKeepsAllOfAShortRecordingAndLittleOfALongOne() {
        let full = FeatureAnalysis.fullCoherenceFrames
        XCTAssertTrue((0..<full).allSatisfy { EvidenceThinning.keeps($0, full: full) })
        // An hour of active playback: 360,000 frames.
        let kept = (0..<360_000).filter { EvidenceThinning.keeps($0, full: full) }.count
        XCTAssertEqual(kept, full + (full / 2) * 4 + (360_000 - 16 * full + 31) / 32)
    }
}

/// The SIMD likelihood ratio against the formula computed plainly in
/// double precision, frame after frame (the decision-directed memory
/// carries over).
final class LikelihoodRatioReferenceTests: XCTestCase {
    func testMatchesAScalarReferenceOverAFrameSequence() {
        let rate = 16_000, fftSize = 512, bins = fftSize / 2 + 1
        var rng = SeededRandom(seed: 5)
        let spectrum = (0..<bins).map { _ in Float(1e-4 * (0.5 + rng.unit())) }
        let vad = VoiceActivityDetector(noise: NoiseFloor(power: 1e-4, spectrum: spectrum), sampleRate: rate, fftSize: fftSize)
        // The reference: the band 100 Hz–7 kHz, bins 4…224 at 31.25 Hz.
        let band = 4..<225
        var previous = [Double](repeating: 0, count: bins)
        for frame in 0..<40 {
            // Noise-like frames, then louder "speech" ones, then noise again.
            let gain = (10..<25).contains(frame) ? 30.0 : 1.0
            let power = (0..<bins).map { Float(Double(spectrum[$0]) * gain * 2 * rng.unit()) }
            var sum = 0.0
            for k in band {
                let gamma = min(Double(power[k]) / Double(spectrum[k]), 1e6)
                let xi = max(0.98 * previous[k] + 0.02 * max(gamma - 1, 0), 1e-3)
                let g = xi / (1 + xi)
                sum += gamma * g - Foundation.log(1 + xi)
                previous[k] = g * g * gamma
            }
            let expected = sum / Double(band.count)
            let got = power.withUnsafeBufferPointer { vad.logLikelihoodRatio($0) }
            XCTAssertEqual(got, expected, accuracy: 1e-5 * max(1, abs(expected)), "frame \(frame)")
        }
    }

    func testACopyGoesOnAsTheOriginalAndAGainJudgesAgainstALouderNoise() {
        let rate = 16_000, fftSize = 512, bins = fftSize / 2 + 1
        var rng = SeededRandom(seed: 9)
        let spectrum = (0..<bins).map { _ in Float(1e-4 * (0.5 + rng.unit())) }
        // Noise 6 dB over the floor, with louder "speech" frames in between.
        let frames = (0..<30).map { f in
            (0..<bins).map { Float(Double(spectrum[$0]) * ((10..<20).contains(f) ? 30 : 4) * 2 * rng.unit()) }
        }
        func detector(louderBy gain: Float) -> VoiceActivityDetector {
            VoiceActivityDetector(noise: NoiseFloor(power: 1e-4 * Double(gain), spectrum: spectrum.map { $0 * gain }),
                                  sampleRate: rate, fftSize: fftSize)
        }
        let vad = detector(louderBy: 1), louder = detector(louderBy: 4), gained = detector(louderBy: 1)
        gained.noiseGain = 4
        var copy: VoiceActivityDetector?
        for (f, power) in frames.enumerated() {
            power.withUnsafeBufferPointer { p in
                if f == 15 { copy = vad.copy() }
                let copied = copy?.logLikelihoodRatio(p)
                let ratio = vad.logLikelihoodRatio(p)
                if let copied { XCTAssertEqual(copied, ratio, "frame \(f)") }
                let expected = louder.logLikelihoodRatio(p)
                XCTAssertEqual(gained.logLikelihoodRatio(p), expected, accuracy: 1e-5 * max(1, abs(expected)), "frame \(f)")
                // Against the floor the louder noise reads as speech; against itself it does not.
                if !(10..<20).contains(f) { XCTAssertGreaterThan(ratio, expected + 0.2, "frame \(f)") }
            }
        }
    }
}
