import Foundation

/// Streaming sample-rate conversion by windowed-sinc interpolation.
///
/// Output sample `n` sits at input position `n · inRate / outRate`, computed
/// in integers so the result is identical on every machine. The kernel is a
/// Blackman-windowed sinc with `zeroCrossings` lobes each side; when
/// downsampling its cutoff drops to 95 % of the output Nyquist frequency,
/// so speech energy above it is filtered out instead of aliasing into the
/// band the recognizer hears. Kernels are cached per phase (there are
/// `outRate / gcd(inRate, outRate)` phases: 1 for 48 k→16 k, 160 for
/// 44.1 k→16 k). Equal rates pass through untouched.
///
/// The converted stream has `ceil(inputFrames · outRate / inRate)` samples
/// and is aligned with the input: no group delay to compensate.
public final class SincResampler {
    public let inRate: Int
    public let outRate: Int
    private let cutoff: Double
    private let halfWidth: Int
    private let phaseCount: Int
    private var kernels: [Int: [Float]] = [:]
    private var history: [Float] = []
    private var historyStart = 0
    private var inputCount = 0
    private var nextOutput = 0

    public init(inRate: Int, outRate: Int, zeroCrossings: Int = 16) {
        precondition(inRate > 0 && outRate > 0, "sample rates must be positive")
        self.inRate = inRate
        self.outRate = outRate
        let ratio = Double(outRate) / Double(inRate)
        cutoff = ratio < 1 ? 0.95 * ratio : 1
        halfWidth = Int((Double(zeroCrossings) / cutoff).rounded(.up))
        phaseCount = outRate / Self.gcd(inRate, outRate)
    }

    /// Converts the next block of input; returns every output sample that
    /// no longer depends on input not yet seen.
    public func process(_ input: some Collection<Float>) -> [Float] {
        if inRate == outRate { inputCount += input.count; return Array(input) }
        history.append(contentsOf: input)
        inputCount += input.count
        return produce(final: false)
    }

    /// The remaining output, treating the input past its end as silence.
    public func flush() -> [Float] {
        if inRate == outRate { return [] }
        return produce(final: true)
    }

    /// Converts a whole signal at once.
    public static func convert(_ input: [Float], from inRate: Int, to outRate: Int) -> [Float] {
        let resampler = SincResampler(inRate: inRate, outRate: outRate)
        return resampler.process(input) + resampler.flush()
    }

    private func produce(final: Bool) -> [Float] {
        var out: [Float] = []
        while true {
            let n = nextOutput
            // Stop at the end of the converted stream: n · in < count · out.
            if n * inRate >= inputCount * outRate { break }
            let center = (n * inRate) / outRate
            if !final, center + halfWidth >= inputCount { break }
            let phase = (n * inRate) % outRate
            let kernel = kernel(phase: phase)
            var sum: Float = 0
            let first = center - halfWidth + 1
            for (tap, weight) in kernel.enumerated() {
                let index = first + tap
                guard index >= 0, index < inputCount else { continue }
                sum += weight * history[index - historyStart]
            }
            out.append(sum)
            nextOutput += 1
        }
        // Input before the next output's window is never needed again.
        let keepFrom = max(0, (nextOutput * inRate) / outRate - halfWidth)
        if keepFrom - historyStart > 65_536 {
            history.removeFirst(keepFrom - historyStart)
            historyStart = keepFrom
        }
        return out
    }

    /// Weights for taps `center − halfWidth + 1 … center + halfWidth` at
    /// fractional offset `phase / outRate`.
    private func kernel(phase: Int) -> [Float] {
        if let cached = kernels[phase] { return cached }
        let fraction = Double(phase) / Double(outRate)
        var weights = [Float](repeating: 0, count: 2 * halfWidth)
        var sum = 0.0
        var raw = [Double](repeating: 0, count: 2 * halfWidth)
        for tap in 0..<(2 * halfWidth) {
            // Distance from the output position to this input sample.
            let x = Double(halfWidth - 1 - tap) + fraction
            let window = Self.blackman(x / Double(halfWidth))
            raw[tap] = cutoff * Self.sinc(cutoff * x) * window
            sum += raw[tap]
        }
        // Unity gain at DC whatever the phase, so levels never wobble.
        for tap in raw.indices { weights[tap] = Float(raw[tap] / sum) }
        if phaseCount <= 4096 { kernels[phase] = weights }
        return weights
    }

    private static func sinc(_ x: Double) -> Double {
        x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
    }

    /// Blackman window on [-1, 1], zero outside.
    private static func blackman(_ u: Double) -> Double {
        guard abs(u) < 1 else { return 0 }
        let phase = Double.pi * (u + 1)
        return 0.42 - 0.5 * cos(phase) + 0.08 * cos(2 * phase)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
