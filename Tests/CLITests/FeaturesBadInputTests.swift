import CLITestSupport
import Foundation
import XCTest
import FixtureAudio

/// `fixture-check features` on degenerate audio: defined results with
/// `null` where a metric cannot be computed, or exit 2 naming the file —
/// never NaN, never a crash.
final class FeaturesBadInputTests: XCTestCase {
    func json(_ arguments: [String]) throws -> (CLIResult, [String: Any]) {
        let result = try CLI.run(["features"] + arguments + ["--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("nan") || result.stdout.contains("inf"), result.stdout)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: .fragmentsAllowed)
        return (result, try XCTUnwrap(object as? [String: Any]))
    }

    func noise(_ count: Int, power: Float, seed: Int) -> [Float] {
        var state = UInt64(seed)
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Float(state >> 40) / Float(1 << 24) - 0.5) * (12 * power).squareRoot()
        }
    }

    func testAllZeroHasNoSpeechAndNullSNR() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("zero.wav")
        try AudioWriter.write(path: path, samples: [Float](repeating: 0, count: 16_000), sampleRate: 16_000)
        let (_, object) = try json([path])
        let snr = try XCTUnwrap(object["snr"] as? [String: Any])
        XCTAssertTrue(snr["db"] is NSNull)
        XCTAssertTrue(snr["bucket"] is NSNull)
        let vad = try XCTUnwrap(object["vad"] as? [String: Any])
        XCTAssertEqual(vad["speech_ratio"] as? Double, 0)
        XCTAssertEqual((vad["segments"] as? [Any])?.count, 0)
    }

    func testTenMillisecondFileHasNullEstimates() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("short.wav")
        try AudioWriter.write(path: path, samples: noise(160, power: 0.01, seed: 1), sampleRate: 16_000)
        let (_, object) = try json([path])
        XCTAssertTrue((object["snr"] as? [String: Any])?["db"] is NSNull)
        XCTAssertTrue((object["vad"] as? [String: Any])?["speech_ratio"] is NSNull)
        XCTAssertEqual((object["audio"] as? [String: Any])?["frames"] as? Int, 160)
    }

    /// A recording cannot hold NaN or Inf: the reader refuses it (exit 2,
    /// naming the file and the frame) rather than measuring corrupt audio.
    func testNaNAndInfinitySamplesAreExit2NamingFileAndFrame() throws {
        let dir = try TemporaryDirectory()
        for (name, value) in [("nan.wav", Float.nan), ("inf.wav", Float.infinity)] {
            let path = dir.path(name)
            var samples = noise(16_000, power: 0.001, seed: 2)
            samples[100] = value
            try AudioWriter.write(path: path, samples: samples, sampleRate: 16_000, encoding: .wavFloat)
            let result = try CLI.run(["features", path, "--format", "json"])
            XCTAssertEqual(result.status, 2, name)
            XCTAssertEqual(result.stdout, "", name)
            XCTAssertTrue(result.stderr.contains(path + ": frame 100"), result.stderr)
        }
    }

    func testMismatchedFarEndRateIsExit2NamingTheFarEnd() throws {
        let dir = try TemporaryDirectory()
        let mic = dir.path("mic.wav"), far = dir.path("far.wav")
        try AudioWriter.write(path: mic, samples: noise(16_000, power: 0.01, seed: 3), sampleRate: 16_000)
        try AudioWriter.write(path: far, samples: noise(8_000, power: 0.01, seed: 4), sampleRate: 8_000)
        let result = try CLI.run(["features", mic, "--far-end", far])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains(far), result.stderr)
        XCTAssertTrue(result.stderr.contains("8000 Hz"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testMissingFarEndIsExit2NamingIt() throws {
        let dir = try TemporaryDirectory()
        let mic = dir.path("mic.wav")
        try AudioWriter.write(path: mic, samples: noise(16_000, power: 0.01, seed: 5), sampleRate: 16_000)
        let result = try CLI.run(["features", mic, "--far-end", dir.path("nope.wav")])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains(dir.path("nope.wav")), result.stderr)
    }

    func testAECOutputWithoutFarEndIsBadUsage() throws {
        XCTAssertEqual(try CLI.run(["features", "mic.wav", "--aec-out", "aec.wav"]).status, 64)
    }
}
