import Authoring
import FixtureAudio
import XCTest

/// The duplicate check hashes the decoded audio, so a container change does
/// not hide a copy while any change to the sound does.
final class AudioContentHashTests: XCTestCase {
    func testSameSamplesInWAVAndFLACHashTheSame() throws {
        let scratch = try Scratch()
        let wav = try scratch.tone("a.wav", hz: 440, seconds: 0.5)
        let flac = try scratch.tone("a.flac", hz: 440, seconds: 0.5, encoding: .flacPCM16)
        XCTAssertEqual(try AudioContentHash.of(path: wav), try AudioContentHash.of(path: flac))
    }

    func testDifferentSoundOrRateHashesDifferently() throws {
        let scratch = try Scratch()
        let a = try AudioContentHash.of(path: try scratch.tone("a.wav", hz: 440, seconds: 0.5))
        let pitch = try AudioContentHash.of(path: try scratch.tone("b.wav", hz: 441, seconds: 0.5))
        let longer = try AudioContentHash.of(path: try scratch.tone("c.wav", hz: 440, seconds: 0.51))
        // Same sample values, other clock: a different recording.
        let rate = try AudioContentHash.of(path: try scratch.tone("d.wav", hz: 440 * 2, seconds: 0.25, rate: 8_000))
        XCTAssertEqual(Set([a, pitch, longer, rate]).count, 4)
        XCTAssertEqual(a.count, 64)
    }

    func testUndecodableAudioThrowsNamingTheFile() throws {
        let scratch = try Scratch()
        let bogus = scratch.text("bogus.wav", "not audio")
        XCTAssertThrowsError(try AudioContentHash.of(path: bogus)) { error in
            XCTAssertTrue("\(error)".contains(bogus), "\(error)")
        }
    }
}

extension AudioContentHashTests {
    /// The prefix hash sees only the first `prefixFrames` frames: a change
    /// after them leaves it alone but changes the full hash.
    func testPrefixHashCoversOnlyTheOpening() throws {
        let scratch = try Scratch()
        let rate = 16_000
        var samples = (0..<rate).map { Float(($0 % 200) - 100) / 32_768 }
        try AudioWriter.write(path: scratch.path("a.wav"), samples: samples, sampleRate: rate)
        samples[AudioContentHash.prefixFrames + 10] += 1 / 32_768
        try AudioWriter.write(path: scratch.path("b.wav"), samples: samples, sampleRate: rate)
        samples[5] += 1 / 32_768
        try AudioWriter.write(path: scratch.path("c.wav"), samples: samples, sampleRate: rate)
        let (a, b, c) = (scratch.path("a.wav"), scratch.path("b.wav"), scratch.path("c.wav"))
        XCTAssertEqual(try AudioContentHash.prefix(path: a), try AudioContentHash.prefix(path: b))
        XCTAssertNotEqual(try AudioContentHash.prefix(path: a), try AudioContentHash.prefix(path: c))
        XCTAssertNotEqual(try AudioContentHash.of(path: a), try AudioContentHash.of(path: b))
        XCTAssertEqual(try AudioContentHash.shape(path: a), try AudioContentHash.shape(path: c))
    }
}
