/// Fixture ids become folder names, so only names that are safe on every
/// file system and in a shell pass: no separators, no leading dot (hidden,
/// `..`), no spaces or glob characters.
public enum FixtureID {
    /// Longest accepted id; keeps paths well under `PATH_MAX`.
    public static let maximumLength = 128

    /// Throws `.unsafeID` unless `id` is `[A-Za-z0-9][A-Za-z0-9._-]*`.
    public static func validate(_ id: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-".unicodeScalars)
        let scalars = Array(id.unicodeScalars)
        guard let first = scalars.first else {
            throw AuthoringRefusal(.unsafeID, "fixture id is empty")
        }
        guard scalars.count <= maximumLength else {
            throw AuthoringRefusal(.unsafeID, "fixture id '\(id)' is longer than \(maximumLength) characters")
        }
        guard ("0"..."9").contains(first) || ("a"..."z").contains(first) || ("A"..."Z").contains(first),
              scalars.allSatisfy(allowed.contains) else {
            throw AuthoringRefusal(.unsafeID, "fixture id '\(id)' is not a safe folder name: use letters, digits, '.', '_' and '-', starting with a letter or digit")
        }
    }
}
