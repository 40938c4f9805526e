/// The known name closest to a misspelt one, for "did you mean" messages:
/// a typo in a field, a kind, a flag or a command must name the fix.
public enum NearestName {
    /// The candidate nearest to `name` by edit distance (case-insensitive),
    /// when it is near enough to be a plausible typo: at most a third of
    /// the longer name's characters edited (at least one), or one name
    /// spelling out the other's abbreviation (`utterance` for `utt`). Ties
    /// go to the first candidate in code-point order, so the answer is
    /// stable.
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let typed = Array(name.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates.sorted(by: codePointOrder) {
            let known = Array(candidate.lowercased())
            let abbreviates = min(typed.count, known.count) >= 3
                && (typed.starts(with: known) || known.starts(with: typed))
            let distance = abbreviates ? 1 : editDistance(typed, known)
            let limit = max(1, max(typed.count, known.count) / 3)
            guard distance <= limit else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.name
    }

    /// ` (did you mean "x"?)`, or nothing when no candidate is near.
    public static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        suggestion(for: name, among: candidates).map { " (did you mean \"\($0)\"?)" } ?? ""
    }

    /// Levenshtein distance with adjacent transpositions counted as one
    /// edit (optimal string alignment): `utterance`/`utt` is 6, `partail`/`partial` 1.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
