import FileFormats
import FixtureAudio
import Foundation

/// Seeded noise of a given colour: pure functions of (seed, length), so a
/// recipe re-run gives the same samples bit for bit. Levels are arbitrary;
/// `SNRScaling` sets the level in the mix.
public enum NoiseGenerator {
    /// Gaussian white noise of unit variance.
    public static func white(count: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom.stream(seed: seed, purpose: "white")
        return (0..<max(0, count)).map { _ in Float(random.gaussian()) }
    }

    /// Pink noise by the Voss–McCartney algorithm: `rows` white sources,
    /// row `r` redrawn every 2^r samples (the row of the counter's lowest
    /// set bit changes), summed with one source redrawn every sample. Each
    /// row contributes one octave of the 1/f slope; 16 rows reach below
    /// 1 Hz at 16 kHz.
    public static func pink(count: Int, seed: UInt64, rows: Int = 16) -> [Float] {
        var random = SeededRandom.stream(seed: seed, purpose: "pink")
        var values = (0..<rows).map { _ in random.gaussian() }
        var sum = values.reduce(0, +)
        var output = [Float](repeating: 0, count: max(0, count))
        for n in output.indices {
            let counter = UInt64(n + 1)
            let row = counter.trailingZeroBitCount
            if row < rows {
                let fresh = random.gaussian()
                sum += fresh - values[row]
                values[row] = fresh
            }
            output[n] = Float(sum + random.gaussian())
        }
        return output
    }

    /// Brown (red) noise: white noise through a leaky integrator
    /// `y[n] = p·y[n−1] + w[n]`. The leak keeps it bounded; its corner,
    /// `(1 − p)·rate/2π`, is about 5 Hz at `p` = 0.998 and 16 kHz, below
    /// anything a recognizer hears. The first sample is drawn from the
    /// stationary distribution, so there is no start-up transient.
    public static func brown(count: Int, seed: UInt64, pole: Double = 0.998) -> [Float] {
        var random = SeededRandom.stream(seed: seed, purpose: "brown")
        var y = random.gaussian() / (1 - pole * pole).squareRoot()
        var output = [Float](repeating: 0, count: max(0, count))
        for n in output.indices {
            y = pole * y + random.gaussian()
            output[n] = Float(y)
        }
        return output
    }

    /// Mains hum: the fundamental and `harmonics − 1` overtones, harmonic
    /// `k` at amplitude 1/k with a seeded phase (rectifier buzz is rich in
    /// overtones; the exact mix varies by device). Harmonics at or above
    /// the Nyquist frequency are left out.
    public static func hum(count: Int, sampleRate: Int, fundamentalHz: Double, harmonics: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom.stream(seed: seed, purpose: "hum")
        let partials: [(omega: Double, amplitude: Double, phase: Double)] = (1...max(1, harmonics)).compactMap { k in
            let phase = 2 * Double.pi * random.unit()
            let hz = fundamentalHz * Double(k)
            guard hz < Double(sampleRate) / 2 else { return nil }
            return (2 * Double.pi * hz / Double(sampleRate), 1 / Double(k), phase)
        }
        return (0..<max(0, count)).map { n in
            Float(partials.reduce(0) { $0 + $1.amplitude * sin($1.omega * Double(n) + $1.phase) })
        }
    }

    /// Babble: every talker's track looped to `count` samples from a seeded
    /// start point, each brought to unit power, then summed. Starting each
    /// loop at a different place keeps the talkers from speaking in step.
    public static func babble(talkers: [[Float]], count: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom.stream(seed: seed, purpose: "babble")
        var output = [Double](repeating: 0, count: max(0, count))
        for talker in talkers where !talker.isEmpty {
            let power = SpeechLevel.meanPower(talker)
            guard power > 0 else { continue }
            let gain = 1 / power.squareRoot()
            var index = Int(random.unit() * Double(talker.count))
            for n in output.indices {
                output[n] += Double(talker[index]) * gain
                index += 1
                if index == talker.count { index = 0 }
            }
        }
        return output.map { Float($0) }
    }
}
