/// A `compare` input (results or budgets file) that could not be read,
/// naming the file and where in it the problem is.
public struct InputFileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file at fault.
    public var path: String
    /// What is wrong, with a JSON path such as `fixtures[2].slices.language`.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
