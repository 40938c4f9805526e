import FileFormats
import Traces

/// The only fields of a production request log that an incident packet may
/// read (docs/decisions.md). An allow-list: transcripts, audio paths, user ids,
/// tenants and any field not named here are never copied out of the parsed
/// line, whatever they are called.
public struct RequestRecord: Equatable, Sendable {
    public var language: String?
    public var device: String?
    public var modelVersion: String?
    /// End-to-end latency of the request; nil when not logged.
    public var latencyMs: Double?

    public init(language: String? = nil, device: String? = nil, modelVersion: String? = nil, latencyMs: Double? = nil) {
        self.language = language
        self.device = device
        self.modelVersion = modelVersion
        self.latencyMs = latencyMs
    }

    /// The field names read; everything else in a record is ignored.
    public static let allowedFields = ["language", "device", "model_version", "latency_ms"]

    /// Why a record was refused. Reasons name only allow-listed fields,
    /// never a value, so no private text can reach a message.
    public struct Refusal: Error, Equatable, Sendable {
        public var reason: String
    }

    /// Reads the allow-listed fields of one parsed log line. Null or empty
    /// labels count as absent (reported as "unknown").
    public init(json: JSONValue) throws {
        guard case .object(let fields) = json else { throw Refusal(reason: "not a JSON object") }
        func label(_ name: String) throws -> String? {
            switch fields[name] {
            case nil, .null?: return nil
            case .string(let text)?: return text.isEmpty ? nil : text
            default: throw Refusal(reason: "\"\(name)\" must be a string")
            }
        }
        var latency: Double?
        switch fields["latency_ms"] {
        case nil, .null?: latency = nil
        case .number(let ms)? where ms >= 0: latency = ms
        default: throw Refusal(reason: "\"latency_ms\" must be a number ≥ 0")
        }
        self.init(language: try label("language"), device: try label("device"),
                  modelVersion: try label("model_version"), latencyMs: latency)
    }
}
