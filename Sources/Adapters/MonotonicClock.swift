#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanoseconds on the monotonic clock: immune to wall-clock steps (NTP,
/// daylight saving), so `--clock wall` and TTS stamps never go backwards.
public enum MonotonicClock {
    /// Now, in nanoseconds since an arbitrary fixed origin.
    public static func nowNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Milliseconds elapsed since `origin` (a `nowNanoseconds()` value).
    public static func millisecondsSince(_ origin: UInt64) -> Double {
        let now = nowNanoseconds()
        return now >= origin ? Double(now - origin) / 1e6 : 0
    }
}
