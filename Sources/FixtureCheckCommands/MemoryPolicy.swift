#if canImport(Glibc)
import CMalloc
#endif

/// How the process keeps freed memory. Each fixture allocates a few MB of
/// block and frame buffers and frees them at its end; with glibc's
/// defaults buffers over 128 KB are mapped and unmapped, or the heap top is
/// trimmed, each time, and every fixture faults its pages in again — a
/// third of the CPU of a 1,000-fixture check (sys 1.5 s of 6 s). Serving
/// them from the heap and keeping it costs a few MB of resident memory.
enum MemoryPolicy {
    static func keepFreedMemory() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
        #endif
    }
}
