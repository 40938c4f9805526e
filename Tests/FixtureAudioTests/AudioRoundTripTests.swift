import Foundation
import XCTest
@testable import FixtureAudio

/// Writing through libsndfile and reading back keeps rate, layout and samples.
final class AudioRoundTripTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A 440 Hz tone, interleaved, with channel c scaled by 1/(c+1).
    func tone(rate: Int, channels: Int, seconds: Double) -> [Float] {
        let frames = Int(Double(rate) * seconds)
        var out = [Float](repeating: 0, count: frames * channels)
        for i in 0..<frames {
            let v = Float(0.5 * sin(2 * Double.pi * 440 * Double(i) / Double(rate)))
            for c in 0..<channels { out[i * channels + c] = v / Float(c + 1) }
        }
        return out
    }

    func check(rate: Int, channels: Int, encoding: AudioEncoding, format: String, subtype: String, tolerance: Float) throws {
        let path = directory.appendingPathComponent("t.\(encoding.rawValue)").path
        let samples = tone(rate: rate, channels: channels, seconds: 0.75)
        try AudioWriter.write(path: path, samples: samples, sampleRate: rate, channels: channels, encoding: encoding)

        let reader = try AudioReader(path: path)
        XCTAssertEqual(reader.info.sampleRate, rate)
        XCTAssertEqual(reader.info.channels, channels)
        XCTAssertEqual(reader.info.frames, Int64(samples.count / channels))
        XCTAssertEqual(reader.info.format, format)
        XCTAssertEqual(reader.info.subtype, subtype)
        XCTAssertEqual(reader.info.durationSeconds, 0.75, accuracy: 1e-9)

        let mono = try reader.readAllMono()
        XCTAssertEqual(mono.count, samples.count / channels)
        // Mean of channels: v · mean(1, 1/2, …).
        let gain = (1...channels).map { 1 / Float($0) }.reduce(0, +) / Float(channels)
        var worst: Float = 0
        for i in 0..<mono.count { worst = max(worst, abs(mono[i] - samples[i * channels] * gain)) }
        XCTAssertLessThan(worst, tolerance)
    }

    func testPCM16At8kHzMono() throws {
        try check(rate: 8_000, channels: 1, encoding: .wavPCM16, format: "WAV", subtype: "PCM_16", tolerance: 1e-4)
    }

    /// Every 16-bit code, in WAV and FLAC, stereo: `k / 32768` exactly,
    /// as `sf_readf_float` decodes it (the reader scales shorts itself).
    func testPCM16DecodesEveryCodeExactly() throws {
        let codes = (Int(Int16.min)...Int(Int16.max)).map { Float($0) / 32_768 }
        for encoding in [AudioEncoding.wavPCM16, .flacPCM16] {
            let path = directory.appendingPathComponent("codes.\(encoding.rawValue)").path
            try AudioWriter.write(path: path, samples: codes, sampleRate: 16_000, channels: 2, encoding: encoding)
            let reader = try AudioReader(path: path)
            var interleaved = [Float](repeating: .nan, count: codes.count + 5)
            let frames = try interleaved.withUnsafeMutableBufferPointer { try reader.readInterleaved(into: $0) }
            XCTAssertEqual(frames, codes.count / 2, "\(encoding)")
            XCTAssertEqual(Array(interleaved.prefix(codes.count)), codes, "\(encoding)")
        }
    }

    func testFloatStereoAt44_1kHz() throws {
        try check(rate: 44_100, channels: 2, encoding: .wavFloat, format: "WAV", subtype: "FLOAT", tolerance: 1e-7)
    }

    func testPCM24At48kHz() throws {
        try check(rate: 48_000, channels: 1, encoding: .wavPCM24, format: "WAV", subtype: "PCM_24", tolerance: 1e-6)
    }

    func testFLACAt16kHz() throws {
        try check(rate: 16_000, channels: 1, encoding: .flacPCM16, format: "FLAC", subtype: "PCM_16", tolerance: 1e-4)
    }

    func testSixChannelMixDownIsTheChannelMean() throws {
        try check(rate: 16_000, channels: 6, encoding: .wavFloat, format: "WAV", subtype: "FLOAT", tolerance: 1e-6)
    }

    func testBlockStreamingMatchesWholeFileRead() throws {
        let path = directory.appendingPathComponent("s.wav").path
        let samples = tone(rate: 16_000, channels: 2, seconds: 1.3)
        try AudioWriter.write(path: path, samples: samples, sampleRate: 16_000, channels: 2, encoding: .wavFloat)
        let whole = try AudioReader.readMono(path: path).samples
        var streamed: [Float] = []
        var blocks = 0
        try AudioReader(path: path).forEachMonoBlock(blockFrames: 1_000) { block in
            XCTAssertLessThanOrEqual(block.count, 1_000)
            streamed.append(contentsOf: block)
            blocks += 1
        }
        XCTAssertEqual(blocks, 21) // 20 800 frames in blocks of 1 000
        XCTAssertEqual(streamed, whole)
    }

    /// A smaller read after a larger one reads no more frames than asked
    /// for: a stereo far-end that outlasts the mic used to read a whole
    /// block into the mic's last, shorter one, and crashed `features`.
    func testAShorterReadOfManyChannelsReadsOnlyWhatItAsks() throws {
        let path = directory.appendingPathComponent("st.wav").path
        let samples = tone(rate: 8_000, channels: 2, seconds: 0.5)
        try AudioWriter.write(path: path, samples: samples, sampleRate: 8_000, channels: 2, encoding: .wavFloat)
        let reader = try AudioReader(path: path)
        var big = [Float](repeating: 0, count: 1_000)
        var small = [Float](repeating: 0, count: 300)
        XCTAssertEqual(try big.withUnsafeMutableBufferPointer { try reader.readMono(into: $0) }, 1_000)
        XCTAssertEqual(try small.withUnsafeMutableBufferPointer { try reader.readMono(into: $0) }, 300)
        // The next read starts right after the 1,300 frames handed out.
        XCTAssertEqual(try small.withUnsafeMutableBufferPointer { try reader.readMono(into: UnsafeMutableBufferPointer(rebasing: $0[0..<1])) }, 1)
        XCTAssertEqual(small[0], samples[1_300 * 2] * 0.75, accuracy: 1e-6)
    }

    func testWriteIsAtomicAndLeavesNoTempFiles() throws {
        let path = directory.appendingPathComponent("a.wav").path
        try AudioWriter.write(path: path, samples: [0.1, -0.1], sampleRate: 16_000)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertEqual(names, ["a.wav"])
    }

    func testOverRangeSamplesClipInsteadOfWrapping() throws {
        let path = directory.appendingPathComponent("c.wav").path
        try AudioWriter.write(path: path, samples: [1.7, -1.7, 0.5], sampleRate: 8_000)
        let back = try AudioReader.readMono(path: path).samples
        XCTAssertGreaterThan(back[0], 0.99)
        XCTAssertLessThan(back[1], -0.99)
        XCTAssertEqual(back[2], 0.5, accuracy: 1e-4)
    }

    func testSkipMovesAheadWithoutDecodingAndStopsAtTheEnd() throws {
        let path = directory.appendingPathComponent("ramp.wav").path
        let ramp = (0..<1_000).map { Float($0) / 1_024 }
        try AudioWriter.write(path: path, samples: ramp, sampleRate: 8_000, channels: 1, encoding: .wavPCM16)
        let reader = try AudioReader(path: path)
        var buffer = [Float](repeating: -1, count: 10)
        try buffer.withUnsafeMutableBufferPointer { b in
            XCTAssertEqual(try reader.readMono(into: b), 10)
            try reader.skip(frames: 100)
            XCTAssertEqual(try reader.readMono(into: b), 10)
        }
        XCTAssertEqual(buffer[0], ramp[110], accuracy: 1e-4)
        try reader.skip(frames: 5_000)
        try buffer.withUnsafeMutableBufferPointer { b in XCTAssertEqual(try reader.readMono(into: b), 0) }
    }
}
