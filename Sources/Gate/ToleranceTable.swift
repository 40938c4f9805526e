import FileFormats
import Foundation
import Synchronization
import Traces

/// Which way a metric may move without failing the gate.
public enum MetricDirection: String, CaseIterable, Sendable {
    /// Latencies, churn, error rates: going up beyond tolerance regresses.
    case lowerIsBetter = "lower_is_better"
    /// Success and coverage rates: going down beyond tolerance regresses.
    case higherIsBetter = "higher_is_better"
    /// Counts and labels that must not move either way.
    case exact
}

/// How far a metric may drift from its golden value.
public enum ToleranceAmount: Equatable, Sendable {
    /// At most this many units either way.
    case absolute(Double)
    /// At most this fraction of the golden's magnitude.
    case relative(Double)

    /// The allowed distance from `golden`.
    public func allowed(around golden: Double) -> Double {
        switch self {
        case .absolute(let a): a
        case .relative(let r): r * abs(golden)
        }
    }
}

/// The tolerance that applies to one metric, and where it came from.
public struct Tolerance: Equatable, Sendable {
    public var amount: ToleranceAmount
    public var direction: MetricDirection
    /// The `tolerances.json` key that matched, or nil for the default.
    public var pattern: String?

    public init(amount: ToleranceAmount, direction: MetricDirection, pattern: String? = nil) {
        self.amount = amount
        self.direction = direction
        self.pattern = pattern
    }

    /// When no pattern matches: exact, within floating-point noise.
    public static let `default` = Tolerance(amount: .absolute(1e-9), direction: .exact)

    /// `{"abs": x, "direction": d, "pattern": p}` as reports and merge read it.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["direction": .string(direction.rawValue)]
        switch amount {
        case .absolute(let a): members["abs"] = .finite(a)
        case .relative(let r): members["rel"] = .finite(r)
        }
        if let pattern { members["pattern"] = .string(pattern) }
        // 1e-9 is below the writer's six decimals: say "default" instead.
        if self == .default { members["default"] = .bool(true) }
        return .object(members)
    }

    /// One line for people: `abs 50, lower_is_better ("asr.*latency*")`.
    public var summary: String {
        let amountText: String
        switch amount {
        case .absolute(let a): amountText = "abs \(JSONValue.format(number: a))"
        case .relative(let r): amountText = "rel \(JSONValue.format(number: r))"
        }
        let from = pattern.map { " from \"\($0)\"" } ?? " (default)"
        return "\(amountText), \(direction.rawValue)\(from)"
    }
}


/// `Goldens/tolerances.json`: metric names or glob patterns (`*`, `?`) to a
/// tolerance and a direction. The most specific match wins: an exact name
/// beats any pattern; among patterns, more literal (non-wildcard)
/// characters win, then fewer `*`, then the smaller key in code-point order.
public struct ToleranceTable: Equatable, Sendable {
    public var rules: [Tolerance] {
        didSet { resolved = ResolvedTolerances() }
    }
    /// Lookups made so far: every fixture asks for the same few dozen
    /// metric names, and matching each against every glob was a tenth of
    /// a 1,000-fixture check.
    private var resolved = ResolvedTolerances()

    public init(rules: [Tolerance] = []) {
        self.rules = rules
    }

    public static func == (a: ToleranceTable, b: ToleranceTable) -> Bool { a.rules == b.rules }

    /// Reads and validates `path`; a missing file is an empty table.
    public static func load(path: String) throws -> ToleranceTable {
        guard FileManager.default.fileExists(atPath: path) else { return ToleranceTable() }
        return try ToleranceTable(json: try JSONFile.read(path), path: path)
    }

    /// Validates a parsed tolerances document; errors name `path`.
    public init(json: JSONValue, path: String) throws {
        guard let members = json.objectValue else {
            throw InputFileError(path: path, reason: "expected an object of metric pattern → tolerance")
        }
        rules = try members.keys.sorted().map { key in
            try Tolerance(json: members[key]!, pattern: key, path: path)
        }
    }

    /// The tolerance for `metric`: the most specific matching rule, or the default.
    public func tolerance(for metric: String) -> Tolerance {
        resolved.tolerance(for: metric) { metric in
            let matches = rules.filter { GlobPattern.matches($0.pattern ?? "", metric) }
            return matches.min(by: { GlobPattern.isMoreSpecific($0.pattern ?? "", than: $1.pattern ?? "") }) ?? .default
        }
    }
}

/// A `ToleranceTable`'s answers by metric name, shared by the threads of
/// a check.
private final class ResolvedTolerances: Sendable {
    private let byMetric = Mutex<[String: Tolerance]>([:])

    func tolerance(for metric: String, resolve: (String) -> Tolerance) -> Tolerance {
        byMetric.withLock { byMetric in
            if let known = byMetric[metric] { return known }
            let tolerance = resolve(metric)
            byMetric[metric] = tolerance
            return tolerance
        }
    }
}

extension Tolerance {
    /// Parses `{"abs"|"rel": x, "direction": d}`; `pattern` names the key.
    public init(json: JSONValue, pattern: String?, path: String) throws {
        let name = pattern.map { "\"\($0)\"" } ?? "tolerance"
        guard let members = json.objectValue else {
            throw InputFileError(path: path, reason: "\(name): expected an object like {\"abs\": 50, \"direction\": \"lower_is_better\"}")
        }
        if let pattern, pattern.isEmpty {
            throw InputFileError(path: path, reason: "an empty metric pattern matches nothing")
        }
        if pattern == nil, members["default"] == .bool(true) {
            self = .default
            return
        }
        for key in members.keys where !["abs", "rel", "direction", "pattern"].contains(key) {
            throw InputFileError(path: path, reason: "\(name): unknown key \"\(key)\" (expected abs or rel, and direction)")
        }
        switch (members["abs"], members["rel"]) {
        case (let a?, nil):
            guard let x = a.numberValue, x >= 0 else {
                throw InputFileError(path: path, reason: "\(name): abs must be a number ≥ 0")
            }
            amount = .absolute(x)
        case (nil, let r?):
            guard let x = r.numberValue, x >= 0 else {
                throw InputFileError(path: path, reason: "\(name): rel must be a number ≥ 0")
            }
            amount = .relative(x)
        case (nil, nil):
            throw InputFileError(path: path, reason: "\(name): needs abs or rel")
        case (_?, _?):
            throw InputFileError(path: path, reason: "\(name): give abs or rel, not both")
        }
        guard let text = members["direction"]?.stringValue else {
            throw InputFileError(path: path, reason: "\(name): needs a direction (lower_is_better, higher_is_better or exact)")
        }
        guard let direction = MetricDirection(rawValue: text) else {
            throw InputFileError(path: path, reason: "\(name): unknown direction \"\(text)\" (expected lower_is_better, higher_is_better or exact)")
        }
        self.direction = direction
        self.pattern = pattern ?? members["pattern"]?.stringValue
    }
}
