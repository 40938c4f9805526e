import FileFormats
/// `--traffic FILE`: production shares per slice dimension (docs/coverage.md),
/// e.g. `{"language": {"en-US": 0.62, "hi-IN": 0.30, "es-US": 0.08}}`.
public struct TrafficMix: Equatable, Sendable {
    /// Dimension → value → share, each dimension summing to 1.
    public var shares: [String: [String: Double]]

    /// Shares of a dimension are normalized to sum to 1, so counts or
    /// percentages work as well as fractions.
    public init(shares: [String: [String: Double]]) {
        self.shares = shares.mapValues { values in
            let total = values.values.reduce(0, +)
            // Already-normalized input is kept bit-for-bit: dividing by a sum
            // of 1 ± rounding would nudge shares sitting on the 0.05 line.
            guard abs(total - 1) > 1e-9 else { return values }
            return values.mapValues { $0 / total }
        }
    }

    /// Reads and validates a traffic file: shares finite and non-negative,
    /// each dimension with a positive total.
    public static func load(path: String) throws -> TrafficMix {
        let json = try JSONFile.read(path)
        guard let dimensions = json.objectValue else {
            throw InputFileError(path: path, reason: "must be an object of dimension → {value: share}")
        }
        var shares: [String: [String: Double]] = [:]
        for (dimension, raw) in dimensions {
            guard let values = raw.objectValue, !values.isEmpty else {
                throw InputFileError(path: path, reason: "\"\(dimension)\" must be a non-empty object of value → share")
            }
            var parsed: [String: Double] = [:]
            for (value, share) in values {
                guard let number = share.numberValue, number.isFinite, number >= 0 else {
                    throw InputFileError(path: path, reason: "share of \(dimension)=\(value) must be a non-negative number")
                }
                parsed[value] = number
            }
            guard parsed.values.reduce(0, +) > 0 else {
                throw InputFileError(path: path, reason: "shares of \"\(dimension)\" sum to 0")
            }
            shares[dimension] = parsed
        }
        return TrafficMix(shares: shares)
    }
}
