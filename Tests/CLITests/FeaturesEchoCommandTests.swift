import CLITestSupport
import Foundation
import XCTest
import FixtureAudio

/// `fixture-check features MIC --far-end F [--aec-out A]` reports the echo
/// block of docs/gate.md with the delay and ERL the files were built with.
final class FeaturesEchoCommandTests: XCTestCase {
    /// Seeded white-noise bursts, 0.5 s on / 0.5 s off.
    func farEnd(rate: Int, seconds: Int) -> [Float] {
        var state: UInt64 = 77
        return (0..<rate * seconds).map { n in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let v = (Float(state >> 40) / Float(1 << 24) - 0.5) * 0.35
            return (n / (rate / 2)) % 2 == 0 ? v : 0
        }
    }

    func testEchoBlockHasTheBuiltDelayAndERL() throws {
        let dir = try TemporaryDirectory()
        let rate = 16_000, lag = 2_400 // 150 ms
        let far = farEnd(rate: rate, seconds: 5)
        let echo = [Float](repeating: 0, count: lag) + far.prefix(far.count - lag).map { $0 * 0.1 } // ERL 20 dB
        let micPath = dir.path("mic.wav"), farPath = dir.path("far.wav"), aecPath = dir.path("aec.wav")
        try AudioWriter.write(path: micPath, samples: echo, sampleRate: rate, encoding: .wavFloat)
        // A far-end stored as stereo PCM16 still lines up (mixed to mono).
        try AudioWriter.write(path: farPath, samples: far.flatMap { [$0, $0] }, sampleRate: rate, channels: 2)
        try AudioWriter.write(path: aecPath, samples: echo.map { $0 * 0.1 }, sampleRate: rate, encoding: .wavFloat)
        let result = try CLI.run(["features", micPath, "--far-end", farPath, "--aec-out", aecPath, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let echoBlock = try XCTUnwrap(object["echo"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(echoBlock["delay_ms"] as? Double), 150, accuracy: 0.1)
        XCTAssertEqual(try XCTUnwrap(echoBlock["erl_db"] as? Double), 20, accuracy: 0.5)
        XCTAssertEqual(try XCTUnwrap(echoBlock["erle_db"] as? Double), 20, accuracy: 0.5)
        XCTAssertLessThan(try XCTUnwrap(echoBlock["double_talk_ratio"] as? Double), 0.05)
        XCTAssertGreaterThan(try XCTUnwrap(echoBlock["coherence"] as? Double), 0.9)

        let text = try CLI.run(["features", micPath, "--far-end", farPath])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("delay 150.0 ms"), text.stdout)
    }

    func testFarEndShorterThanTheMicIsPaddedWithSilence() throws {
        let dir = try TemporaryDirectory()
        let rate = 8_000, lag = 400 // 50 ms
        let far = farEnd(rate: rate, seconds: 4)
        let mic = [Float](repeating: 0, count: lag) + far.prefix(far.count - lag).map { $0 * 0.3 }
        let micPath = dir.path("mic.wav"), farPath = dir.path("far.wav")
        try AudioWriter.write(path: micPath, samples: mic, sampleRate: rate, encoding: .wavFloat)
        try AudioWriter.write(path: farPath, samples: Array(far.prefix(rate * 2)), sampleRate: rate, encoding: .wavFloat)
        let result = try CLI.run(["features", micPath, "--far-end", farPath, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(try XCTUnwrap((object["echo"] as? [String: Any])?["delay_ms"] as? Double), 50, accuracy: 0.2)
    }

    func testWithoutFarEndTheEchoBlockIsEmptyAndSNRIsReported() throws {
        let dir = try TemporaryDirectory()
        let rate = 16_000
        // Bursts 22 dB over a white floor (uniform noise, amplitudes 0.35 and 0.0278).
        let signal = farEnd(rate: rate, seconds: 4)
        var state: UInt64 = 5
        let mic = signal.map { v -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return v + (Float(state >> 40) / Float(1 << 24) - 0.5) * 0.0278
        }
        let path = dir.path("mic.wav")
        try AudioWriter.write(path: path, samples: mic, sampleRate: rate, encoding: .wavFloat)
        let result = try CLI.run(["features", path, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((object["echo"] as? [String: Any])?.count, 0)
        let snr = try XCTUnwrap(object["snr"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(snr["db"] as? Double), 22, accuracy: 1)
        XCTAssertEqual(snr["bucket"] as? String, "20-30")
        XCTAssertEqual(object["duration_bucket"] as? String, "2-5s")
        let segments = try XCTUnwrap((object["vad"] as? [String: Any])?["segments"] as? [[Double]])
        XCTAssertEqual(segments.count, 4)
        XCTAssertEqual(segments.first?.first ?? -1, 0, accuracy: 0.03)
    }
}
