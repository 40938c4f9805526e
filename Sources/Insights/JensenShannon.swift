import Foundation
import StreamingMetrics

/// Jensen–Shannon divergence in bits: 0 for identical distributions, 1 for
/// disjoint ones; symmetric and finite even where one side has zeros, which
/// is why drift uses it rather than KL.
public enum JensenShannon {
    /// `p` and `q` over the same outcomes, each summing to 1.
    public static func divergence(_ p: [Double], _ q: [Double]) -> Double {
        precondition(p.count == q.count, "distributions must share outcomes")
        var total = 0.0
        for (a, b) in zip(p, q) {
            let m = (a + b) / 2
            if a > 0 { total += a * log2(a / m) }
            if b > 0 { total += b * log2(b / m) }
        }
        // Rounding can step a hair outside [0, 1]; the true value cannot.
        return min(1, max(0, total / 2))
    }
}
