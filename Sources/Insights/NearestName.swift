/// "Did you mean": the known name nearest a misspelled one.
public enum NearestName {
    /// Levenshtein distance over Unicode scalars (insert, delete, substitute
    /// one scalar each cost 1).
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = Array(repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The candidate nearest `name` when it is close enough to be a typo:
    /// distance at most max(1, count / 3) (so `langauge` → `language` at 2,
    /// while unrelated names are not offered); ties by code point. nil when
    /// `name` is itself a candidate or nothing is close.
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(1, name.unicodeScalars.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            if candidate == name { return nil }
            let d = distance(name, candidate)
            guard d <= limit else { continue }
            if best == nil || d < best!.distance || (d == best!.distance && candidate.unicodeScalars.lexicographicallyPrecedes(best!.name.unicodeScalars)) {
                best = (candidate, d)
            }
        }
        return best?.name
    }
}
