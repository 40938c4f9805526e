import FixtureKit
import Foundation

extension Provenance {
    /// Accepts only `synthetic`, or `consented` with a non-empty reference.
    ///
    /// A consent reference on synthetic audio is refused too: it suggests
    /// real user audio mislabelled as generated.
    public init(kind: String?, consentRef: String?) throws {
        let ref = consentRef?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        switch kind {
        case nil:
            throw AuthoringRefusal(.provenance, "no provenance: pass --provenance synthetic, or --provenance consented --consent-ref REF; no fixture without a lawful origin")
        case "synthetic":
            guard consentRef == nil else {
                throw AuthoringRefusal(.provenance, "--consent-ref was given for synthetic audio: if the audio came from a user, use --provenance consented")
            }
            self = .synthetic
        case "consented":
            guard !ref.isEmpty else {
                throw AuthoringRefusal(.provenance, "provenance 'consented' needs a non-empty --consent-ref naming the consent record")
            }
            self = .consented(consentRef: ref)
        case let other?:
            throw AuthoringRefusal(.provenance, "unknown provenance '\(other)': only 'synthetic' or 'consented' (with --consent-ref) are lawful origins")
        }
    }
}
