import FileFormats
import CLITestSupport
import FixtureAudio
import Foundation
import XCTest

/// Bad audio files: each ends in exit 2 naming the file, or in a defined
/// result written down in docs/reliability.md.
final class BadAudioCatalogTests: XCTestCase {
    private var scratch: TemporaryDirectory!

    override func setUpWithError() throws { scratch = try TemporaryDirectory() }

    /// Writes `bytes` as `name` and runs `features` on it.
    private func features(_ name: String, _ bytes: Data) throws -> CLIResult {
        let path = scratch.path(name)
        try bytes.write(to: URL(fileURLWithPath: path))
        return try CLI.run(["features", path, "--format", "json"])
    }

    func testEmptyFile() throws {
        let result = try features("empty.wav", Data())
        assertCleanError(result, naming: ["empty.wav"])
    }

    func testRandomBytes() throws {
        var generator = SeededRandom(seed: 7)
        let bytes = Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        assertCleanError(try features("random.wav", bytes), naming: ["random.wav"])
    }

    func testRandomBytesAfterAValidRIFFHeader() throws {
        var generator = SeededRandom(seed: 11)
        var bytes = Data("RIFF".utf8)
        bytes.append(le: UInt32(4092))
        bytes.append(contentsOf: Array("WAVE".utf8))
        bytes.append(Data((0..<4084).map { _ in UInt8(truncatingIfNeeded: generator.next()) }))
        assertCleanError(try features("riff-noise.wav", bytes), naming: ["riff-noise.wav"])
    }

    func testTextNamedWav() throws {
        let result = try features("notes.wav", Data("these are meeting notes, not audio\n".utf8))
        assertCleanError(result, naming: ["notes.wav", "cannot decode audio"])
    }

    func testZeroChannels() throws {
        assertCleanError(try features("zero-channels.wav", WAVBytes(channels: 0).data), naming: ["zero-channels.wav"])
    }

    func test65535Channels() throws {
        assertCleanError(try features("many-channels.wav", WAVBytes(channels: 65535).data), naming: ["many-channels.wav"])
    }

    func testZeroSampleRate() throws {
        assertCleanError(try features("zero-rate.wav", WAVBytes(sampleRate: 0).data), naming: ["zero-rate.wav"])
    }

    func testAbsurdSampleRateIsRefusedByTheReader() throws {
        let result = try features("absurd-rate.wav", WAVBytes(sampleRate: 4_000_000_000).data)
        assertCleanError(result, naming: ["absurd-rate.wav"])
    }

    /// Defined result: libsndfile sizes the data chunk from the bytes that
    /// are present, so a header claiming 4 GB reads as the 100 ms it holds.
    func testDataChunkClaiming4GBReadsTheFramesPresent() throws {
        let wav = WAVBytes(claimedDataSize: 0xFFFF_FFF0, claimedRIFFSize: 0xFFFF_FFF0)
        let result = try features("claims-4gb.wav", wav.data)
        XCTAssertEqual(result.status, 0, result.stderr)
        assertNoCrashOutput(result)
        let audio = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])["audio"] as? [String: Any]
        XCTAssertEqual(audio?["frames"] as? Int, 1600)
    }

    /// Defined result: a truncated data chunk reads the whole frames present.
    func testTruncatedDataReadsTheFramesPresent() throws {
        var wav = WAVBytes(claimedDataSize: 32_000)
        wav.payload = Data(count: 3_201)   // 1600 frames and half of one
        let path = scratch.path("truncated.wav")
        try wav.data.write(to: URL(fileURLWithPath: path))
        let (info, samples) = try AudioReader.readMono(path: path)
        XCTAssertEqual(info.frames, 1600)
        XCTAssertEqual(samples.count, 1600)
    }

    func testHeaderWithoutAnyDataIsEmpty() throws {
        var wav = WAVBytes(claimedDataSize: 32_000)
        wav.payload = Data()
        assertCleanError(try features("header-only.wav", wav.data), naming: ["header-only.wav", "no audio frames"])
    }

    func testNaNSampleInFloatWavIsAnErrorNamingTheFrame() throws {
        let path = scratch.path("nan.wav")
        var samples = [Float](repeating: 0.1, count: 1600)
        samples[1234] = .nan
        try WAVBytes.float32(samples).data.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try AudioReader.readMono(path: path)) { error in
            XCTAssertEqual(error as? AudioError,
                           AudioError(path: path, kind: .invalidFormat, reason: "frame 1234 holds a NaN sample; a recording cannot contain one"))
        }
    }

    func testInfiniteSampleInFloatWavIsAnError() throws {
        let path = scratch.path("inf.wav")
        var samples = [Float](repeating: 0.1, count: 1600)
        samples[5] = -.infinity
        try WAVBytes.float32(samples).data.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try AudioReader.readMono(path: path)) { error in
            XCTAssertEqual((error as? AudioError)?.reason, "frame 5 holds a infinite sample; a recording cannot contain one")
        }
    }

    /// Through the whole CLI: a live ASR run reads every sample of the mic.
    func testNaNSampleInAFixtureMicFailsTheRunNamingTheFile() throws {
        var samples = [Float](repeating: 0.3, count: 16_000)
        samples[8000] = .nan
        let fixture = try FixtureFolder.make(in: scratch.url, id: "nan-mic", files: ["mic.wav": WAVBytes.float32(samples).data])
        let result = try CLI.run(["run", fixture.path, "--format", "json", "--asr-command", CLI.conformanceAdapter])
        assertCleanError(result, naming: ["mic.wav", "NaN"])
        assertNoNonFiniteJSON(result.stdout)
    }

    func testDirectoryNamedWav() throws {
        let path = scratch.path("folder.wav")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        assertCleanError(try CLI.run(["features", path]), naming: ["folder.wav", "is a directory"])
    }

    func testMissingFile() throws {
        assertCleanError(try CLI.run(["features", scratch.path("nowhere.wav")]), naming: ["nowhere.wav", "no such file"])
    }

    /// A named pipe blocked `sf_open` forever before AudioReader refused
    /// non-regular files.
    func testNamedPipeIsRefusedNotWaitedOn() throws {
        let path = scratch.path("pipe.wav")
        XCTAssertEqual(mkfifo(path, 0o644), 0)
        let result = try CLI.run(["features", path], watchdogSeconds: 20)
        assertCleanError(result, naming: ["pipe.wav", "not a regular file"])
    }

    func testDeviceIsRefused() throws {
        assertCleanError(try CLI.run(["features", "/dev/zero"]), naming: ["/dev/zero", "not a regular file"])
    }

    /// chmod 000 stops every user but root; CI runs as root, where the read
    /// succeeds, so the unreadable case is checked only when it can happen.
    func testUnreadableFile() throws {
        let path = scratch.path("locked.wav")
        try WAVBytes().data.write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(chmod(path, 0), 0)
        defer { chmod(path, 0o644) }
        let result = try CLI.run(["features", path])
        if access(path, R_OK) == 0 {
            // Root reads through mode 000: the defined result is a normal read.
            XCTAssertEqual(result.status, 0, result.stderr)
        } else {
            assertCleanError(result, naming: ["locked.wav"])
        }
    }

    /// The fixture's far end names a file that is not there: the manifest
    /// refuses it, naming the manifest and the field.
    func testFarEndMissing() throws {
        let manifest = FixtureFolder.healthyManifest(id: "no-far-end").replacingOccurrences(
            of: #""audio": {"mic": "mic.wav"}"#, with: #""audio": {"mic": "mic.wav", "far_end": "far_end.wav"}"#)
        let fixture = try FixtureFolder.make(in: scratch.url, id: "no-far-end", manifest: manifest)
        let result = try CLI.run(["run", fixture.path, "--format", "json"])
        assertCleanError(result, naming: ["fixture.json", "audio.far_end", "far_end.wav"])
        assertNoNonFiniteJSON(result.stdout)
    }
}

