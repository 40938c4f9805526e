import Foundation

/// The per-frame arithmetic every track's analysis repeats 100 times a
/// second — windowed energy, windowing, power spectrum — in 8-lane SIMD.
///
/// The sums run in eight (or sixteen) lanes and are added up at the end:
/// a different order from a scalar loop, so the last bits differ from
/// one, but every caller uses these kernels and so every track and pass
/// agrees on each frame's level to the bit.
enum FrameKernels {
    typealias Lanes = SIMD8<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }

    /// `Σ (w[k]·x[k])²` over `count` samples.
    static func windowedEnergy(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, count: Int) -> Double {
        var a = Lanes(), b = Lanes()
        var k = 0
        while k + 16 <= count {
            let u = load(x + k) * load(w + k), v = load(x + k + 8) * load(w + k + 8)
            a += u * u
            b += v * v
            k += 16
        }
        var total = Double((a + b).sum())
        while k < count {
            let v = x[k] * w[k]
            total += Double(v * v)
            k += 1
        }
        return total
    }

    /// Writes `w·x` into `out[0..<count]` and zeros into `out[count..<size]`;
    /// returns `Σ (w·x)²` exactly as `windowedEnergy` computes it.
    static func window(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, count: Int,
                       into out: UnsafeMutablePointer<Float>, size: Int) -> Double {
        var a = Lanes(), b = Lanes()
        var k = 0
        while k + 16 <= count {
            let u = load(x + k) * load(w + k), v = load(x + k + 8) * load(w + k + 8)
            store(u, out + k)
            store(v, out + k + 8)
            a += u * u
            b += v * v
            k += 16
        }
        var total = Double((a + b).sum())
        while k < count {
            let v = x[k] * w[k]
            out[k] = v
            total += Double(v * v)
            k += 1
        }
        (out + count).update(repeating: 0, count: size - count)
        return total
    }

    /// `|X[k]|²` of `count` interleaved `(re, im)` bins into `out`.
    static func power(_ bins: UnsafePointer<(Float, Float)>, count: Int, into out: UnsafeMutablePointer<Float>) {
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

    /// Copies `x` into `out` with NaN and infinite samples read as 0;
    /// returns how many there were and how many finite ones reach ±0.999
    /// of full scale (clipped).
    static func sanitized(_ x: UnsafeBufferPointer<Float>, into out: UnsafeMutablePointer<Float>) -> (nonFinite: Int, clipped: Int) {
        guard let base = x.baseAddress else { return (0, 0) }
        var nonFinite = SIMD8<Int32>(), clipped = SIMD8<Int32>()
        let zero = Lanes(), full = Lanes(repeating: 0.999), none = SIMD8<Int32>(), one = SIMD8<Int32>(repeating: 1)
        var k = 0
        while k + 8 <= x.count {
            var v = load(base + k)
            // x − x is 0 for every finite x, NaN for NaN and ±infinity.
            let bad = (v - v) .!= zero
            let loud = (v .>= full) .| (v .<= -full)
            nonFinite &+= none.replacing(with: one, where: bad)
            clipped &+= none.replacing(with: one, where: loud .& .!bad)
            v.replace(with: 0, where: bad)
            store(v, out + k)
            k += 8
        }
        var counts = (nonFinite: Int(nonFinite.wrappedSum()), clipped: Int(clipped.wrappedSum()))
        while k < x.count {
            let v = x[k]
            out[k] = v.isFinite ? v : 0
            if !v.isFinite { counts.nonFinite += 1 } else if abs(v) >= 0.999 { counts.clipped += 1 }
            k += 1
        }
        return counts
    }

    /// `Σ x²` of `count` samples, in double lanes.
    static func energy(_ x: UnsafePointer<Float>, count: Int) -> Double {
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
}
