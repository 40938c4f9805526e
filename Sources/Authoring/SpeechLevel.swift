import Foundation

/// Power measurements behind a recipe's SNR.
///
/// `snr_db` in a recipe is `10·log10(P_speech / P_noise)` with
/// `P_noise` the mean power of the added noise over the whole mic track and
/// `P_speech` the *active* level of the user's speech: the ITU-T P.56 idea,
/// the mean power of the 10 ms frames within 15.9 dB of that mean. This is
/// what the feature estimator measures (speech level over noise floor,
/// independent of how much of the track is pause), so a fixture made at
/// 7 dB is measured near 7 dB rather than several dB lower because of its
/// lead-in and tail.
public enum SpeechLevel {
    /// P.56's margin between the active level and the activity threshold.
    public static let activityMarginDB = 15.9
    /// Frame length for the active level.
    public static let frameMs = 10.0

    /// Mean of x² over all samples; 0 for no samples.
    public static func meanPower(_ samples: [Float]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)
    }

    /// The active speech level (linear mean square) of clean `speech`: the
    /// fixed point of `A = mean{p_f : p_f ≥ A·10^(−1.59)}` over 10 ms frame
    /// powers `p_f`, started from the mean of all frames. Nil when the
    /// speech is silent.
    public static func active(_ speech: [Float], sampleRate: Int) -> Double? {
        let frame = max(1, Int((Double(sampleRate) * frameMs / 1000).rounded()))
        var powers: [Double] = []
        var start = 0
        while start < speech.count {
            let end = min(speech.count, start + frame)
            var sum = 0.0
            for i in start..<end { sum += Double(speech[i]) * Double(speech[i]) }
            powers.append(sum / Double(end - start))
            start = end
        }
        guard var level = mean(powers), level > 0 else { return nil }
        let ratio = pow(10, -activityMarginDB / 10)
        for _ in 0..<100 {
            guard let next = mean(powers.filter { $0 >= level * ratio }) else { break }
            if next == level { break }
            level = next
        }
        return level
    }

    private static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}

/// Scales noise to a target SNR against a known speech level.
public enum SNRScaling {
    /// The amplitude gain for `noise` so that
    /// `10·log10(speechPower / P(gain·noise)) == snrDB`, with `P` the mean
    /// power over the whole noise track. Nil for silent noise.
    public static func gain(speechPower: Double, noise: [Float], snrDB: Double) -> Double? {
        let noisePower = SpeechLevel.meanPower(noise)
        guard noisePower > 0, speechPower > 0 else { return nil }
        return (speechPower / (noisePower * pow(10, snrDB / 10))).squareRoot()
    }

    /// `10·log10(speechPower / P(noise))`, the SNR a mix has by construction.
    public static func snrDB(speechPower: Double, noise: [Float]) -> Double {
        10 * log10(speechPower / SpeechLevel.meanPower(noise))
    }
}
