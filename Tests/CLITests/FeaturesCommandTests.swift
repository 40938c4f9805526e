import CLITestSupport
import Foundation
import XCTest
import FixtureAudio

/// `fixture-check features` reports the audio block and refuses non-audio
/// with exit 2 naming the file (docs/gate.md).
final class FeaturesCommandTests: XCTestCase {
    func audioBlock(_ path: String) throws -> [String: Any] {
        let result = try CLI.run(["features", path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try XCTUnwrap(json?["audio"] as? [String: Any])
    }

    func write(_ dir: TemporaryDirectory, _ name: String, rate: Int, channels: Int, seconds: Double, encoding: AudioEncoding) throws -> String {
        let frames = Int(Double(rate) * seconds)
        let samples = (0..<frames * channels).map { Float(sin(Double($0) * 0.05)) * 0.3 }
        let path = dir.path(name)
        try AudioWriter.write(path: path, samples: samples, sampleRate: rate, channels: channels, encoding: encoding)
        return path
    }

    func testReportsRateChannelsAndDurationAcrossFormats() throws {
        let dir = try TemporaryDirectory()
        let cases: [(String, Int, Int, Double, AudioEncoding, String, String)] = [
            ("pcm16-8k.wav", 8_000, 1, 1.5, .wavPCM16, "WAV", "PCM_16"),
            ("float-44k-stereo.wav", 44_100, 2, 0.5, .wavFloat, "WAV", "FLOAT"),
            ("pcm24-48k.wav", 48_000, 1, 2.0, .wavPCM24, "WAV", "PCM_24"),
            ("pcm16-16k.flac", 16_000, 1, 1.25, .flacPCM16, "FLAC", "PCM_16"),
        ]
        for (name, rate, channels, seconds, encoding, format, subtype) in cases {
            let audio = try audioBlock(try write(dir, name, rate: rate, channels: channels, seconds: seconds, encoding: encoding))
            XCTAssertEqual(audio["sample_rate"] as? Int, rate, name)
            XCTAssertEqual(audio["channels"] as? Int, channels, name)
            XCTAssertEqual(audio["frames"] as? Int, Int(Double(rate) * seconds), name)
            XCTAssertEqual(try XCTUnwrap(audio["duration_s"] as? Double, name), seconds, accuracy: 1e-6, name)
            XCTAssertEqual(audio["format"] as? String, format, name)
            XCTAssertEqual(audio["subtype"] as? String, subtype, name)
        }
    }

    func testTextFormatNamesTheEncoding() throws {
        let dir = try TemporaryDirectory()
        let path = try write(dir, "a.wav", rate: 16_000, channels: 1, seconds: 1, encoding: .wavPCM16)
        let result = try CLI.run(["features", path])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("16000 Hz"), result.stdout)
        XCTAssertTrue(result.stdout.contains("PCM_16"), result.stdout)
    }

    func testRefusesNonAudioWithExit2NamingTheFile() throws {
        let dir = try TemporaryDirectory()
        let random = dir.path("random.wav")
        XCTAssertTrue(FileManager.default.createFile(atPath: random, contents: Data((0..<2_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })))
        let empty = dir.path("empty.wav")
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        let missing = dir.path("missing.wav")
        for path in [random, empty, missing, dir.url.path] {
            let result = try CLI.run(["features", path])
            XCTAssertEqual(result.status, 2, path)
            XCTAssertTrue(result.stderr.contains(path), "stderr must name \(path): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", "nothing on stdout for a failure")
        }
    }

    func testBadUsageIsExit64() throws {
        XCTAssertEqual(try CLI.run(["features"]).status, 64)
        XCTAssertEqual(try CLI.run(["features", "x.wav", "--format", "junit"]).status, 64)
        XCTAssertEqual(try CLI.run(["no-such-command"]).status, 64)
    }
}
