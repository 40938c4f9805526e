import Foundation

/// What one run of the built `fixture-check` printed and returned.
public struct CLIResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the watchdog had to kill the process.
    public var killed = false
}

/// Runs the built executables as a user would, for the CLI and reliability
/// tests. A watchdog kills a run that hangs, so a regression fails its test
/// instead of stalling the suite; `CI` is removed from the environment so
/// record-mode defaults are the same on a laptop and in CI (tests that need
/// it pass it explicitly).
public enum CLI {
    /// The folder holding the test bundle also holds the package's executables.
    public static var productsDirectory: URL {
        let bundle = Bundle(for: BundleToken.self).bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    public static var executable: URL { productsDirectory.appendingPathComponent("fixture-check") }
    public static var conformanceAdapter: String { productsDirectory.appendingPathComponent("conformance-adapter").path }

    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:], cwd: URL? = nil,
                    watchdogSeconds: Double = 60) throws -> CLIResult {
        try execute(executable, arguments, environment: environment, cwd: cwd, watchdogSeconds: watchdogSeconds)
    }

    /// Runs a shell command line as a user types it (`bash -c`).
    @discardableResult
    public static func shell(_ command: String, environment: [String: String] = [:], cwd: URL? = nil,
                             watchdogSeconds: Double = 60) throws -> CLIResult {
        try execute(URL(fileURLWithPath: "/bin/bash"), ["-c", command], environment: environment, cwd: cwd,
                    watchdogSeconds: watchdogSeconds)
    }

    private static func execute(_ program: URL, _ arguments: [String], environment: [String: String], cwd: URL?,
                                watchdogSeconds: Double) throws -> CLIResult {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CI")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let cwd { process.currentDirectoryURL = cwd }
        // Capture into files, not pipes: a chatty child can never block on a
        // full pipe while we wait for it.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fc-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
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
public final class TemporaryDirectory {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
