import StreamingMetrics
import Traces

extension MetricValue {
    /// The value as canonical JSON.
    public var json: JSONValue {
        switch self {
        case .number(let n): .finite(n)
        case .string(let s): .string(s)
        case .null: .null
        }
    }
}

extension JSONValue {
    /// A metric set as a JSON object of flat dotted keys.
    public init(metrics: MetricSet) {
        self = .object(metrics.mapValues(\.json))
    }
}
