/// The noise types a recipe can name.
public enum NoiseKind: String, CaseIterable, Sendable {
    /// Flat spectrum (equal power per Hz).
    case white
    /// −3 dB per octave (equal power per octave), like rain or fans.
    case pink
    /// −6 dB per octave, like traffic rumble or wind.
    case brown
    /// Mains hum: a 50 or 60 Hz fundamental and its harmonics.
    case hum
    /// Several talkers at once (a café, an open-plan office).
    case babble
}
