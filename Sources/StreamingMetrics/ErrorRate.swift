import FileFormats

/// Word and character error rates (docs/metrics.md): `(S + D + I) / N_ref` by
/// minimum edit distance, after `TranscriptNormalization`.
public enum ErrorRate {
    /// Word error rate; nil when the reference normalizes to nothing.
    public static func wer(reference: String, hypothesis: String) -> Double? {
        let ref = TranscriptNormalization.normalize(reference).split(separator: " ").map(String.init)
        let hyp = TranscriptNormalization.normalize(hypothesis).split(separator: " ").map(String.init)
        guard !ref.isEmpty else { return nil }
        return Double(EditDistance.levenshtein(ref, hyp)) / Double(ref.count)
    }

    /// Character error rate over the normalized strings, spaces included,
    /// counting Unicode scalars as jiwer counts Python characters; nil when
    /// the reference normalizes to nothing.
    public static func cer(reference: String, hypothesis: String) -> Double? {
        let ref = Array(TranscriptNormalization.normalize(reference).unicodeScalars)
        let hyp = Array(TranscriptNormalization.normalize(hypothesis).unicodeScalars)
        guard !ref.isEmpty else { return nil }
        return Double(EditDistance.levenshtein(ref, hyp)) / Double(ref.count)
    }
}
