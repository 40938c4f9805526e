import FileFormats
import Foundation
import Traces

/// `--require FILE`: which slice combinations must each hold at least
/// `minPerCell` fixtures (docs/coverage.md).
public struct CoverageRequirement: Equatable, Sendable {
    /// Slice keys whose value combinations are the cells, in report order.
    public var dimensions: [String]
    public var minPerCell: Int

    public init(dimensions: [String], minPerCell: Int) {
        self.dimensions = dimensions
        self.minPerCell = minPerCell
    }

    /// Reads `{"dimensions": [...], "min_per_cell": n}`; `min_per_cell`
    /// defaults to 1 (every cell needs a fixture).
    public static func load(path: String) throws -> CoverageRequirement {
        let json = try JSONFile.read(path)
        guard let object = json.objectValue else {
            throw InputFileError(path: path, reason: "must be a JSON object with \"dimensions\" and \"min_per_cell\"")
        }
        for key in object.keys where !["dimensions", "min_per_cell"].contains(key) {
            throw InputFileError(path: path, reason: "unknown key \"\(key)\" (expected \"dimensions\", \"min_per_cell\")")
        }
        guard let list = json["dimensions"]?.arrayValue, !list.isEmpty else {
            throw InputFileError(path: path, reason: "\"dimensions\" must be a non-empty list of slice keys")
        }
        var dimensions: [String] = []
        for item in list {
            guard let name = item.stringValue, !name.isEmpty else {
                throw InputFileError(path: path, reason: "\"dimensions\" entries must be non-empty strings")
            }
            guard !dimensions.contains(name) else {
                throw InputFileError(path: path, reason: "dimension \"\(name)\" is listed twice")
            }
            dimensions.append(name)
        }
        var minimum = 1
        if let raw = json["min_per_cell"] {
            guard let n = raw.intValue, n >= 1 else {
                throw InputFileError(path: path, reason: "\"min_per_cell\" must be a whole number ≥ 1")
            }
            minimum = n
        }
        return CoverageRequirement(dimensions: dimensions, minPerCell: minimum)
    }
}
