import Foundation

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
