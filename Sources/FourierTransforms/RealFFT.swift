import CFFTW
import Foundation
import Synchronization

/// A forward real-to-complex FFT of one size, on FFTW.
///
/// FFTW's planner is not thread-safe, so plans are made once per size under
/// a process-wide lock and shared. Execution uses the new-array API
/// (`fftwf_execute_dft_r2c`), which is thread-safe, so any number of
/// threads can transform with the same plan as long as each brings its own
/// `fftwf_malloc`-aligned buffers (`FFTBuffers`).
///
/// Plans are not measured at run time (`FFTW_MEASURE` may pick a different
/// algorithm on each run, and the last bits of a spectrum — and so a golden
/// metric — would then depend on the machine's load), but they are not
/// FFTW's guesses either: `FFTWPlans` loads wisdom measured once
/// (`Scripts/fftw-wisdom`) for the sizes the analysis uses, about 1.5×
/// faster than `FFTW_ESTIMATE`'s plans here, and the same on every run.
///
/// `@unchecked Sendable`: its only state is the plan, set once in `init`
/// and never changed; executing a plan with the new-array API is
/// thread-safe (FFTW's documentation), and every caller brings its own
/// buffers.
public final class RealFFT: @unchecked Sendable {
    /// Transform length in real samples.
    public let size: Int
    /// Complex bins produced: `size / 2 + 1`.
    public var binCount: Int { size / 2 + 1 }
    private let plan: fftwf_plan

    private static let plans = FFTWPlans<RealFFT>()

    /// The smallest power of two at least `n`: the transform length for
    /// an `n`-sample frame, zero-padded.
    public static func size(atLeast n: Int) -> Int {
        var p = 1
        while p < n { p <<= 1 }
        return p
    }

    /// The shared transform of length `size` (even, ≥ 2).
    public static func shared(size: Int) -> RealFFT {
        plans.shared(size, make: RealFFT.init)
    }

    /// Called by `FFTWPlans.shared`, under the planner's lock.
    private init(size: Int) {
        self.size = size
        plan = Self.makePlan(size) { fftwf_plan_dft_r2c_1d(Int32(size), $0, $1, UInt32(FFTW_ESTIMATE)) }
    }

    /// A plan `make` makes on scratch arrays of `size` reals and
    /// `size / 2 + 1` bins, freed after: FFTW runs it on any aligned arrays.
    static func makePlan(_ size: Int, _ make: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<fftwf_complex>) -> fftwf_plan?) -> fftwf_plan {
        let real = fftwf_alloc_real(size)!, bins = fftwf_alloc_complex(size / 2 + 1)!
        defer { fftwf_free(real); fftwf_free(bins) }
        return make(real, bins)!
    }

    /// Transforms `buffers.input` into `buffers.spectrum`.
    public func forward(_ buffers: FFTBuffers) {
        precondition(buffers.size == size, "buffers made for another FFT size")
        fftwf_execute_dft_r2c(plan, buffers.input, buffers.spectrum)
    }

    /// Transforms `buffers.input` into `output`, which must be SIMD-aligned
    /// as `fftwf_malloc` aligns (FFTW runs the plan's SIMD code on it).
    public func forward(_ buffers: FFTBuffers, into output: UnsafeMutablePointer<fftwf_complex>) {
        precondition(buffers.size == size, "buffers made for another FFT size")
        precondition(fftwf_alignment_of(UnsafeMutableRawPointer(output).assumingMemoryBound(to: Float.self))
                     == fftwf_alignment_of(UnsafeMutableRawPointer(buffers.spectrum).assumingMemoryBound(to: Float.self)),
                     "FFT output must be aligned as fftwf_malloc aligns")
        fftwf_execute_dft_r2c(plan, buffers.input, output)
    }
}

/// SIMD-aligned input and output arrays for one `RealFFT`, owned by one
/// thread at a time. Allocated once and reused for every frame.
public final class FFTBuffers {
    public let size: Int
    /// `size` real samples.
    public let input: UnsafeMutablePointer<Float>
    /// `size / 2 + 1` complex bins, `(re, im)`.
    public let spectrum: UnsafeMutablePointer<fftwf_complex>

    public init(size: Int) {
        self.size = size
        input = fftwf_alloc_real(size)!
        input.initialize(repeating: 0, count: size)
        spectrum = fftwf_alloc_complex(size / 2 + 1)!
        spectrum.initialize(repeating: (0, 0), count: size / 2 + 1)
    }

    deinit {
        fftwf_free(input)
        fftwf_free(spectrum)
    }

    /// The bins as a buffer of `(re, im)` pairs.
    public var bins: UnsafeBufferPointer<(Float, Float)> {
        UnsafeBufferPointer(start: spectrum, count: size / 2 + 1)
    }
}

/// An inverse complex-to-real FFT of one size, on FFTW: the way back from a
/// cross-spectrum to a cross-correlation (GCC-PHAT).
///
/// Shares the planning discipline of `RealFFT`: one plan per size, made
/// under a lock, executed with the thread-safe new-array API. Unnormalized,
/// as FFTW computes it: forward then inverse scales by `size`.
// `@unchecked Sendable` for the reason `RealFFT` gives: an immutable plan,
// executed with the thread-safe new-array API on the caller's buffers.
public final class RealInverseFFT: @unchecked Sendable {
    /// Transform length in real samples.
    public let size: Int
    private let plan: fftwf_plan

    private static let plans = FFTWPlans<RealInverseFFT>()

    /// The shared inverse transform of length `size` (even, ≥ 2).
    public static func shared(size: Int) -> RealInverseFFT {
        plans.shared(size, make: RealInverseFFT.init)
    }

    /// Called by `FFTWPlans.shared`, under the planner's lock.
    private init(size: Int) {
        self.size = size
        plan = RealFFT.makePlan(size) { fftwf_plan_dft_c2r_1d(Int32(size), $1, $0, UInt32(FFTW_ESTIMATE)) }
    }

    /// Transforms `buffers.spectrum` back into `buffers.input` (the spectrum
    /// is overwritten: FFTW's c2r destroys its input).
    public func inverse(_ buffers: FFTBuffers) {
        precondition(buffers.size == size, "buffers made for another FFT size")
        fftwf_execute_dft_c2r(plan, buffers.spectrum, buffers.input)
    }
}

/// One transform per size, planned once and shared. FFTW's planner is not
/// thread-safe: every plan of every kind is made under one lock, after the
/// shipped wisdom (`RealFFT.wisdom`) is loaded. A size without wisdom, or
/// a CPU the wisdom's codelets do not run on, gets `FFTW_ESTIMATE`'s plan
/// — still the same on every run.
final class FFTWPlans<Transform: Sendable>: Sendable {
    private let bySize = Mutex<[Int: Transform]>([:])

    /// The transform of length `size` (even, ≥ 2), planned by `make` the
    /// first time.
    func shared(_ size: Int, make: (Int) -> Transform) -> Transform {
        precondition(size >= 2 && size % 2 == 0, "FFT size must be even and ≥ 2")
        return FFTWPlanner.planning {
            bySize.withLock { plans in
                if let transform = plans[size] { return transform }
                let transform = make(size)
                plans[size] = transform
                return transform
            }
        }
    }
}

/// The planner's process-wide lock, and whether the wisdom was loaded
/// under it.
private enum FFTWPlanner {
    private static let wisdomLoaded = Mutex(false)

    /// Runs `body` holding the planner's lock, the wisdom loaded.
    static func planning<T>(_ body: () -> T) -> T {
        wisdomLoaded.withLock { loaded in
            if !loaded {
                loaded = true
                _ = fftwf_import_wisdom_from_string(RealFFT.wisdom)
            }
            return body()
        }
    }
}

/// The analysis window.
public enum AnalysisWindow {
    /// Periodic Hann: `0.5 − 0.5·cos(2πk/N)`, the window whose 50 %-overlap
    /// copies sum to a constant.
    public static func hann(_ n: Int) -> [Float] {
        (0..<n).map { k in Float(0.5 - 0.5 * cos(2 * Double.pi * Double(k) / Double(n))) }
    }
}
