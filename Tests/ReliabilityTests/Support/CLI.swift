import Foundation
import Traces
import XCTest

/// What one run of the built `fixture-check` printed and returned.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// True when the watchdog had to kill the process.
    var killed = false
}

/// Runs the built executables as a user would (copied from
/// Tests/CLITests/CLIHarness.swift, plus a watchdog so a regression that
/// hangs fails the test instead of stalling the suite).
enum CLI {
    /// The folder holding the test bundle also holds the package's executables.
    static var productsDirectory: URL {
        let bundle = Bundle(for: BundleToken.self).bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    static var executable: URL { productsDirectory.appendingPathComponent("fixture-check") }
    static var conformanceAdapter: String { productsDirectory.appendingPathComponent("conformance-adapter").path }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], cwd: URL? = nil,
                    watchdogSeconds: Double = 60) throws -> CLIResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CI")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let cwd { process.currentDirectoryURL = cwd }
        // Capture into files, not pipes: a chatty child can never block on a
        // full pipe while we wait for it.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rel-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        var killed = false
        if exited.wait(timeout: .now() + watchdogSeconds) == .timedOut {
            killed = true
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return CLIResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self),
                         killed: killed)
    }
}

private final class BundleToken {}

/// A scratch folder removed after the test.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("rel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// The catalog's one verdict: a clear error — exit 2, the file named, no
/// stack trace, no crash, no hang.
func assertCleanError(_ result: CLIResult, naming needles: [String], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(result.killed, "hung: killed by the watchdog", file: file, line: line)
    XCTAssertEqual(result.status, 2, "exit status; stderr:\n\(result.stderr)", file: file, line: line)
    for needle in needles {
        XCTAssertTrue(result.stderr.contains(needle), "stderr does not name \(needle):\n\(result.stderr)", file: file, line: line)
    }
    assertNoCrashOutput(result, file: file, line: line)
}

/// No Swift runtime trap, signal or backtrace reached the user.
func assertNoCrashOutput(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) {
    for marker in ["Fatal error", "Stack dump", "Current stack trace", "Backtrace", "💣", "Segmentation fault", "Illegal instruction"] {
        XCTAssertFalse(result.stderr.contains(marker), "crash output (\(marker)):\n\(result.stderr)", file: file, line: line)
    }
    XCTAssertLessThan(result.status, 128, "killed by a signal", file: file, line: line)
}

/// Output JSON never holds NaN or Infinity (SPEC: use null): our own
/// parser refuses those tokens, so the whole output must parse with it.
func assertNoNonFiniteJSON(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertNoThrow(try JSONValue.parse(text), "output is not strict JSON (NaN or Infinity?):\n\(text)", file: file, line: line)
}
