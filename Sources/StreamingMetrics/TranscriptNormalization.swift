import Foundation

/// The normalization applied to a hypothesis and a reference before WER
/// and CER (docs/metrics.md): lower-case, Unicode punctuation removed except
/// apostrophes inside a word, white space collapsed to single spaces.
public enum TranscriptNormalization {
    /// The normalized text; "" when nothing but punctuation or space is left.
    public static func normalize(_ text: String) -> String {
        // NFC first, so a decomposed "é" and a precomposed one compare equal.
        let scalars = Array(text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars)
        var kept = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() {
            if isApostrophe(scalar) {
                let inWord = i > 0 && i + 1 < scalars.count && isWordScalar(scalars[i - 1]) && isWordScalar(scalars[i + 1])
                // Typographic and ASCII apostrophes spell the same word.
                if inWord { kept.append("'") }
                continue
            }
            if scalar.properties.generalCategory.isPunctuation { continue }
            kept.append(scalar)
        }
        return String(kept).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}"
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}

extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            true
        default:
            false
        }
    }
}
