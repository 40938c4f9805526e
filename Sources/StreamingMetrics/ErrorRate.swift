/// Word and character error rates (docs/metrics.md): `(S + D + I) / N_ref` by
/// minimum edit distance, after `TranscriptNormalization`.
public enum ErrorRate {
    /// Word error rate; nil when the reference normalizes to nothing.
    public static func wer(reference: String, hypothesis: String) -> Double? {
        let ref = TranscriptNormalization.normalize(reference).split(separator: " ").map(String.init)
        let hyp = TranscriptNormalization.normalize(hypothesis).split(separator: " ").map(String.init)
        guard !ref.isEmpty else { return nil }
        return Double(editDistance(ref, hyp)) / Double(ref.count)
    }

    /// Character error rate over the normalized strings, spaces included,
    /// counting Unicode scalars as jiwer counts Python characters; nil when
    /// the reference normalizes to nothing.
    public static func cer(reference: String, hypothesis: String) -> Double? {
        let ref = Array(TranscriptNormalization.normalize(reference).unicodeScalars)
        let hyp = Array(TranscriptNormalization.normalize(hypothesis).unicodeScalars)
        guard !ref.isEmpty else { return nil }
        return Double(editDistance(ref, hyp)) / Double(ref.count)
    }

    /// Levenshtein distance: the fewest substitutions, deletions and
    /// insertions turning `a` into `b`, in O(|b|) memory.
    public static func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
