/// Metric-name globs of `tolerances.json`: `*` any run of characters
/// (dots included), `?` exactly one character, everything else literal.
public enum GlobPattern {
    /// Whether `name` matches `pattern` as a whole.
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern.unicodeScalars), n = Array(name.unicodeScalars)
        // Iterative wildcard match with single-star backtracking: linear
        // in practice, never exponential on patterns like "a*a*a*b".
        var pi = 0, ni = 0
        var starP = -1, starN = 0
        while ni < n.count {
            if pi < p.count, p[pi] == "?" || (p[pi] != "*" && p[pi] == n[ni]) {
                pi += 1; ni += 1
            } else if pi < p.count, p[pi] == "*" {
                starP = pi; starN = ni; pi += 1
            } else if starP >= 0 {
                pi = starP + 1; starN += 1; ni = starN
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Whether `a` should win over `b` when both match a name.
    public static func isMoreSpecific(_ a: String, than b: String) -> Bool {
        let ka = key(a), kb = key(b)
        if ka.exact != kb.exact { return ka.exact }
        if ka.literals != kb.literals { return ka.literals > kb.literals }
        if ka.stars != kb.stars { return ka.stars < kb.stars }
        return codePointOrder(a, b)
    }

    private static func key(_ pattern: String) -> (exact: Bool, literals: Int, stars: Int) {
        let stars = pattern.unicodeScalars.filter { $0 == "*" }.count
        let questions = pattern.unicodeScalars.filter { $0 == "?" }.count
        return (stars == 0 && questions == 0, pattern.unicodeScalars.count - stars - questions, stars)
    }
}
