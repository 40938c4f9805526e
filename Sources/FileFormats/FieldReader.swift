import Foundation

/// Typed access to the fields of a JSON document (a manifest, a synth
/// recipe), strict in one way for every format: an error names the file
/// and the dotted field; `null` is the same as absent; numbers must be
/// finite; a key the schema does not define is refused with the nearest
/// defined one, except `x_…` extension keys that tools may add.
public struct FieldReader: Sendable {
    public let file: String

    public init(file: String) { self.file = file }

    public func error(_ field: String?, _ reason: String) -> Problem {
        Problem(file: file, field: field, reason: reason)
    }

    private func path(_ key: String, _ parent: String?) -> String { parent.map { "\($0).\(key)" } ?? key }

    /// Refuses keys not in `keys`, naming the nearest, so a typo cannot
    /// silently fall back to a default.
    public func known(_ object: [String: JSONValue], at parent: String?, _ keys: some Collection<String>) throws {
        let defined = keys.sorted(by: codePointOrder)
        for key in object.keys.sorted(by: codePointOrder) where !defined.contains(key) && !key.hasPrefix("x_") {
            throw error(path(key, parent), "unknown field\(NearestName.didYouMean(key, among: defined)); fields a tool adds start with \"x_\"")
        }
    }

    public func string(_ object: [String: JSONValue], _ key: String, at parent: String? = nil) throws -> String {
        guard let text = try optionalString(object, key, at: parent) else { throw error(path(key, parent), "missing") }
        return text
    }

    public func optionalString(_ object: [String: JSONValue], _ key: String, at parent: String? = nil) throws -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw error(path(key, parent), "must be a string") }
        return text
    }

    public func optionalNumber(_ object: [String: JSONValue], _ key: String, at parent: String? = nil) throws -> Double? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let number = value.numberValue, number.isFinite else { throw error(path(key, parent), "must be a number") }
        return number
    }

    public func object(_ object: [String: JSONValue], _ key: String, at parent: String? = nil) throws -> [String: JSONValue] {
        guard let members = try optionalObject(object, key, at: parent) else { throw error(path(key, parent), "missing") }
        return members
    }

    public func optionalObject(_ object: [String: JSONValue], _ key: String, at parent: String? = nil) throws -> [String: JSONValue]? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let members = value.objectValue else { throw error(path(key, parent), "must be an object") }
        return members
    }
}
