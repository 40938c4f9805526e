import FileFormats

/// Where a fixture's audio lawfully comes from (docs/formats.md): generated, or
/// recorded with consent that a reference proves.
public enum Provenance: Equatable, Sendable {
    /// Generated, no person's voice or data.
    case synthetic
    /// Recorded with consent, traceable through `consentRef`.
    case consented(consentRef: String)

    /// The manifest's `provenance` object.
    public var json: JSONValue {
        switch self {
        case .synthetic: .object(["kind": .string("synthetic")])
        case .consented(let ref): .object(["kind": .string("consented"), "consent_ref": .string(ref)])
        }
    }
}
