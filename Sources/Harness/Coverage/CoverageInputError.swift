/// A coverage input (requirement, traffic file, fixture manifest) that
/// cannot be used; the message names the file and what is wrong.
public struct CoverageInputError: Error, Equatable, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
