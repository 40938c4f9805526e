import FileFormats
import FixtureAudio
import Foundation
import SpectralReference
import Synchronization
import XCTest
@testable import FourierTransforms

/// The FFTW transform agrees with a direct DFT, and the STFT frames a
/// stream exactly as documented.
final class RealFFTTests: XCTestCase {
    /// X[k] = Σ x[n]·e^{−2πikn/N}, in double precision.
    func directDFT(_ x: [Float]) -> [(Double, Double)] {
        let n = x.count
        return (0...n / 2).map { k in
            var re = 0.0, im = 0.0
            for (i, v) in x.enumerated() {
                let angle = -2 * Double.pi * Double(k * i % n) / Double(n)
                re += Double(v) * cos(angle)
                im += Double(v) * sin(angle)
            }
            return (re, im)
        }
    }

    func testMatchesDirectDFTOnRandomInput() {
        var rng = SeededRandom(seed: 42)
        for size in [8, 30, 256, 512] {
            let fft = RealFFT.shared(size: size)
            let buffers = FFTBuffers(size: size)
            let x = (0..<size).map { _ in Float(rng.unit() * 2 - 1) }
            for i in 0..<size { buffers.input[i] = x[i] }
            fft.forward(buffers)
            let reference = directDFT(x)
            for k in 0...size / 2 {
                let (re, im) = buffers.bins[k]
                XCTAssertEqual(Double(re), reference[k].0, accuracy: 1e-4 * Double(size), "size \(size) bin \(k) re")
                XCTAssertEqual(Double(im), reference[k].1, accuracy: 1e-4 * Double(size), "size \(size) bin \(k) im")
            }
        }
    }

    func testPlansAreSharedPerSize() {
        XCTAssertTrue(RealFFT.shared(size: 512) === RealFFT.shared(size: 512))
        XCTAssertFalse(RealFFT.shared(size: 512) === RealFFT.shared(size: 256))
    }

    func testConcurrentTransformsWithOneSharedPlanAgree() {
        let size = 512
        var rng = SeededRandom(seed: 7)
        let x = (0..<size).map { _ in Float(rng.unit() - 0.5) }
        let expected: [Float] = {
            let b = FFTBuffers(size: size)
            for i in 0..<size { b.input[i] = x[i] }
            RealFFT.shared(size: size).forward(b)
            return b.bins.map { $0.0 * $0.0 + $0.1 * $0.1 }
        }()
        let bad = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let b = FFTBuffers(size: size)
            for _ in 0..<200 {
                for i in 0..<size { b.input[i] = x[i] }
                RealFFT.shared(size: size).forward(b)
                if b.bins.map({ $0.0 * $0.0 + $0.1 * $0.1 }) != expected {
                    bad.withLock { $0 += 1 }
                }
            }
        }
        XCTAssertEqual(bad.withLock { $0 }, 0)
    }

    func testSTFTFramesAtEveryHopAcrossBlockBoundaries() {
        let stft = STFT(frameLength: 400, hop: 160)
        XCTAssertEqual(stft.fftSize, 512)
        let signal = (0..<16_000).map { Float($0 % 97) / 97 }
        var firstSamples: [Float] = []
        var indices: [Int] = []
        // Push in awkward block sizes; frames must not care.
        var offset = 0
        for block in [1, 399, 2, 1_000, 5_000, 9_598] {
            stft.push(Array(signal[offset..<offset + block])) { frame in
                indices.append(frame.index)
                firstSamples.append(frame.samples[0])
            }
            offset += block
        }
        // floor((16000 − 400) / 160) + 1 = 98 frames.
        XCTAssertEqual(indices, Array(0..<98))
        XCTAssertEqual(firstSamples, (0..<98).map { signal[$0 * 160] })
    }

    func testSTFTWithGapsBetweenFramesSkipsTheGap() {
        let stft = STFT(frameLength: 4, hop: 10, fftSize: 4)
        var starts: [Float] = []
        stft.push((0..<35).map(Float.init)) { starts.append($0.samples[0]) }
        XCTAssertEqual(starts, [0, 10, 20, 30])
    }

    func testPureToneLandsInItsBin() {
        let rate = 16_000
        let stft = STFT(frameLength: 512, hop: 512, fftSize: 512)
        let bin = 64 // 64 · 16000 / 512 = 2000 Hz
        let tone = (0..<2_048).map { Float(sin(2 * Double.pi * 2_000 * Double($0) / Double(rate))) }
        stft.push(tone) { frame in
            let powers = (0..<257).map(frame.power)
            XCTAssertEqual(powers.indices.max { powers[$0] < powers[$1] }, bin)
            // Hann-windowed unit sine: peak |X| = N/4.
            XCTAssertEqual(sqrt(Double(powers[bin])), 128, accuracy: 0.01)
        }
    }
}

