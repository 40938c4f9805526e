/// An input file the harness cannot use — a results, budgets, tolerances,
/// requirement or traffic file, a shard report, a fixtures folder — naming
/// the file and what is wrong (with a JSON path such as
/// `fixtures[2].slices.language` where one helps).
public struct InputFileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file or folder at fault.
    public var path: String
    /// What is wrong.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
