import Adapters
import FileFormats
import Foundation
import Traces
import XCTest

/// `fixture-check.json` declares adapters; mistakes name the file.
final class AdapterRegistryTests: XCTestCase {
    private var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    func testTheRepositoryFileDeclaresTheReferenceAdapters() throws {
        let registry = try AdapterRegistry.load(path: repositoryRoot + "/fixture-check.json",
                                                searchDirectories: [AdapterExecutables.productsDirectory.path])
        let sphinx = try registry.asr(named: "sphinx")
        XCTAssertEqual(sphinx.command, [AdapterExecutables.path("sphinx-adapter")])
        XCTAssertEqual(sphinx.sampleRate, 16_000)
        XCTAssertEqual(sphinx.limits.timeoutSeconds, 30)
        XCTAssertEqual(sphinx.streams, .many, "without pools each stream is a session in a process of its own")
        XCTAssertNil(sphinx.pool)
        let espeak = try registry.tts(named: "espeak")
        XCTAssertEqual(espeak.command, [AdapterExecutables.path("espeak-adapter")])
        XCTAssertEqual(espeak.limits.timeoutSeconds, AdapterLimits.defaultTimeoutSeconds)
        for name in ["sphinx", "example-python", "vosk-ko"] {
            XCTAssertEqual(registry.adapters[name]?.streams, .many, name)
        }
        XCTAssertEqual(registry.adapters["espeak"]?.streams, .one, "espeak-ng leaks state between streams")
    }

    /// `streams`, `startup_timeout_s`, `max_processes`: sessions engines
    /// share one pool per name, `--jobs` capped by `max_processes`.
    func testSessionsEnginesShareOnePoolPerRun() throws {
        let registry = try registry(#"""
            {"adapters": {
              "fast": {"kind": "asr", "command": ["/bin/fast"], "streams": "many", "max_processes": 2, "startup_timeout_s": 5},
              "wide": {"kind": "asr", "command": ["/bin/wide"], "streams": "many"},
              "old": {"kind": "asr", "command": ["/bin/old"], "streams": "one"}}}
            """#)
        let pools = EnginePools(jobs: 4)
        let fast = try registry.asr(named: "fast", pools: pools)
        XCTAssertEqual(fast.streams, .many)
        XCTAssertEqual(fast.limits.startupTimeoutSeconds, 5)
        XCTAssertEqual(fast.pool?.capacity, 2)
        XCTAssertTrue(try registry.asr(named: "fast", pools: pools).pool === fast.pool)
        XCTAssertEqual(try registry.asr(named: "wide", pools: pools).pool?.capacity, 4)
        XCTAssertEqual(try registry.asr(named: "wide", pools: pools).limits.startupTimeoutSeconds, 120)
        XCTAssertNil(try registry.asr(named: "old", pools: pools).pool)
        XCTAssertEqual(try registry.asr(named: "old", pools: pools).streams, .one)
        XCTAssertEqual(Set(pools.all.keys), ["fast", "wide"])
        XCTAssertEqual(registry.adapters["fast"]?.poolCapacity(jobs: 1), 1)
    }

    func testSessionKeysAreValidated() {
        assertConfigError(#"{"adapters": {"a": {"kind": "asr", "command": ["x"], "streams": "several"}}}"#,
                          mentions: #""streams" must be "one" or "many""#)
        assertConfigError(#"{"adapters": {"a": {"kind": "asr", "command": ["x"], "streams": "many", "max_processes": 0}}}"#,
                          mentions: #""max_processes" must be a positive integer"#)
        assertConfigError(#"{"adapters": {"a": {"kind": "asr", "command": ["x"], "streams": "many", "startup_timeout_s": -1}}}"#,
                          mentions: #""startup_timeout_s" must be a positive number"#)
        assertConfigError(#"{"adapters": {"a": {"kind": "asr", "command": ["x"], "max_processes": 2}}}"#,
                          mentions: #""max_processes" needs "streams": "many""#)
    }

    func testFindWalksUpToTheRepositoryRoot() {
        XCTAssertEqual(AdapterRegistry.find(from: repositoryRoot + "/Sources/Adapters"), repositoryRoot + "/fixture-check.json")
    }

    private func registry(_ text: String) throws -> AdapterRegistry {
        try AdapterRegistry(path: "conf/fixture-check.json", json: JSONValue.parse(text), searchDirectories: [])
    }

    private func assertConfigError(_ text: String, mentions fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try registry(text), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("conf/fixture-check.json: "), message, file: file, line: line)
            XCTAssertTrue(message.contains(fragment), message, file: file, line: line)
        }
    }

    func testMistakesNameTheFileAndTheAdapter() {
        assertConfigError(#"[]"#, mentions: "top level must be an object")
        assertConfigError(#"{"adapter": {}}"#, mentions: "needs an \"adapters\" object")
        assertConfigError(#"{"adapters": {"x": {"command": ["a"]}}}"#, mentions: "adapter \"x\" needs \"kind\"")
        assertConfigError(#"{"adapters": {"x": {"kind": "asr", "command": []}}}"#, mentions: "non-empty array of strings")
        assertConfigError(#"{"adapters": {"x": {"kind": "asr", "command": "sphinx"}}}"#, mentions: "non-empty array of strings")
        assertConfigError(#"{"adapters": {"x": {"kind": "tts", "command": ["a"], "timeout_s": 0}}}"#, mentions: "\"timeout_s\" must be a positive number")
        assertConfigError(#"{"adapters": {"x": {"kind": "tts", "command": ["a"], "timeout": 3}}}"#, mentions: "unknown key \"timeout\"")
    }

    func testLookupErrorsListWhatIsDeclared() throws {
        let registry = try registry(#"{"adapters": {"a": {"kind": "asr", "command": ["x"]}, "b": {"kind": "tts", "command": ["y"]}}}"#)
        XCTAssertThrowsError(try registry.asr(named: "c")) {
            XCTAssertEqual("\($0)", "conf/fixture-check.json: no adapter named \"c\" (declared: a, b)")
        }
        XCTAssertThrowsError(try registry.asr(named: "b")) {
            XCTAssertEqual("\($0)", "conf/fixture-check.json: adapter \"b\" is tts, not asr")
        }
    }

    /// A bare program name is found beside the executable before PATH; a
    /// name with a slash is used as written.
    func testBareProgramsAreFoundBesideTheExecutableFirst() throws {
        let scratch = try ScratchDirectory()
        let fake = scratch.path("sh")
        XCTAssertTrue(FileManager.default.createFile(atPath: fake, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755]))
        let registry = AdapterRegistry(path: "f.json", adapters: [:], searchDirectories: [scratch.url.path])
        XCTAssertEqual(try registry.resolve(["sh", "-c", "x"], adapter: "a"), [fake, "-c", "x"])
        let onPath = AdapterRegistry(path: "f.json", adapters: [:], searchDirectories: [])
        XCTAssertNotEqual(try onPath.resolve(["sh"], adapter: "a"), [fake])
        XCTAssertEqual(try onPath.resolve(["./engine", "--fast"], adapter: "a"), ["./engine", "--fast"])
        XCTAssertThrowsError(try onPath.resolve(["no-such-engine-xyz"], adapter: "a")) {
            XCTAssertEqual(($0 as? AdapterFailure)?.kind, .launch)
        }
    }

    func testCommandStringsSplitLikeAShell() throws {
        XCTAssertEqual(try AdapterRegistry.splitCommand("python3  Scripts/example-adapter.py --words 'a b' \"c d\" e\\ f"),
                       ["python3", "Scripts/example-adapter.py", "--words", "a b", "c d", "e f"])
        XCTAssertThrowsError(try AdapterRegistry.splitCommand("engine 'open"))
        XCTAssertThrowsError(try AdapterRegistry.splitCommand("   "))
    }
}
