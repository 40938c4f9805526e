import Foundation

/// The per-frame arithmetic every track's analysis repeats 100 times a
/// second — windowed energy, windowing, power spectrum — in 8-lane SIMD,
/// `@inlinable` so that the analysis's own loops inline them as before.
///
/// The sums run in eight (or sixteen) lanes and are added up at the end:
/// a different order from a scalar loop, so the last bits differ from
/// one, but every caller uses these kernels and so every track and pass
/// agrees on each frame's level to the bit.
public enum FrameKernels {
    public typealias Lanes = SIMD8<Float>

    @inline(__always)
    @inlinable public static func load(_ p: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    @inlinable public static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }

    /// `Σ (w[k]·x[k])²` over `count` samples; with `out`, `w·x` is also
    /// written there. One loop for both, so a frame's level is the same
    /// to the bit whether or not it is transformed.
    @inline(__always)
    @inlinable public static func windowedEnergy(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, count: Int,
                                                 storingInto out: UnsafeMutablePointer<Float>? = nil) -> Double {
        var a = Lanes(), b = Lanes()
        var k = 0
        while k + 16 <= count {
            let u = load(x + k) * load(w + k), v = load(x + k + 8) * load(w + k + 8)
            if let out {
                store(u, out + k)
                store(v, out + k + 8)
            }
            a += u * u
            b += v * v
            k += 16
        }
        var total = Double((a + b).sum())
        while k < count {
            let v = x[k] * w[k]
            out?[k] = v
            total += Double(v * v)
            k += 1
        }
        return total
    }

    /// Writes `w·x` into `out[0..<count]` and zeros into `out[count..<size]`;
    /// returns `Σ (w·x)²`.
    @inlinable public static func window(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, count: Int,
                                         into out: UnsafeMutablePointer<Float>, size: Int) -> Double {
        let energy = windowedEnergy(x, w, count: count, storingInto: out)
        (out + count).update(repeating: 0, count: size - count)
        return energy
    }

    /// `|X[k]|²` of `count` interleaved `(re, im)` bins into `out`.
    @inlinable public static func power(_ bins: UnsafePointer<(Float, Float)>, count: Int, into out: UnsafeMutablePointer<Float>) {
        let raw = UnsafeRawPointer(bins).assumingMemoryBound(to: Float.self)
        var k = 0
        while k + 8 <= count {
            // Bins k…k+7 are 16 floats: re, im, re, im, …
            let lo = load(raw + 2 * k), hi = load(raw + 2 * k + 8)
            let re = Lanes(lowHalf: lo.evenHalf, highHalf: hi.evenHalf)
            let im = Lanes(lowHalf: lo.oddHalf, highHalf: hi.oddHalf)
            store(re * re + im * im, out + k)
            k += 8
        }
        while k < count {
            out[k] = bins[k].0 * bins[k].0 + bins[k].1 * bins[k].1
            k += 1
        }
    }

    /// NaN or infinite samples of `x`, and finite ones at or beyond ±0.999
    /// of full scale (clipped). Both are rare: 8 samples are checked at
    /// once and only a chunk holding one is looked at closely.
    @inlinable public static func census(_ x: UnsafeBufferPointer<Float>) -> (nonFinite: Int, clipped: Int) {
        guard let base = x.baseAddress else { return (0, 0) }
        var counts = (nonFinite: 0, clipped: 0)
        func check(_ range: Range<Int>) {
            for v in x[range] {
                if !v.isFinite { counts.nonFinite += 1 } else if abs(v) >= 0.999 { counts.clipped += 1 }
            }
        }
        let full = Lanes(repeating: 0.999)
        var k = 0
        while k + 8 <= x.count {
            // NaN fails both comparisons, so it is caught by `.!(… .< full)`.
            let v = load(base + k)
            if any(.!((v .< full) .& (v .> -full))) { check(k..<(k + 8)) }
            k += 8
        }
        check(k..<x.count)
        return counts
    }

    /// `Σ x²` of `count` samples, in double lanes.
    @inlinable public static func energy(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var a = SIMD8<Double>()
        var k = 0
        while k + 8 <= count {
            let v = SIMD8<Double>(load(x + k))
            a += v * v
            k += 8
        }
        var total = a.sum()
        while k < count {
            total += Double(x[k]) * Double(x[k])
            k += 1
        }
        return total
    }

    /// Natural log of 8 positive, finite, normal doubles at once: the
    /// exponent times ln 2 plus the log of the mantissa, scaled into
    /// [√½, √2), from the series 2·atanh(s), s = (m − 1)/(m + 1), to s¹³
    /// (|s| ≤ 0.172: error below 10⁻¹²).
    @inlinable public static func log(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
        var exponent = SIMD8<Double>(SIMD8<Int64>(truncatingIfNeeded: bits &>> 52) &- 1023)
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD8<Double>.self)
        let high = m .> 1.4142135623730951
        m.replace(with: m * 0.5, where: high)
        exponent.replace(with: exponent + 1, where: high)
        let s = (m - 1) / (m + 1), s2 = s * s
        var series = SIMD8<Double>(repeating: 2.0 / 13)
        for k in stride(from: 11.0, through: 1.0, by: -2.0) { series = series * s2 + 2 / k }
        return exponent * 0.6931471805599453 + s * series
    }
}
