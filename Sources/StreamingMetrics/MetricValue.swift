import FileFormats

/// The version of the metric definitions (docs/metrics.md). Every result and
/// golden records it; changing a definition bumps it. Version 2 aligns
/// utterances with speech segments by time, adds `asr.inserted_utterances`,
/// `asr.missed_segments` and `barge_in.late`, and counts `barge_in.false`
/// only for cancels of playback with no user onset in it.
public let metricsVersion = "2"

/// One metric's value: a number, a label (e.g. an SNR bucket) or `null`
/// when it cannot be computed — never a stand-in 0.
public enum MetricValue: Equatable, Sendable {
    case number(Double)
    case string(String)
    case null

    /// `.null` for nil or non-finite values.
    public static func finite(_ value: Double?) -> MetricValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    public var number: Double? { if case .number(let n) = self { n } else { nil } }

    /// The value as reports print it: a number in canonical JSON form
    /// (`0.125`, `350`), a label as it is, `null`.
    public var text: String {
        switch self {
        case .number(let n): JSONValue.format(number: n)
        case .string(let s): s
        case .null: "null"
        }
    }

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

/// Metrics of one fixture under the flat dotted names of `MetricCatalog`
/// (`asr.partial_churn`, `tts.first_audio_byte_ms.p95`, `snr.bucket`, …).
public typealias MetricSet = [String: MetricValue]
