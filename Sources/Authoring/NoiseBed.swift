/// The noise track of a scene: the recipe's noise type, `count` samples,
/// scaled to its SNR against the user's active speech level.
public enum NoiseBed {
    /// Noise of `spec.kind` (unscaled). `talkers` holds the babble voices at
    /// the scene's rate.
    public static func raw(_ spec: SynthRecipe.Noise, count: Int, sampleRate: Int, seed: UInt64, talkers: [[Float]]) -> [Float] {
        switch spec.kind {
        case .white: NoiseGenerator.white(count: count, seed: seed)
        case .pink: NoiseGenerator.pink(count: count, seed: seed)
        case .brown: NoiseGenerator.brown(count: count, seed: seed)
        case .hum: NoiseGenerator.hum(count: count, sampleRate: sampleRate, fundamentalHz: spec.humHz, harmonics: spec.harmonics, seed: seed)
        case .babble: NoiseGenerator.babble(talkers: talkers, count: count, seed: seed)
        }
    }

    /// `noise` scaled so the scene's SNR is exactly `snrDB` by construction
    /// (`SpeechLevel`); nil when the noise or the speech is silent.
    public static func scaled(_ noise: [Float], speechPower: Double, snrDB: Double) -> [Float]? {
        guard let gain = SNRScaling.gain(speechPower: speechPower, noise: noise, snrDB: snrDB) else { return nil }
        let g = Float(gain)
        return noise.map { $0 * g }
    }
}
