/// Whether the far-end's echo is measurable in the mic at all, so that a
/// delay and an ERL are reported only for an echo that is there.
///
/// GCC-PHAT always has an argmax: with the echo buried under the noise
/// (say 45 dB below the far-end at 20 dB SNR) it is a random lag, and the
/// ERL measured there is noise too. Two tests must both pass:
///
/// 1. The correlation peak stands out: `significance` (peak over the
///    correlation's robust noise σ) ≥ `minimumSignificance`. The largest of
///    16,000–48,000 Gaussian lags is about 4.5 σ.
/// 2. The mic is coherent with the far-end at that lag: the mean
///    magnitude-squared coherence over the far-end-active frames it was
///    estimated from is at least `coherenceExcess / farActiveFrames`. Coherence estimated from `n`
///    frames of independent tracks is biased up to about `1/n_eff`; on
///    unrelated speech and noise (8–48 kHz, 3–30 s) it read 1.0–3.1 / n,
///    and real echoes 20–800 / n. This test also rejects a peak that the
///    same talker's pitch (two utterances of one voice) raises at 48 kHz,
///    which reached a significance of 25 with no echo at all.
public enum EchoDetection {
    /// Least GCC-PHAT peak significance, in robust σ.
    public static let minimumSignificance = 6.0
    /// Least coherence, in units of `1 / farActiveFrames`.
    public static let coherenceExcess = 8.0

    /// True when the echo is measurable.
    public static func isDetectable(significance: Double?, coherence: Double?, farActiveFrames: Int) -> Bool {
        guard let significance, let coherence, farActiveFrames > 0 else { return false }
        return significance >= minimumSignificance
            && coherence >= coherenceExcess / Double(farActiveFrames)
    }
}
