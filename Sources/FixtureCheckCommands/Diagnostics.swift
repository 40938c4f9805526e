import ArgumentParser
import FileFormats
import FixtureKit
import Foundation

/// Exit codes of docs/gate.md.
enum Exit {
    /// Every fixture passed.
    static let pass = ExitCode(0)
    /// A regression, mismatch or missing golden.
    static let regression = ExitCode(1)
    /// Bad input, or a harness or adapter failure.
    static let badInput = ExitCode(2)
}

/// Diagnostics go to stderr; stdout carries only results.
enum Diagnostics {
    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    static func error(_ message: String) {
        let prefix = isTerminal ? "\u{1B}[31merror:\u{1B}[0m " : "error: "
        FileHandle.standardError.write(Data((prefix + message + "\n").utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// Runs `body`; an error it throws is bad input or a harness failure:
/// printed once on stderr, then exit 2.
func exitingOnBadInput<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        Diagnostics.error("\(error)")
        throw Exit.badInput
    }
}

/// Output formats; each command takes its own set, so `--help` lists only
/// what it accepts.
/// The formats of a measurement (`features`, `run`).
enum MeasurementFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The formats of a decision (`compare`, `packet`).
enum DecisionFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// The formats of a report meant for a page (`coverage`, `trend`).
enum PageFormat: String, ExpressibleByArgument, CaseIterable {
    case json, markdown, html
}

/// The formats of a gate report (`check`, `merge`).
enum GateFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, junit, github, markdown
}

/// Writes `text` to `--output FILE` atomically, or to stdout.
func emit(_ text: String, to output: String?) throws {
    let body = text.hasSuffix("\n") ? text : text + "\n"
    guard let output else {
        FileHandle.standardOutput.write(Data(body.utf8))
        return
    }
    // Atomic, and the folder is made: `--output nightly/$(date +%F).json`.
    try exitingOnBadInput { try AtomicFile.write(Data(body.utf8), to: output) }
}

/// A one-line progress display on stderr — only when stderr is a terminal,
/// so logs and CI output stay quiet (docs/gate.md).
enum ProgressLine {
    static var onTerminal: (@Sendable (FixtureProgress) -> Void)? {
        guard Diagnostics.isTerminal else { return nil }
        return { progress in
            let line = "\r\(progress.done)/\(progress.total) fixtures, \(String(format: "%.1f", progress.elapsedSeconds)) s, \(progress.failures) failing"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Clears the progress line, if one was shown.
    static func finish() {
        if Diagnostics.isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
