import FileFormats
import FixtureAudio
import Foundation
import SignalFeatures

/// Reads the mic, far-end and AEC output tracks in lock-step, block by
/// block, each mixed down to mono; a reference track that ends early reads
/// as silence, one that runs longer is cut at the mic's end.
///
/// The next blocks are decoded on another thread while the caller analyses
/// the current ones (two buffer sets, read one at a time): the analysis
/// keeps both cores busy, and decoding between blocks left them idle.
///
/// `@unchecked Sendable`, and why that is safe: only `forEachBlock` hands
/// `self` to another thread, and that thread touches the readers and buffer
/// set `next` alone while the caller reads set `current`; the caller does
/// not touch the readers until `group.wait()` returns, which orders every
/// hand-off. No memory is used by both threads at once.
final class LockStepTracks: @unchecked Sendable {
    let mic: AudioReader
    let far: AudioReader?
    let aec: AudioReader?
    /// About 8 s at 16 kHz: the unit pass 2 samples a long recording in
    /// (`FeatureAnalysis.noiseBlockStride`).
    static let sampledBlockFrames = 131_072
    /// About 2 s at 16 kHz, what every other pass reads, on one thread or
    /// two: a block's samples are still in the cache when the analysis
    /// reads them. The bench hour, interleaved runs on one thread: median
    /// CPU 0.60 s against 0.64 s with 131,072 (16,384 and 65,536 within
    /// 0.01 s of it); on two threads, 1.37–1.41 s against 1.41–1.45 s
    /// on a slower VM, and 2–6 % less wall time (docs/performance.md).
    static let cachedBlockFrames = 32_768
    private let blockFrames: Int
    /// Two sets of blocks: one analysed, one being read. Raw buffers, so
    /// that the two threads never touch one Swift array.
    private let micBlocks: [UnsafeMutableBufferPointer<Float>]
    private let farBlocks: [UnsafeMutableBufferPointer<Float>]
    private let aecBlocks: [UnsafeMutableBufferPointer<Float>]

    /// Whether the next blocks are decoded on another thread.
    private let readsAhead: Bool

    init(micPath: String, farEndPath: String?, aecOutPath: String?, readsAhead: Bool,
         blockFrames: Int) throws {
        self.readsAhead = readsAhead
        self.blockFrames = blockFrames
        let mic = try AudioReader(path: micPath)
        self.mic = mic
        far = try farEndPath.map { try LockStepTracks.open($0, matching: mic.info) }
        aec = try aecOutPath.map { try LockStepTracks.open($0, matching: mic.info) }
        // A fixture shorter than a block needs no more than itself.
        let capacity = Int(max(1, min(Int64(blockFrames), mic.info.frames)))
        func buffers() -> [UnsafeMutableBufferPointer<Float>] {
            (0..<2).map { _ in
                // Every block is written before it is read: no zeroing.
                UnsafeMutableBufferPointer<Float>.allocate(capacity: capacity)
            }
        }
        micBlocks = buffers()
        farBlocks = far == nil ? [] : buffers()
        aecBlocks = aec == nil ? [] : buffers()
    }

    deinit {
        for buffer in micBlocks + farBlocks + aecBlocks { buffer.deallocate() }
    }

    private static func open(_ path: String, matching info: AudioInfo) throws -> AudioReader {
        let reader = try AudioReader(path: path)
        guard reader.info.sampleRate == info.sampleRate else {
            throw InputFileError(path: path, reason: "sample rate \(reader.info.sampleRate) Hz differs from the mic's \(info.sampleRate) Hz; resample it to the mic's rate")
        }
        return reader
    }

    func close() {
        mic.close()
        far?.close()
        aec?.close()
    }

    /// One pass over the tracks (a reader only moves forward: open the
    /// tracks again for another pass): every block, or with `every: k` the
    /// first of each k, the others skipped undecoded.
    func forEachBlock(every stride: Int = 1,
                      _ body: (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>?, UnsafeBufferPointer<Float>?) throws -> Void) throws {
        let skipped = Int64(max(stride, 1) - 1) * Int64(blockFrames)
        var current = 0
        var got = try read(into: current, thenSkip: skipped)
        while got > 0 {
            let next = 1 - current
            // The next blocks, read beside `body` or after it.
            let ahead = ReadAhead()
            let group = DispatchGroup()
            let read: @Sendable () -> Void = { do { ahead.got = try self.read(into: next, thenSkip: skipped) } catch { ahead.error = error } }
            if readsAhead { DispatchQueue.global().async(group: group, execute: read) }
            defer { group.wait() }
            try body(UnsafeBufferPointer(rebasing: micBlocks[current][0..<got]),
                     far == nil ? nil : UnsafeBufferPointer(rebasing: farBlocks[current][0..<got]),
                     aec == nil ? nil : UnsafeBufferPointer(rebasing: aecBlocks[current][0..<got]))
            if !readsAhead { read() }
            group.wait()
            if let error = ahead.error { throw error }
            current = next
            got = ahead.got
        }
    }

    /// Reads the next blocks of every track into buffer set `set`, then
    /// skips `skipped` frames of each.
    private func read(into set: Int, thenSkip skipped: Int64) throws -> Int {
        let got = try mic.readMono(into: micBlocks[set])
        if got == 0 { return 0 }
        if let far { try fill(farBlocks[set], from: far, count: got) }
        if let aec { try fill(aecBlocks[set], from: aec, count: got) }
        for reader in [mic, far, aec].compactMap({ $0 }) { try reader.skip(frames: skipped) }
        return got
    }

    private func fill(_ buffer: UnsafeMutableBufferPointer<Float>, from reader: AudioReader, count: Int) throws {
        var filled = 0
        while filled < count {
            let got = try reader.readMono(into: UnsafeMutableBufferPointer(rebasing: buffer[filled..<count]))
            if got == 0 { break }
            filled += got
        }
        for k in filled..<count { buffer[k] = 0 }
    }
}

/// What the read-ahead thread hands back: samples read, or its error.
/// `@unchecked Sendable`: written only by the reading thread before it
/// leaves the dispatch group, read only after `group.wait()`, which
/// orders the two.
private final class ReadAhead: @unchecked Sendable {
    var got = 0
    var error: Error?
}
