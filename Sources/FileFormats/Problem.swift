/// One thing wrong with an input or an output, as a value: where (a file,
/// and the 1-based line or the dotted field at fault when there is one),
/// what kind of problem, and why. Every reader of the harness reports a
/// `Problem`, so messages read alike — `file:line: reason`,
/// `file: field: reason` — and the exit code follows from the kind.
public struct Problem: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// A file, folder, field or value the user can fix.
        case badInput = "bad_input"
        /// A file the harness could not write.
        case write
    }

    /// The file or folder at fault, as the user named it.
    public var file: String
    /// 1-based line; 0 when the problem is not on one line.
    public var line: Int
    /// Dotted field (`audio.mic`, `noise.snr_db`); nil for the file as a whole.
    public var field: String?
    public var reason: String
    public var kind: Kind

    public init(file: String, line: Int = 0, field: String? = nil, reason: String, kind: Kind = .badInput) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        self.kind = kind
    }

    /// A problem with a line of a file (a trace).
    public init(file: String, line: Int, reason: String) {
        self.init(file: file, line: line, field: nil, reason: reason)
    }

    /// A problem with a field of a JSON document (a manifest, a recipe).
    public init(file: String, field: String?, reason: String) {
        self.init(file: file, line: 0, field: field, reason: reason)
    }

    /// A problem with a whole file or folder.
    public init(path: String, reason: String, kind: Kind = .badInput) {
        self.init(file: path, line: 0, field: nil, reason: reason, kind: kind)
    }

    /// The file or folder at fault.
    public var path: String { file }

    /// Every problem is exit 2: bad input, or a harness failure.
    public var exitCode: Int32 { 2 }

    public var description: String {
        var location = file
        if line > 0 { location += ":\(line)" }
        if let field { location += ": \(field)" }
        switch kind {
        case .badInput: return "\(location): \(reason)"
        case .write: return "\(location): cannot write: \(reason)"
        }
    }
}

/// A refused JSON document field (a manifest, a synth recipe).
public typealias FieldError = Problem
/// An input file or folder the harness cannot use.
public typealias InputFileError = Problem
/// A file that could not be written.
public typealias FileWriteError = Problem
