import FileFormats
import FixtureAudio
@testable import FixtureKit
import Foundation
import SignalFeatures
import XCTest

/// `FeatureReport.measure` on a recording long enough that pass 2 reads
/// only a sample of its blocks, and with either block size.
final class FeatureReportTests: XCTestCase {
    /// Two threads on large blocks (`LockStepTracks.sampledBlockFrames`)
    /// and one on the blocks every pass reads (`cachedBlockFrames`): the
    /// features are the same to the bit. The far-end is stereo and
    /// outlasts the mic, whose length is a multiple of neither block: its
    /// last read is a short one, which once read a whole block and crashed.
    func testTwoThreadsOnLargeBlocksGiveTheSameFeaturesAsOne() throws {
        let rate = 16_000, count = 150_001, lag = 1_920
        var random = SeededRandom(seed: 11)
        let far = (0..<(count + 40_000)).map { k -> Float in
            let talk = (k / 12_000) % 2 == 0 ? 0.3 : 0.0
            return Float(random.gaussian() * talk)
        }
        let mic = (0..<count).map { k -> Float in
            let burst = (k / 9_000) % 3 == 1 ? 0.2 * sin(Double(k) * 0.07) : 0
            return Float(random.gaussian() * 0.003 + burst) + (k >= lag ? 0.25 * far[k - lag] : 0)
        }
        let folder = try FixtureFolder()
        let micPath = folder.url.appendingPathComponent("mic.wav").path
        let farPath = folder.url.appendingPathComponent("far.wav").path
        try AudioWriter.write(path: micPath, samples: mic, sampleRate: rate, channels: 1, encoding: .wavPCM16)
        try AudioWriter.write(path: farPath, samples: far.flatMap { [$0, $0] }, sampleRate: rate, channels: 2, encoding: .wavFloat)
        XCTAssertNotEqual(count % LockStepTracks.cachedBlockFrames, 0)
        XCTAssertNotEqual(count % LockStepTracks.sampledBlockFrames, 0)

        let large = try FeatureReport.measure(micPath: micPath, farEndPath: farPath, aecOutPath: nil, parallel: true,
                                              blockFrames: LockStepTracks.sampledBlockFrames)
        let cached = try FeatureReport.measure(micPath: micPath, farEndPath: farPath, parallel: false)
        XCTAssertEqual(large.features, cached.features)
        XCTAssertEqual(try XCTUnwrap(cached.features?.echo?.delayMs), 120, accuracy: 1)
        XCTAssertFalse(try XCTUnwrap(cached.features?.speechSegments).isEmpty)
    }

    /// Far-end and AEC tracks of one to three channels, shorter than the
    /// mic, as long or longer: every layout measures without a crash and
    /// the same with either block size.
    func testEveryTrackLayoutMeasuresTheSameWithEitherBlockSize() throws {
        let rate = 8_000, count = LockStepTracks.cachedBlockFrames + 7_233
        var random = SeededRandom(seed: 3)
        let folder = try FixtureFolder()
        func write(_ name: String, frames: Int, channels: Int) throws -> String {
            let path = folder.url.appendingPathComponent(name).path
            let samples = (0..<(frames * channels)).map { k in Float(random.gaussian() * ((k / 4_000) % 2 == 0 ? 0.2 : 0.01)) }
            try AudioWriter.write(path: path, samples: samples, sampleRate: rate, channels: channels, encoding: .wavFloat)
            return path
        }
        let mic = try write("mic.wav", frames: count, channels: 1)
        for channels in 1...3 {
            for frames in [count - 9_000, count, count + 12_000] {
                let far = try write("far-\(channels)-\(frames).wav", frames: frames, channels: channels)
                let aec = channels == 1 ? nil : try write("aec-\(channels)-\(frames).wav", frames: frames + 1, channels: channels)
                let large = try FeatureReport.measure(micPath: mic, farEndPath: far, aecOutPath: aec, parallel: true,
                                                      blockFrames: LockStepTracks.sampledBlockFrames)
                let cached = try FeatureReport.measure(micPath: mic, farEndPath: far, aecOutPath: aec, parallel: false)
                XCTAssertEqual(large.features, cached.features, "far-end of \(channels) channels, \(frames) frames")
            }
        }
    }

    func testALongRecordingsNoiseSpectrumFromSampledBlocksAgreesWithEveryBlock() throws {
        // Four minutes at 8 kHz: harmonic bursts 10 dB over white noise,
        // 0.6 s in every 2 s, so over twice `noiseSpectrumFrames` frames
        // lie near the noise level.
        let rate = 8_000, count = rate * 240
        let noisePower = 1e-4
        var random = SeededRandom(seed: 7)
        // 190 Hz repeats within 2 s, so every burst is the same.
        let burst = (0..<(rate * 6 / 10)).map { k -> Double in
            let t = Double(k) / Double(rate)
            return (1...6).reduce(0.0) { $0 + sin(2 * Double.pi * 190 * Double($1) * t) } * (2 * noisePower * 10 / 6).squareRoot()
        }
        let samples = (0..<count).map { k in
            Float(random.gaussian() * noisePower.squareRoot() + (k % (2 * rate) < burst.count ? burst[k % (2 * rate)] : 0))
        }
        let folder = try FixtureFolder()
        let path = folder.url.appendingPathComponent("long.wav").path
        try AudioWriter.write(path: path, samples: samples, sampleRate: rate, channels: 1, encoding: .wavFloat)

        let sampled = try XCTUnwrap(try FeatureReport.measure(micPath: path).features)
        // The same passes, every block pushed: each a piece of its own in
        // pass 2, as the sampled ones are.
        let everyBlock = FeatureAnalysis(sampleRate: rate, hasFarEnd: false, hasAECOutput: false)
        let full = try everyBlock.run { pass in
            if pass == .noiseSpectrum { XCTAssertGreaterThan(everyBlock.noiseBlockStride, 1) }
            try AudioReader(path: path).forEachMonoBlock(blockFrames: 131_072) { everyBlock.push(mic: $0) }
        }
        let db = { (power: Double?) in 10 * log10(power ?? .nan) }
        XCTAssertEqual(db(sampled.noise?.power), db(noisePower), accuracy: 0.3)
        XCTAssertEqual(db(sampled.noise?.power), db(full.noise?.power), accuracy: 0.05)
        XCTAssertEqual(try XCTUnwrap(sampled.snrDB), try XCTUnwrap(full.snrDB), accuracy: 0.05)
        XCTAssertEqual(try XCTUnwrap(sampled.speechRatio), try XCTUnwrap(full.speechRatio), accuracy: 0.005)
        XCTAssertEqual(try XCTUnwrap(sampled.snrDB), 10, accuracy: 1)
    }
}
