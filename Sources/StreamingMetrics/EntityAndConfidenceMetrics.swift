import Foundation
import Traces

/// Entity error rate and word-confidence calibration (docs/metrics.md,
/// "Entities and confidence"). The fixture-level hypothesis is every final
/// joined with a space, normalized as for WER, so an entity the endpointer
/// split across two finals still counts as recognized.
public enum EntityMetrics {
    /// Normalized words of `text` (`TranscriptNormalization`), as WER sees them.
    public static func normalizedWords(_ text: String) -> [String] {
        TranscriptNormalization.normalize(text).split(separator: " ").map(String.init)
    }

    /// Whether `run` occurs as a contiguous run of `words` (an empty run never does).
    public static func containsRun(_ run: [String], in words: [String]) -> Bool {
        guard !run.isEmpty, run.count <= words.count else { return false }
        return (0...(words.count - run.count)).contains { start in words[start..<start + run.count].elementsEqual(run) }
    }

    /// `asr.entity_error_rate`: the share of `entities` whose normalized
    /// words are not a contiguous run of the normalized `hypothesis` words.
    /// Entities that normalize to nothing are not counted; nil when no entity
    /// is left (or none is given).
    public static func entityErrorRate(entities: [String], hypothesis: String) -> Double? {
        let hyp = normalizedWords(hypothesis)
        let runs = entities.map(normalizedWords).filter { !$0.isEmpty }
        guard !runs.isEmpty else { return nil }
        return Double(runs.filter { !containsRun($0, in: hyp) }.count) / Double(runs.count)
    }

    /// Whether `entity` is a span of `reference`: its normalized words are
    /// a non-empty contiguous run of the reference's. The manifest loader
    /// refuses `annotations.entities` that are not.
    public static func isSpan(_ entity: String, of reference: String) -> Bool {
        containsRun(normalizedWords(entity), in: normalizedWords(reference))
    }

    /// The entities that are not spans of `reference`, in order.
    public static func entitiesNotInReference(_ entities: [String], reference: String) -> [String] {
        entities.filter { !isSpan($0, of: reference) }
    }
}

/// A hypothesis word with the engine's confidence and whether the WER
/// alignment found it correct.
public struct ScoredWord: Equatable, Sendable {
    public var text: String
    public var confidence: Double
    public var correct: Bool

    public init(text: String, confidence: Double, correct: Bool) {
        self.text = text
        self.confidence = confidence
        self.correct = correct
    }
}

/// Calibration of word confidences against the reference.
public enum ConfidenceMetrics {
    /// Number of equal-width bins of `asr.confidence_ece`.
    public static let binCount = 10
    /// Confidences are clamped to `[ε, 1 − ε]` inside the NCE logarithms, so
    /// one wrong word at confidence 1 gives a very low NCE, not −∞.
    public static let nceEpsilon = 1e-6

    /// For each position of `hypothesis`, whether the alignment against
    /// `reference` matches it with an equal reference word.
    ///
    /// The alignment is a minimum edit distance alignment (the one WER
    /// counts); among those, the one with the most matched words; remaining
    /// ties are broken backtracking from the end of both sequences,
    /// preferring a match or substitution, then a deletion (reference word
    /// left out), then an insertion (extra hypothesis word).
    public static func correctness(reference: [String], hypothesis: [String]) -> [Bool] {
        let n = reference.count, m = hypothesis.count
        // cost[i][j] = (edits, −matches) of the best alignment of the prefixes.
        var cost = [[(Int, Int)]](repeating: [(Int, Int)](repeating: (0, 0), count: m + 1), count: n + 1)
        for i in 0...n { cost[i][0] = (i, 0) }
        for j in 0...m { cost[0][j] = (j, 0) }
        func plus(_ c: (Int, Int), _ edits: Int, _ matches: Int) -> (Int, Int) { (c.0 + edits, c.1 - matches) }
        if n > 0, m > 0 {
            for i in 1...n {
                for j in 1...m {
                    let same = reference[i - 1] == hypothesis[j - 1]
                    let diagonal = plus(cost[i - 1][j - 1], same ? 0 : 1, same ? 1 : 0)
                    cost[i][j] = [plus(cost[i - 1][j], 1, 0), plus(cost[i][j - 1], 1, 0)].reduce(diagonal) { $1 < $0 ? $1 : $0 }
                }
            }
        }
        var correct = [Bool](repeating: false, count: m)
        var i = n, j = m
        while i > 0 || j > 0 {
            if i > 0, j > 0 {
                let same = reference[i - 1] == hypothesis[j - 1]
                if cost[i][j] == plus(cost[i - 1][j - 1], same ? 0 : 1, same ? 1 : 0) {
                    correct[j - 1] = same
                    i -= 1; j -= 1
                    continue
                }
            }
            if i > 0, cost[i][j] == plus(cost[i - 1][j], 1, 0) {
                i -= 1
            } else {
                j -= 1
            }
        }
        return correct
    }

    /// The confidence-carrying words of `finals` (in utterance order), each
    /// marked correct or not by the alignment of all finals joined against
    /// `reference`. A word entry normalizing to several words is correct
    /// when all of them are; one normalizing to nothing is skipped. A final
    /// whose words do not spell its text (after normalization) contributes
    /// no scored words. Empty without a reference or without words.
    public static func scoredWords(finals: [EmissionEvent], reference: String?) -> [ScoredWord] {
        guard let reference else { return [] }
        let ref = EntityMetrics.normalizedWords(reference)
        guard !ref.isEmpty else { return [] }
        let hyp = finals.flatMap { EntityMetrics.normalizedWords($0.text) }
        let correct = correctness(reference: ref, hypothesis: hyp)
        var scored: [ScoredWord] = []
        var offset = 0
        for final in finals {
            let textWords = EntityMetrics.normalizedWords(final.text)
            defer { offset += textWords.count }
            guard let words = final.words else { continue }
            let tokens = words.map { EntityMetrics.normalizedWords($0.text) }
            guard tokens.flatMap({ $0 }) == textWords else { continue }
            var position = offset
            for (word, parts) in zip(words, tokens) where !parts.isEmpty {
                let right = correct[position..<position + parts.count].allSatisfy { $0 }
                scored.append(ScoredWord(text: word.text, confidence: word.confidence, correct: right))
                position += parts.count
            }
        }
        return scored
    }

    /// The bin of confidence `c`: `[k/10, (k+1)/10)`, the last `[0.9, 1]`.
    /// A tolerance of 1e-9 keeps decimal literals (0.3, 0.7) in the bin
    /// their digits name despite binary rounding.
    public static func bin(of c: Double) -> Int {
        min(binCount - 1, max(0, Int((c * Double(binCount) + 1e-9).rounded(.down))))
    }

    /// `asr.confidence_ece` = Σ_bins (n_b/N)·|acc_b − conf_b|; nil without words.
    public static func expectedCalibrationError(_ words: [ScoredWord]) -> Double? {
        guard !words.isEmpty else { return nil }
        var count = [Int](repeating: 0, count: binCount)
        var right = [Double](repeating: 0, count: binCount)
        var confidence = [Double](repeating: 0, count: binCount)
        for word in words {
            let b = bin(of: word.confidence)
            count[b] += 1
            right[b] += word.correct ? 1 : 0
            confidence[b] += word.confidence
        }
        let total = Double(words.count)
        return (0..<binCount).filter { count[$0] > 0 }.reduce(0.0) { sum, b in
            let n = Double(count[b])
            return sum + n / total * abs(right[b] / n - confidence[b] / n)
        }
    }

    /// `asr.confidence_nce` (NIST sclite): `(H_max + Σ_correct log2 c +
    /// Σ_wrong log2(1 − c)) / H_max`, `H_max = −n·log2 p − (N − n)·log2(1 − p)`,
    /// `p = n/N`; nil without words or when `p` is 0 or 1.
    public static func normalizedCrossEntropy(_ words: [ScoredWord]) -> Double? {
        let total = words.count
        let n = words.filter(\.correct).count
        guard total > 0, n > 0, n < total else { return nil }
        let p = Double(n) / Double(total)
        let hMax = -Double(n) * log2(p) - Double(total - n) * log2(1 - p)
        let sum = words.reduce(0.0) { sum, word in
            let c = min(max(word.confidence, nceEpsilon), 1 - nceEpsilon)
            return sum + (word.correct ? log2(c) : log2(1 - c))
        }
        return (hMax + sum) / hMax
    }
}
