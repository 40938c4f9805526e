/// Why `fixture-check add` refused to create a fixture. The message names
/// the file, id or option at fault.
public struct AuthoringRefusal: Error, Equatable, CustomStringConvertible, Sendable {
    /// What was wrong, coarsely, so callers and tests can branch on it.
    public enum Kind: String, Sendable {
        /// No provenance, an unknown kind, or `consented` without a reference.
        case provenance
        /// The id is not a safe folder name.
        case unsafeID
        /// A fixture with this id already exists.
        case existingFixture
        /// The audio is already in the set, under another fixture.
        case duplicateAudio
        /// An audio file is missing or does not decode.
        case audio
        /// A speech annotation is out of range or out of order.
        case speech
        /// A trace file is missing or malformed.
        case trace
        /// A slice clashes with a derived one or is malformed.
        case slice
        /// Building the fixture folder failed on the file system.
        case fileSystem
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
