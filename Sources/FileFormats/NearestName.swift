/// "Did you mean …?" for names a reader does not know: trace kinds and
/// fields, manifest keys, CLI values. Reusable by any module that refuses
/// a name, so every such error suggests the same way.
///
/// The nearest name is, in order:
/// 1. the name an alias table maps it to (case-insensitive), for words that
///    mean the same but are spelled nothing alike (`interim` → `partial`);
/// 2. a candidate the name abbreviates or extends (`utterance` → `utt`,
///    `req_id` → `req`), the longest such candidate when several are;
/// 3. the candidate at the smallest edit distance (Levenshtein over
///    characters, case-insensitive, `-` and `_` alike), when that is a
///    plausible typo: at most half the longer name's characters (at least
///    two) edited, and not every one of them.
/// Ties keep the candidates' order. Nil when nothing is near enough.
public enum NearestName {
    public static func nearest(to name: String, among candidates: [String], aliases: [String: String] = [:]) -> String? {
        guard !candidates.isEmpty else { return nil }
        let key = fold(name)
        if let alias = aliases.first(where: { fold($0.key) == key })?.value, candidates.contains(alias) { return alias }
        let folded = candidates.map(fold)
        var bestAffix: (index: Int, length: Int)?
        for (i, candidate) in folded.enumerated() where candidate.count >= 2 && key.count >= 2 {
            if key.hasPrefix(candidate) || candidate.hasPrefix(key), candidate.count > (bestAffix?.length ?? 0) {
                bestAffix = (i, candidate.count)
            }
        }
        if let bestAffix { return candidates[bestAffix.index] }
        var best: (index: Int, distance: Int)?
        for (i, candidate) in folded.enumerated() {
            let d = EditDistance.levenshtein(Array(key), Array(candidate))
            let longer = max(key.count, candidate.count)
            // A plausible typo, not a different word: at most half the
            // characters edited, and never all of them.
            guard d <= max(2, (longer + 1) / 2), d < longer else { continue }
            if d < best?.distance ?? Int.max { best = (i, d) }
        }
        return best.map { candidates[$0.index] }
    }

    /// ` (did you mean "partial"?)`, or "" when there is no candidate.
    public static func didYouMean(_ name: String, among candidates: [String], aliases: [String: String] = [:]) -> String {
        nearest(to: name, among: candidates, aliases: aliases).map { " (did you mean \"\($0)\"?)" } ?? ""
    }

    private static func fold(_ s: String) -> String {
        String(s.lowercased().map { $0 == "-" ? "_" : $0 })
    }
}
