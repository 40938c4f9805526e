import CLITestSupport
import Foundation
import XCTest

/// Mistakes a new user makes, through the real executable, each on a fresh
/// copy of two bundled fixtures: every one ends in exit 2 (bad input) or 64
/// (bad usage) with a message that names the file or flag and the fix, or
/// in a visible FAILED — never in exit 0, and never with a file created or
/// a golden written.
final class UserMistakeCatalogTests: XCTestCase {
    struct Mistake: Sendable {
        var name: String
        /// Changes the workspace before the run (`root` is its folder).
        var setUp: @Sendable (URL) throws -> Void = { _ in }
        var arguments: [String]
        var status: Int32
        /// Each must appear in stdout + stderr.
        var says: [String]
        /// Paths (relative to the workspace) that must not exist afterwards.
        var creates: [String] = []
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Fixtures/` with an ASR fixture and a TTS fixture, their goldens and
    /// the bundled tolerances, and the adapter declarations.
    func workspace() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(at: dir.url.appendingPathComponent("Fixtures"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.url.appendingPathComponent("Goldens"), withIntermediateDirectories: true)
        for id in ["asr-partial-churn-001", "tts-first-byte-001"] {
            try fm.copyItem(at: Self.repository.appendingPathComponent("Fixtures/\(id)"), to: dir.url.appendingPathComponent("Fixtures/\(id)"))
            try fm.copyItem(at: Self.repository.appendingPathComponent("Goldens/\(id).json"), to: dir.url.appendingPathComponent("Goldens/\(id).json"))
        }
        try fm.copyItem(at: Self.repository.appendingPathComponent("Goldens/tolerances.json"), to: dir.url.appendingPathComponent("Goldens/tolerances.json"))
        try fm.copyItem(at: Self.repository.appendingPathComponent("fixture-check.json"), to: dir.url.appendingPathComponent("fixture-check.json"))
        return dir
    }

    static func edit(_ relative: String, _ change: @escaping @Sendable (String) -> String) -> @Sendable (URL) throws -> Void {
        { root in
            let url = root.appendingPathComponent(relative)
            let text = try String(contentsOf: url, encoding: .utf8)
            let changed = change(text)
            XCTAssertNotEqual(changed, text, "the mistake did not change \(relative)")
            try Data(changed.utf8).write(to: url)
        }
    }

    static func write(_ relative: String, _ text: String) -> @Sendable (URL) throws -> Void {
        { root in
            let url = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    static let asrFixture = "Fixtures/asr-partial-churn-001"
    static let asrTrace = "Fixtures/asr-partial-churn-001/asr.jsonl"
    static let asrManifest = "Fixtures/asr-partial-churn-001/fixture.json"
    static let ttsManifest = "Fixtures/tts-first-byte-001/fixture.json"
    static let onlyTTS: @Sendable (URL) throws -> Void = { root in
        try FileManager.default.removeItem(at: root.appendingPathComponent(asrFixture))
        try FileManager.default.removeItem(at: root.appendingPathComponent("Goldens/asr-partial-churn-001.json"))
        // A mic with a reference is an ASR part too: take the reference away.
        try edit(ttsManifest) { $0.replacingOccurrences(of: #", "reference": "what will the weather be like tomorrow""#, with: "") }(root)
    }

    static let mistakes: [Mistake] = [
        // Paths
        Mistake(name: "typo'd goldens folder", arguments: ["check", "--goldens", "Goldns"], status: 2,
                says: ["Goldns: no such goldens folder", "did you mean \"Goldens\"", "mkdir Goldns"], creates: ["Goldns"]),
        Mistake(name: "typo'd goldens folder while recording", arguments: ["check", "--goldens", "Goldns", "--record", "all"], status: 2,
                says: ["no such goldens folder"], creates: ["Goldns"]),
        Mistake(name: "typo'd tolerances file", arguments: ["check", "--tolerances", "Goldens/tolerance.json"], status: 2,
                says: ["Goldens/tolerance.json: no such tolerances file", "Goldens/tolerances.json"]),
        Mistake(name: "typo'd fixtures folder", arguments: ["check", "--fixtures", "Fixtres"], status: 2,
                says: ["Fixtres: no such fixtures folder", "\"Fixtures\""]),
        Mistake(name: "typo'd adapters file", arguments: ["check", "--adapters", "fixture-check.jsn"], status: 2,
                says: ["no such adapters file", "fixture-check.json"]),
        Mistake(name: "run on a folder that does not exist", arguments: ["run", "Fixtures/asr-partial-churn-01"], status: 2,
                says: ["no such fixture folder", "asr-partial-churn-001"]),
        Mistake(name: "run on a folder that is not a fixture", setUp: write("Fixtures/recipes/a.json", "{}"),
                arguments: ["run", "Fixtures/recipes"], status: 2, says: ["Fixtures/recipes: not a fixture folder: it holds no fixture.json"]),
        Mistake(name: "results file that does not exist", arguments: ["check", "--results", "run.jsn"], status: 2, says: ["run.jsn"]),
        Mistake(name: "features of a missing recording", arguments: ["features", "mic.wave"], status: 2, says: ["mic.wave"]),
        Mistake(name: "view of a missing fixture", arguments: ["view", "Fixtures/nope"], status: 2, says: ["Fixtures/nope: no such fixture folder"]),
        // Engines
        Mistake(name: "candidate ASR command on fixtures without an ASR part", setUp: onlyTTS,
                arguments: ["check", "--asr-command", "/does/not/exist"], status: 2,
                says: ["--asr-command /does/not/exist ran on no fixture", "candidate engine was never measured"]),
        Mistake(name: "candidate ASR adapter on fixtures without an ASR part", setUp: onlyTTS,
                arguments: ["check", "--asr", "sphinx"], status: 2, says: ["--asr sphinx ran on no fixture"]),
        Mistake(name: "candidate ASR command that does not exist", arguments: ["check", "--asr-command", "/does/not/exist"], status: 2,
                says: ["/does/not/exist"]),
        Mistake(name: "misspelt adapter name", arguments: ["check", "--asr", "sphnix"], status: 2, says: ["sphnix"]),
        Mistake(name: "unknown key in the adapter declarations",
                setUp: edit("fixture-check.json") { $0.replacingOccurrences(of: "\"command\": [\"sphinx-adapter\"]", with: "\"comand\": [\"sphinx-adapter\"]") },
                arguments: ["check", "--asr", "sphinx"], status: 2, says: ["fixture-check.json", "comand"]),
        // Flags
        Mistake(name: "record mode typo", arguments: ["check", "--record", "sometimes"], status: 64, says: ["'never', 'missing', 'failed' or 'all'"]),
        Mistake(name: "shard out of range", arguments: ["check", "--shard", "5/4"], status: 64, says: ["--shard 5/4"]),
        Mistake(name: "format a command does not have", arguments: ["check", "--format", "html"], status: 64, says: ["'html' is invalid"]),
        Mistake(name: "misspelt subcommand", arguments: ["chekc"], status: 64, says: ["unknown command \"chekc\"", "did you mean \"check\""]),
        Mistake(name: "misspelt option", arguments: ["check", "--recrod", "all"], status: 64, says: ["--record"]),
        Mistake(name: "no jobs", arguments: ["check", "--jobs", "0"], status: 64, says: ["--jobs must be at least 1"]),
        Mistake(name: "negative fixture timeout", arguments: ["check", "--fixture-timeout", "-1"], status: 64, says: ["--fixture-timeout"]),
        Mistake(name: "unknown clock", arguments: ["run", "--clock", "monotonic"], status: 64, says: ["'audio' and 'wall'"]),
        // Traces
        Mistake(name: "trace kind typo drops every partial",
                setUp: edit(asrTrace) { $0.replacingOccurrences(of: "\"kind\": \"partial\"", with: "\"kind\": \"interim\"") },
                arguments: ["check"], status: 2, says: ["asr.jsonl:1", "did you mean \"partial\""]),
        Mistake(name: "trace field typo puts everything in utterance 0",
                setUp: edit(asrTrace) { $0.replacingOccurrences(of: "\"utt\":", with: "\"utterance\":") },
                arguments: ["check"], status: 2, says: ["asr.jsonl:1", "did you mean \"utt\""]),
        Mistake(name: "two finals for one utterance",
                setUp: { root in
                    let url = root.appendingPathComponent(asrTrace)
                    var text = try String(contentsOf: url, encoding: .utf8)
                    text += #"{"t_ms": 99999, "utt": 0, "kind": "final", "text": "again"}"# + "\n"
                    try Data(text.utf8).write(to: url)
                },
                arguments: ["check"], status: 2, says: ["asr.jsonl:", "second final"]),
        Mistake(name: "time running backwards",
                setUp: edit(asrTrace) { $0.replacingOccurrences(of: "\"t_ms\": 1046", with: "\"t_ms\": 10") },
                arguments: ["check"], status: 2, says: ["asr.jsonl:2"]),
        // Manifests
        Mistake(name: "manifest field typo", setUp: edit(asrManifest) { $0.replacingOccurrences(of: "\"annotations\"", with: "\"anotations\"") },
                arguments: ["check"], status: 2, says: ["fixture.json", "anotations", "did you mean \"annotations\""]),
        Mistake(name: "provenance kind typo", setUp: edit(asrManifest) { $0.replacingOccurrences(of: "\"kind\": \"synthetic\"", with: "\"kind\": \"syntetic\"") },
                arguments: ["check"], status: 2, says: ["provenance.kind", "lawful origin"]),
        Mistake(name: "audio path escaping the fixture folder",
                setUp: edit(asrManifest) { $0.replacingOccurrences(of: "\"mic\": \"mic.wav\"", with: "\"mic\": \"../tts-first-byte-001/mic.wav\"") },
                arguments: ["check"], status: 2, says: ["audio.mic", "'..'"]),
        Mistake(name: "mic file that is not there",
                setUp: edit(asrManifest) { $0.replacingOccurrences(of: "\"mic\": \"mic.wav\"", with: "\"mic\": \"mic.wave\"") },
                arguments: ["check"], status: 2, says: ["audio.mic", "mic.wave does not exist"]),
        Mistake(name: "entity that is not a span of the reference",
                setUp: edit(asrManifest) { $0.replacingOccurrences(of: "\"reference\": ", with: "\"entities\": [\"two kilometres\"], \"reference\": ") },
                arguments: ["check"], status: 2, says: ["asr-partial-churn-001", "annotations.entities", "two kilometres"]),
        Mistake(name: "TTS part typo", setUp: edit(ttsManifest) { $0.replacingOccurrences(of: "\"tts\": {\"trace\"", with: "\"tts\": {\"trcae\"") },
                arguments: ["check"], status: 2, says: ["tts.trcae", "did you mean \"trace\""]),
        // Goldens and tolerances
        Mistake(name: "golden of an older metrics_version",
                setUp: edit("Goldens/asr-partial-churn-001.json") { $0.replacingOccurrences(of: "\"metrics_version\": \"2\"", with: "\"metrics_version\": \"1\"") },
                arguments: ["check"], status: 2, says: ["metrics_version 1", "--record all"]),
        Mistake(name: "corrupt golden", setUp: write("Goldens/asr-partial-churn-001.json", "{\"schema\": "),
                arguments: ["check"], status: 2, says: ["Goldens/asr-partial-churn-001.json"]),
        Mistake(name: "golden field typo",
                setUp: edit("Goldens/asr-partial-churn-001.json") { $0.replacingOccurrences(of: "\"metrics_version\"", with: "\"metric_version\"") },
                arguments: ["check"], status: 2, says: ["Goldens/asr-partial-churn-001.json", "metric_version", "did you mean \"metrics_version\""]),
        Mistake(name: "tolerance key typo", setUp: write("Goldens/tolerances.json", #"{"asr.wer": {"abs": 0.02, "dirction": "lower_is_better"}}"#),
                arguments: ["check"], status: 2, says: ["tolerances.json", "dirction"]),
        Mistake(name: "tolerance direction typo", setUp: write("Goldens/tolerances.json", #"{"asr.wer": {"abs": 0.02, "direction": "lower_better"}}"#),
                arguments: ["check"], status: 2, says: ["tolerances.json", "lower_better"]),
        Mistake(name: "changed recording is not a regression of the engine",
                setUp: edit("Goldens/tts-first-byte-001.json") { text in
                    text.replacingOccurrences(of: #""audio\.duration_s": [0-9.]+"#, with: "\"audio.duration_s\": 99", options: .regularExpression)
                },
                arguments: ["check", "--record", "never"], status: 1, says: ["audio_changed", "FAILED"]),
    ]

    func testEveryMistakeFailsLoudly() throws {
        XCTAssertGreaterThanOrEqual(Self.mistakes.count, 30)
        for mistake in Self.mistakes {
            let dir = try workspace()
            try mistake.setUp(dir.url)
            let result = try CLI.run(mistake.arguments, cwd: dir.url)
            let output = result.stdout + result.stderr
            XCTAssertEqual(result.status, mistake.status, "\(mistake.name): \(mistake.arguments)\n\(output)")
            XCTAssertNotEqual(result.status, 0, mistake.name)
            for phrase in mistake.says {
                XCTAssertTrue(output.contains(phrase), "\(mistake.name): does not say \"\(phrase)\":\n\(output)")
            }
            for path in mistake.creates {
                XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path(path)), "\(mistake.name): created \(path)")
            }
        }
    }

    /// Shards of two different fixture sets, repeated and missing shards.
    func testMergeRefusesShardsThatAreNotOneRun() throws {
        let dir = try workspace()
        func shard(_ k: Int, _ fixtures: String) throws -> String {
            let output = "shard-\(k)-\(fixtures).json"
            let result = try CLI.run(["check", "--fixtures", fixtures, "--shard", "\(k)/2", "--format", "json", "--output", output, "--record", "never"],
                                     cwd: dir.url)
            XCTAssertNotEqual(result.status, 2, result.stderr)
            return output
        }
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("Other"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: dir.url.appendingPathComponent(Self.asrFixture), to: dir.url.appendingPathComponent("Other/asr-partial-churn-001"))
        let a1 = try shard(1, "Fixtures"), a2 = try shard(2, "Fixtures"), b2 = try shard(2, "Other")
        let mixed = try CLI.run(["merge", a1, b2], cwd: dir.url)
        XCTAssertEqual(mixed.status, 2, mixed.stdout)
        XCTAssertTrue(mixed.stderr.contains("merge only the shards of one run"), mixed.stderr)
        let repeated = try CLI.run(["merge", a1, a1], cwd: dir.url)
        XCTAssertEqual(repeated.status, 2)
        XCTAssertTrue(repeated.stderr.contains("shard 1/2 is also in"), repeated.stderr)
        let missing = try CLI.run(["merge", a1], cwd: dir.url)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("missing shard 2/2"), missing.stderr)
        let whole = try CLI.run(["merge", a1, a2], cwd: dir.url)
        XCTAssertEqual(whole.status, 0, whole.stdout + whole.stderr)
    }
}
