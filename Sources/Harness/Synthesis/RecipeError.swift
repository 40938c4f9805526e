/// A recipe that cannot be made: names the recipe file and, when one is at
/// fault, the dotted field (`noise.snr_db`).
public struct RecipeError: Error, Equatable, CustomStringConvertible, Sendable {
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
