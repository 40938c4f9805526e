import ArgumentParser
import Foundation

/// Exit codes of SPEC §5.
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

/// Output formats; each command accepts the subset that makes sense for it.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, junit, github, markdown, html
}

/// Writes `text` to `--output FILE` atomically, or to stdout.
func emit(_ text: String, to output: String?) throws {
    let body = text.hasSuffix("\n") ? text : text + "\n"
    guard let output else {
        FileHandle.standardOutput.write(Data(body.utf8))
        return
    }
    do {
        try Data(body.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
    } catch {
        Diagnostics.error("\(output): cannot write: \(error.localizedDescription)")
        throw Exit.badInput
    }
}
