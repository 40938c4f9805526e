/// An adapter process misbehaved: it could not start, exited, wrote bad
/// JSON, flooded its output, broke the protocol or stayed silent too long.
/// The message names the adapter, what went wrong and its stderr tail, so a
/// CI log alone says why the engine failed (exit 2).
public struct AdapterFailure: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a category a caller can branch on.
    public enum Kind: String, Sendable {
        /// The command could not be found or spawned.
        case launch
        /// The process exited (or closed its output) before the protocol was done.
        case exited
        /// A stdout line was not a JSON object with a string `type`.
        case badJSON
        /// A line or the whole output exceeded its byte bound.
        case flood
        /// No reply within the timeout.
        case timeout
        /// Valid JSON that breaks the protocol of docs/adapters.md (wrong order, bad field, `error` message).
        case protocolViolation
    }

    /// The adapter's name (registry key, or the command for an ad-hoc one).
    public var adapter: String
    public var kind: Kind
    /// What happened, in words.
    public var problem: String
    /// The last lines the process wrote on stderr (bounded).
    public var stderrTail: [String]

    public init(adapter: String, kind: Kind, problem: String, stderrTail: [String] = []) {
        self.adapter = adapter
        self.kind = kind
        self.problem = problem
        self.stderrTail = stderrTail
    }

    public var description: String {
        var text = "adapter '\(adapter)' failed: \(problem)"
        if stderrTail.isEmpty {
            text += " (stderr was empty)"
        } else {
            text += "\n  stderr tail:"
            for line in stderrTail { text += "\n  | " + line }
        }
        return text
    }
}

/// `fixture-check.json` (or an adapter declaration in it) is unusable; the
/// message names the file.
public struct AdapterConfigError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
