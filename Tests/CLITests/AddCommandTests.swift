import CLITestSupport
import FixtureAudio
import Foundation
import XCTest

/// `fixture-check add` end to end: a refusal exits 2 naming the problem and
/// leaves the fixtures tree byte-for-byte as it was; success prints the new
/// folder on stdout and the next step on stderr.
final class AddCommandTests: XCTestCase {
    var dir: TemporaryDirectory!
    var fixtures: String { dir.path("Fixtures") }

    override func setUpWithError() throws {
        dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: fixtures, withIntermediateDirectories: true)
        try tone("existing.wav", hz: 300)
        try tone("new.wav", hz: 600)
        XCTAssertTrue(FileManager.default.createFile(atPath: dir.path("asr.jsonl"), contents: Data("{\"t_ms\": 620, \"kind\": \"partial\", \"text\": \"hi\"}\n".utf8)))
        let first = try CLI.run(["add", "--id", "existing-001", "--mic", dir.path("existing.wav"), "--provenance", "synthetic",
                                 "--slice", "language=en-US", "--fixtures", fixtures])
        XCTAssertEqual(first.status, 0, first.stderr)
    }

    override func tearDown() { dir = nil }

    /// A 2 s tone on exact 16-bit steps.
    func tone(_ name: String, hz: Double) throws {
        let samples = (0..<32_000).map { Float((9_000 * sin(2 * Double.pi * hz * Double($0) / 16_000)).rounded() / 32_768) }
        try AudioWriter.write(path: dir.path(name), samples: samples, sampleRate: 16_000)
    }

    /// Every file and folder under the fixtures tree, hidden ones included,
    /// with its bytes.
    func snapshot() throws -> [String: Data] {
        var tree: [String: Data] = [:]
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: fixtures))
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = fixtures + "/" + relative
            XCTAssertTrue(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), path)
            tree[relative] = isDirectory.boolValue ? Data("<dir>".utf8) : try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return tree
    }

    func assertRefused(_ arguments: [String], status: Int32 = 2, mentions needles: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try snapshot()
        let result = try CLI.run(["add"] + arguments + ["--fixtures", fixtures])
        XCTAssertEqual(result.status, status, result.stderr, file: file, line: line)
        for needle in needles {
            XCTAssertTrue(result.stderr.contains(needle), "stderr should mention \(needle): \(result.stderr)", file: file, line: line)
        }
        XCTAssertEqual(result.stdout, "", file: file, line: line)
        XCTAssertEqual(try snapshot(), before, "the fixtures tree must be unchanged", file: file, line: line)
    }

    func testRefusalsLeaveTheTreeUnchanged() throws {
        let mic = dir.path("new.wav")
        try assertRefused(["--id", "new-001", "--mic", mic], mentions: ["no provenance"])
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "consented"], mentions: ["--consent-ref"])
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "consented", "--consent-ref", ""], mentions: ["--consent-ref"])
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "scraped"], mentions: ["unknown provenance 'scraped'"])
        try assertRefused(["--id", "new-001", "--mic", dir.path("existing.wav"), "--provenance", "synthetic"],
                          mentions: ["existing fixture 'existing-001'", dir.path("existing.wav")])
        try assertRefused(["--id", "existing-001", "--mic", mic, "--provenance", "synthetic"], mentions: ["'existing-001' already exists"])
        try assertRefused(["--id", "../outside", "--mic", mic, "--provenance", "synthetic"], mentions: ["not a safe folder name"])
        try assertRefused(["--id", "new-001", "--mic", dir.path("missing.wav"), "--provenance", "synthetic"],
                          mentions: [dir.path("missing.wav"), "no such file"])
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "synthetic", "--speech", "1500:2001"],
                          mentions: ["--speech 1500:2001", "lasts 2000 ms"])
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "synthetic", "--speech=-5:100"], mentions: ["negative"])
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "synthetic", "--far-end", dir.path("asr.jsonl")],
                          mentions: ["--far-end", "asr.jsonl"])
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "synthetic", "--turns-trace", dir.path("new.wav")],
                          mentions: [dir.path("new.wav") + ":1: not valid UTF-8"])
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "synthetic", "--slice", "snr_bucket=>=30"], mentions: ["derived"])
    }

    func testUsageErrorsAreExit64AndTouchNothing() throws {
        let mic = dir.path("new.wav")
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "synthetic", "--speech", "100-200"], status: 64, mentions: ["START_MS:END_MS"])
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "synthetic", "--slice", "language"], status: 64, mentions: ["KEY=VALUE"])
        try assertRefused(["--id", "new-001", "--mic", mic, "--provenance", "synthetic", "--slice", "a=1", "--slice", "a=2"], status: 64, mentions: ["twice"])
        try assertRefused(["--mic", mic, "--provenance", "synthetic"], status: 64, mentions: ["--id"])
    }

    func testSuccessPrintsThePathAndTheNextStep() throws {
        let result = try CLI.run(["add", "--id", "new-001", "--mic", dir.path("new.wav"), "--provenance", "consented",
                                  "--consent-ref", "CR-7", "--slice", "language=hi-IN", "--speech", "250:1750",
                                  "--reference", "namaste", "--asr-trace", dir.path("asr.jsonl"), "--fixtures", fixtures])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, fixtures + "/new-001\n")
        XCTAssertTrue(result.stderr.contains("fixture-check --record missing"), result.stderr)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixtures + "/new-001/fixture.json"))) as? [String: Any]
        XCTAssertEqual(manifest?["schema"] as? String, "fixture/v1")
        XCTAssertEqual(manifest?["slices"] as? [String: String] ?? [:],
                       ["language": "hi-IN", "duration_bucket": "2-5s"].merging(snrSlice(manifest)) { a, _ in a })
        XCTAssertEqual((manifest?["annotations"] as? [String: Any])?["speech"] as? [[Int]], [[250, 1750]])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: fixtures).sorted(), ["existing-001", "new-001"])
    }

    /// The derived SNR slice, if the features on this build measure one.
    private func snrSlice(_ manifest: [String: Any]?) -> [String: String] {
        guard let bucket = (manifest?["slices"] as? [String: String])?["snr_bucket"] else { return [:] }
        XCTAssertTrue(["<0", "0-5", "5-10", "10-15", "15-20", "20-30", ">=30"].contains(bucket), bucket)
        return ["snr_bucket": bucket]
    }
}

extension AddCommandTests {
    func testMalformedTraceIsRefusedNamingFileAndLine() throws {
        let trace = dir.path("turns.jsonl")
        XCTAssertTrue(FileManager.default.createFile(atPath: trace, contents: Data("{\"t_ms\": 10, \"kind\": \"vad_start\"}\n{\"t_ms\": 5, \"kind\": \"vad_end\"}\n".utf8)))
        try assertRefused(["--id", "new-001", "--mic", dir.path("new.wav"), "--provenance", "synthetic", "--turns-trace", trace],
                          mentions: [trace + ":2:", "goes backwards"])
    }

    /// A fixture whose parts run live: the manifest names the declared
    /// engines (`"asr": {"adapter": …}`, `"tts": {"adapter": …, "requests": …}`);
    /// a misspelt engine, or a live TTS part with nothing to say, is refused.
    func testLivePartsNameDeclaredEngines() throws {
        let registry = Self.repository.appendingPathComponent("fixture-check.json").path
        let base = ["add", "--mic", dir.path("new.wav"), "--provenance", "synthetic", "--fixtures", fixtures, "--adapters", registry]
        let typo = try CLI.run(base + ["--id", "live-001", "--asr-adapter", "sphnix"])
        XCTAssertEqual(typo.status, 2, typo.stderr)
        XCTAssertTrue(typo.stderr.contains("no adapter named \"sphnix\" (did you mean \"sphinx\"?)"), typo.stderr)
        let silent = try CLI.run(base + ["--id", "live-001", "--tts-adapter", "espeak"])
        XCTAssertEqual(silent.status, 2)
        XCTAssertTrue(silent.stderr.contains("--tts-adapter needs at least one --tts-request"), silent.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixtures + "/live-001"))

        let made = try CLI.run(base + ["--id", "live-001", "--asr-adapter", "sphinx", "--tts-adapter", "espeak",
                                       "--tts-request", "0:Sure, here is the weather.", "--reference", "what is the weather"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixtures + "/live-001/fixture.json"))) as? [String: Any])
        XCTAssertEqual((manifest["asr"] as? [String: Any])?["adapter"] as? String, "sphinx")
        let tts = try XCTUnwrap(manifest["tts"] as? [String: Any])
        XCTAssertEqual(tts["adapter"] as? String, "espeak")
        XCTAssertEqual((tts["requests"] as? [[String: Any]])?.first?["text"] as? String, "Sure, here is the weather.")
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

