/// A JSON document (a manifest, a synth recipe) refused for one of its
/// fields: the file, the dotted field at fault (`audio.mic`,
/// `noise.snr_db`) and what is wrong.
public struct FieldError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    /// Dotted field name; nil for a problem with the file as a whole.
    public var field: String?
    public var reason: String

    public init(file: String, field: String?, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String {
        if let field { return "\(file): \(field): \(reason)" }
        return "\(file): \(reason)"
    }
}
