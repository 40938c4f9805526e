import Foundation

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

/// Reads the JSON input files of the harness (tolerances, budgets, results,
/// requirements, traffic mixes, shard reports), naming the file on error.
public enum JSONFile {
    /// Parses the regular file at `path`. A directory, a pipe or a device is
    /// refused before it is opened, so a FIFO named `budgets.json` cannot
    /// hang the gate.
    public static func read(_ path: String) throws -> JSONValue {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        guard let type else { throw InputFileError(path: path, reason: "cannot read (no such file)") }
        guard type == .typeRegular else { throw InputFileError(path: path, reason: "cannot read (not a regular file)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputFileError(path: path, reason: "cannot read")
        }
        do { return try JSONValue.parse(data: data) } catch { throw InputFileError(path: path, reason: "\(error)") }
    }
}
