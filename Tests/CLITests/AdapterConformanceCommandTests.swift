import CLITestSupport
import Foundation
import XCTest

/// `fixture-check adapter-test`, on real processes: the reference engines
/// keep every rule of docs/adapters.md, and each misbehaviour of the
/// conformance engine fails the rule it breaks — and only that rule.
final class AdapterConformanceCommandTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var engine: String { CLI.conformanceAdapter }

    /// Runs `adapter-test` from the repository root (its fixture-check.json).
    private func adapterTest(_ arguments: [String]) throws -> CLIResult {
        try CLI.run(["adapter-test"] + arguments, cwd: Self.repository, watchdogSeconds: 120)
    }

    /// rule → status, from the `STATUS rule: detail` lines; fails the test
    /// on a line of another shape.
    private func verdicts(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) -> [String: String] {
        var verdicts: [String: String] = [:]
        for text in result.stdout.split(separator: "\n") {
            let parts = text.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, ["PASS", "FAIL", "SKIP"].contains(String(parts[0])),
                  let colon = parts[1].firstIndex(of: ":") else {
                XCTFail("not a verdict line: \(text)", file: file, line: line)
                continue
            }
            verdicts[String(parts[1][..<colon])] = String(parts[0])
        }
        return verdicts
    }

    private static let asrRules = ["start", "ready", "json", "ack", "fields", "trace", "utterances", "done", "repeat", "isolation"]

    /// The run passes (exit 0) with every ASR rule PASS.
    private func assertPassesEveryRule(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try adapterTest(arguments)
        XCTAssertEqual(result.status, 0, "\(result.stdout)\n\(result.stderr)", file: file, line: line)
        let verdicts = verdicts(result, file: file, line: line)
        XCTAssertEqual(verdicts.keys.sorted(), Self.asrRules.sorted(), result.stdout, file: file, line: line)
        XCTAssertEqual(verdicts.filter { $0.value != "PASS" }, [:], result.stdout, file: file, line: line)
    }

    /// The run fails (exit 1) on exactly `rules`, naming them on stderr.
    private func assertFails(_ arguments: [String], on rules: Set<String>, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try adapterTest(arguments)
        XCTAssertEqual(result.status, 1, "\(result.stdout)\n\(result.stderr)", file: file, line: line)
        XCTAssertEqual(Set(verdicts(result, file: file, line: line).filter { $0.value == "FAIL" }.keys), rules,
                       result.stdout, file: file, line: line)
        for rule in rules { XCTAssertTrue(result.stderr.contains(rule), result.stderr, file: file, line: line) }
    }

    // MARK: - The reference engines pass

    func testSphinxAdapterKeepsEveryRule() throws {
        try assertPassesEveryRule(["--asr", "sphinx"])
    }

    func testTheExamplePythonAdapterKeepsEveryRule() throws {
        try assertPassesEveryRule(["--asr", "example-python"])
        try assertPassesEveryRule(["--asr-command", "python3 Scripts/example-adapter.py", "--streams", "many"])
    }

    func testTheConformanceEngineKeepsEveryRuleOnARecordedMic() throws {
        try assertPassesEveryRule(["--asr-command", Self.engine, "--streams", "many",
                                   "--mic", "Fixtures/asr-partial-churn-001/mic.wav"])
    }

    func testAOneStreamEngineSkipsTheSessionRules() throws {
        let result = try adapterTest(["--asr-command", Self.engine])
        XCTAssertEqual(result.status, 0, result.stderr)
        let verdicts = verdicts(result)
        XCTAssertEqual(verdicts["ready"], "SKIP")
        XCTAssertEqual(verdicts["isolation"], "SKIP")
        XCTAssertEqual(verdicts["repeat"], "PASS", "two processes on the same audio")
    }

    func testTheConformanceTTSEngineKeepsEveryRule() throws {
        for streams in ["one", "many"] {
            let result = try adapterTest(["--tts-command", "\(Self.engine) --tts", "--streams", streams])
            XCTAssertEqual(result.status, 0, "\(result.stdout)\n\(result.stderr)")
            let verdicts = verdicts(result)
            XCTAssertEqual(verdicts.count, 9, result.stdout)
            XCTAssertFalse(verdicts.values.contains("FAIL"), result.stdout)
            XCTAssertEqual(verdicts["isolation"], streams == "many" ? "PASS" : "SKIP", result.stdout)
        }
    }

    /// espeak is declared `"streams": "one"` because its synthesizer keeps
    /// state no API call clears (docs/adapters.md): as declared it passes;
    /// run as sessions it breaks exactly the two rules that say why.
    func testEspeakPassesAsDeclaredAndLeaksStateAsSessions() throws {
        let declared = try adapterTest(["--tts", "espeak"])
        XCTAssertEqual(declared.status, 0, "\(declared.stdout)\n\(declared.stderr)")
        XCTAssertFalse(verdicts(declared).values.contains("FAIL"), declared.stdout)
        try assertFails(["--tts", "espeak", "--streams", "many"], on: ["repeat", "isolation"])
    }

    // MARK: - Each misbehaviour fails its rule

    func testStateLeakingBetweenStreamsFailsRepeatAndIsolation() throws {
        try assertFails(["--asr-command", "\(Self.engine) --leak-state", "--streams", "many"], on: ["repeat", "isolation"])
    }

    func testTwoFinalsFailTheTraceRule() throws {
        let arguments = ["--asr-command", "\(Self.engine) --double-final", "--streams", "many"]
        try assertFails(arguments, on: ["trace"])
        XCTAssertTrue(try adapterTest(arguments).stdout.contains("second final for utterance 0"))
    }

    func testAConfidenceOutsideZeroToOneFailsTheTraceRule() throws {
        try assertFails(["--asr-command", "\(Self.engine) --confidence 1.5"], on: ["trace"])
    }

    func testAMissingAckFailsTheAckRule() throws {
        try assertFails(["--asr-command", "\(Self.engine) --no-ack-after 5", "--timeout", "1"], on: ["ack"])
    }

    func testGarbageOnStdoutFailsTheJSONRule() throws {
        try assertFails(["--asr-command", "\(Self.engine) --garbage-after 3"], on: ["json"])
    }

    func testAnEngineThatNeverAnswersStartFailsTheReadyRule() throws {
        try assertFails(["--asr-command", "\(Self.engine) --never-ready", "--streams", "many", "--startup-timeout", "1"],
                        on: ["ready"])
    }

    func testAnEngineThatExitsAfterDoneFailsTheDoneRule() throws {
        try assertFails(["--asr-command", "\(Self.engine) --die-after-done 1", "--streams", "many"], on: ["done"])
    }

    func testAProgramThatCannotStartFailsTheStartRule() throws {
        try assertFails(["--asr-command", "no-such-engine-anywhere"], on: ["start"])
    }

    // MARK: - Bad input is exit 2

    func testAnUnknownAdapterIsExit2WithTheNearestName() throws {
        let result = try adapterTest(["--asr", "sphinks"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("did you mean \"sphinx\""), result.stderr)
    }

    func testAMissingMicIsExit2() throws {
        let result = try adapterTest(["--asr-command", Self.engine, "--mic", "no-such-mic.wav"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no-such-mic.wav"), result.stderr)
    }

    func testAMicThatIsNotAudioIsExit2BeforeAnyEngineRuns() throws {
        let dir = try TemporaryDirectory()
        let mic = dir.path("mic.wav")
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: mic))
        let result = try adapterTest(["--asr-command", Self.engine, "--mic", mic])
        XCTAssertEqual(result.status, 2, result.stdout)
        XCTAssertEqual(result.stdout, "", "no verdicts: the engine was never run")
    }

    func testAnAdapterOfTheOtherKindIsExit2() throws {
        let result = try adapterTest(["--asr", "espeak"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("is tts, not asr"), result.stderr)
    }
}
