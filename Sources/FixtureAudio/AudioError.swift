/// A failure to read or write an audio file, always naming the file.
///
/// Follows the shape of swift-nio's `IOError`: a small kind enum plus the
/// reason libsndfile (or our own validation) gave.
public struct AudioError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong, coarsely, so callers can branch without parsing text.
    public enum Kind: String, Sendable {
        /// The path does not exist.
        case missing
        /// The path exists but is not a regular file (a directory, a device).
        case notAFile
        /// libsndfile could not open or decode the file (`sf_strerror`).
        case unreadable
        /// libsndfile opened it but reported values we refuse to trust.
        case invalidFormat
        /// The file decoded but contains no audio frames.
        case empty
        /// A read failed part-way through (truncated or corrupt data).
        case readFailed
        /// Writing the file failed.
        case writeFailed
    }

    public var path: String
    public var kind: Kind
    public var reason: String

    public init(path: String, kind: Kind, reason: String) {
        self.path = path
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
