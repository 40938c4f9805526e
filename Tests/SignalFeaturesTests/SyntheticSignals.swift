import FileFormats
import FixtureAudio
import Foundation
@testable import SignalFeatures

/// Signals with known powers for the estimator tests.
enum Synthetic {
    /// Gaussian white noise of mean square `power` (Box–Muller, seeded).
    static func whiteNoise(count: Int, power: Double, seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        let sigma = power.squareRoot()
        return (0..<count).map { _ in
            let u1 = max(rng.unit(), 1e-300), u2 = rng.unit()
            return Float(sigma * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
        }
    }

    /// White noise of mean square `power` that is 12 dB louder (16×) during
    /// `louder` (seconds).
    static func steppedNoise(count: Int, rate: Int, power: Double, louder: Range<Double>, seed: UInt64) -> [Float] {
        let loud = whiteNoise(count: count, power: 16 * power, seed: seed)
        let base = whiteNoise(count: count, power: power, seed: seed + 1)
        return (0..<count).map { n in louder.contains(Double(n) / Double(rate)) ? loud[n] : base[n] }
    }

    /// A speech stand-in: a sine of mean square `power` (amplitude
    /// √(2·power)) around `hz` whose pitch swings ±`swing` (15 %) four
    /// times a second, as a talker's does within words, on during each
    /// `[start, end)` second interval and silent elsewhere. A steady sine
    /// would be a sustained tone, which the segments leave out
    /// (`SustainedToneDetector`); `swing: 0` makes one.
    static func toneBursts(count: Int, rate: Int, hz: Double, power: Double, on: [(Double, Double)],
                           swing: Double = 0.15) -> [Float] {
        let amplitude = (2 * power).squareRoot()
        let swingRate = 4.0
        return (0..<count).map { n in
            let t = Double(n) / Double(rate)
            guard on.contains(where: { t >= $0.0 && t < $0.1 }) else { return 0 }
            // The phase of the frequency hz·(1 + swing·sin(2π·4·t)).
            let phase = 2 * Double.pi * hz * t - hz * swing / swingRate * cos(2 * Double.pi * swingRate * t)
            return Float(amplitude * sin(phase))
        }
    }

    /// Runs the analysis's passes over arrays, in awkward block sizes.
    static func analyze(mic: [Float], far: [Float]? = nil, aec: [Float]? = nil, rate: Int, parallel: Bool = true) -> AudioFeatures {
        FeatureAnalysis.analyze(sampleRate: rate, hasFarEnd: far != nil, hasAECOutput: aec != nil,
                                parallel: parallel) { analysis, pass in
            feed(analysis, pass, mic: mic, far: far, aec: aec)
        }
    }

    /// One run of the passes, without the second look `analyze` may take.
    static func analyzeOnce(mic: [Float], rate: Int) -> (analysis: FeatureAnalysis, features: AudioFeatures) {
        let analysis = FeatureAnalysis(sampleRate: rate, hasFarEnd: false, hasAECOutput: false)
        return (analysis, analysis.run { feed(analysis, $0, mic: mic) })
    }

    /// Pushes a pass's blocks of 3,001 samples.
    private static func feed(_ analysis: FeatureAnalysis, _ pass: FeatureAnalysis.Pass, mic: [Float],
                             far: [Float]? = nil, aec: [Float]? = nil) {
        let block = 3_001
        let references = pass.readsReferenceTracks
        var offset = 0
        while offset < mic.count {
            let end = min(offset + block, mic.count)
            mic[offset..<end].withUnsafeBufferPointer { m in
                let f = references ? far.map { Array($0[offset..<end]) } : nil
                let a = references ? aec.map { Array($0[offset..<end]) } : nil
                f.withOptionalBuffer { fb in a.withOptionalBuffer { ab in analysis.push(mic: m, far: fb, aec: ab) } }
            }
            offset = end
        }
    }

    static func db(_ power: Double) -> Double { 10 * log10(power) }

    /// Mean of x² over `samples` (a signal's power, as the truth takes it).
    static func meanPower(_ samples: some Collection<Float>) -> Double {
        samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)
    }

    /// P.56's active level of clean speech on its 10 ms frames, as
    /// docs/features.md states it (the evaluation's truth).
    static func activeLevel(of speech: [Float], rate: Int) -> Double? {
        let cell = rate / 100
        var level = ActiveSpeechLevel()
        for start in stride(from: 0, to: speech.count - cell + 1, by: cell) {
            level.add(power: meanPower(speech[start..<(start + cell)]))
        }
        return level.level(noisePower: 0)
    }
}

extension Optional where Wrapped == [Float] {
    func withOptionalBuffer<R>(_ body: (UnsafeBufferPointer<Float>?) -> R) -> R {
        switch self {
        case .none: return body(nil)
        case .some(let array): return array.withUnsafeBufferPointer { body($0) }
        }
    }
}

/// The sample-by-sample sum of equal-length tracks: sources meeting at the mic.
func mix(_ tracks: [Float]...) -> [Float] {
    precondition(Set(tracks.map(\.count)).count == 1, "tracks must be the same length")
    var out = tracks[0]
    for track in tracks.dropFirst() { for k in out.indices { out[k] += track[k] } }
    return out
}
