import CSndFile
import Foundation

/// Streams samples out of any file libsndfile can decode.
///
/// The reader never holds the whole recording: callers pull fixed-size
/// blocks (`readMono`, `readInterleaved`) or walk them with
/// `forEachMonoBlock`. Samples are `Float` in [-1, 1] as libsndfile scales
/// them, whatever the stored encoding.
public final class AudioReader {
    /// Channel counts and rates outside these bounds are treated as a corrupt
    /// header rather than trusted (libsndfile has returned absurd values for
    /// malformed files, e.g. its issue #1118).
    public static let channelLimit = 1...256
    public static let sampleRateLimit = 1_000...1_536_000

    public let path: String
    public let info: AudioInfo
    private var handle: OpaquePointer?
    private var interleaved: [Float] = []
    /// 16-bit samples as read, before scaling to floats.
    private var shorts: [Int16] = []
    /// Frames returned so far, to name the frame of a bad sample.
    private var framesRead: Int64 = 0
    /// Whether samples are stored as floats, which can be NaN or infinite;
    /// integer PCM, A-law and µ-law decode to finite values only.
    private var storesFloats: Bool {
        !(info.subtype.hasPrefix("PCM_") || info.subtype == "ULAW" || info.subtype == "ALAW")
    }

    /// Opens `path` for reading and validates what libsndfile reports.
    public init(path: String) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AudioError(path: path, kind: .missing, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw AudioError(path: path, kind: .notAFile, reason: "is a directory, not an audio file")
        }
        // Only regular files: opening a FIFO blocks until a writer appears
        // (a named pipe called mic.wav hung the harness), and a device has
        // no end.
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw AudioError(path: path, kind: .notAFile, reason: "is not a regular file (a pipe, socket or device)")
        }
        var sfInfo = SF_INFO()
        guard let opened = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            let reason = String(cString: sf_strerror(nil))
            throw AudioError(path: path, kind: .unreadable, reason: "cannot decode audio: \(reason)")
        }
        do {
            self.info = try Self.validate(sfInfo, path: path)
        } catch {
            sf_close(opened)
            throw error
        }
        self.handle = opened
    }

    deinit { close() }

    /// Releases the libsndfile handle; further reads return 0 frames.
    public func close() {
        if let handle { sf_close(handle) }
        handle = nil
    }

    /// Moves `frames` frames ahead without decoding them, no further than
    /// the end of the file.
    public func skip(frames: Int64) throws {
        guard let handle, frames > 0 else { return }
        let target = min(framesRead + frames, info.frames)
        guard sf_seek(handle, sf_count_t(target), SEEK_SET) == target else {
            throw AudioError(path: path, kind: .readFailed, reason: "seek to frame \(target) failed: \(String(cString: sf_strerror(handle)))")
        }
        framesRead = target
    }

    /// Reads up to `buffer.count / channels` frames, interleaved. Returns
    /// frames read; 0 at end of file.
    public func readInterleaved(into buffer: UnsafeMutableBufferPointer<Float>) throws -> Int {
        guard let handle, let base = buffer.baseAddress else { return 0 }
        let want = buffer.count / info.channels
        guard want > 0 else { return 0 }
        let got = info.subtype == "PCM_16" ? readPCM16(handle, into: base, frames: want) : sf_readf_float(handle, base, sf_count_t(want))
        if got < 0 || (got == 0 && sf_error(handle) != 0) {
            let reason = String(cString: sf_strerror(handle))
            throw AudioError(path: path, kind: .readFailed, reason: "read failed: \(reason)")
        }
        // A float file can store NaN or infinity; no recording holds one, and
        // one would poison every power sum downstream (SNR, echo) into NaN.
        let samples = Int(got) * info.channels
        if storesFloats, let i = Self.firstNonFinite(UnsafeBufferPointer(start: base, count: samples)) {
            let frame = framesRead + Int64(i / info.channels)
            throw AudioError(path: path, kind: .invalidFormat,
                             reason: "frame \(frame) holds a \(base[i].isNaN ? "NaN" : "infinite") sample; a recording cannot contain one")
        }
        framesRead += Int64(got)
        return Int(got)
    }

    /// 16-bit PCM as libsndfile's shorts, scaled here by 1/32768 — exactly
    /// what `sf_readf_float` computes (both steps are exact in `Float`), in
    /// SIMD instead of its scalar loop: decoding was a fifth of `features`.
    private func readPCM16(_ handle: OpaquePointer, into base: UnsafeMutablePointer<Float>, frames: Int) -> sf_count_t {
        let samples = frames * info.channels
        if shorts.count < samples { shorts = [Int16](repeating: 0, count: samples) }
        return shorts.withUnsafeMutableBufferPointer { raw in
            let got = sf_readf_short(handle, raw.baseAddress!, sf_count_t(frames))
            let n = max(0, Int(got)) * info.channels
            let scale = Float(1) / 32_768
            var k = 0
            while k + 8 <= n {
                let v = UnsafeRawPointer(raw.baseAddress! + k).loadUnaligned(as: SIMD8<Int16>.self)
                UnsafeMutableRawPointer(base + k).storeBytes(of: SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: v)) * scale,
                                                             as: SIMD8<Float>.self)
                k += 8
            }
            while k < n { base[k] = Float(raw[k]) * scale; k += 1 }
            return got
        }
    }

    /// Index of the first NaN or infinite sample, scanned 8 at a time
    /// (`x − x` is 0 for every finite `x`, NaN otherwise).
    static func firstNonFinite(_ x: UnsafeBufferPointer<Float>) -> Int? {
        guard let base = x.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var k = 0
        while k + 8 <= x.count {
            let v = raw.loadUnaligned(fromByteOffset: 4 * k, as: SIMD8<Float>.self)
            if any((v - v) .!= SIMD8<Float>()) { break }
            k += 8
        }
        return x[k...].firstIndex { !$0.isFinite }
    }

    /// Reads up to `buffer.count` frames mixed down to mono. Returns frames
    /// read; 0 at end of file.
    ///
    /// Mix-down is the arithmetic mean of the channels: it keeps the level of
    /// a signal present on every channel (a dual-mono file reads exactly like
    /// its mono source) and never clips.
    public func readMono(into buffer: UnsafeMutableBufferPointer<Float>) throws -> Int {
        let channels = info.channels
        if channels == 1 { return try readInterleaved(into: buffer) }
        let needed = buffer.count * channels
        if interleaved.count < needed { interleaved = [Float](repeating: 0, count: needed) }
        // Only `needed` samples: the buffer may be longer from a larger read.
        let got = try interleaved.withUnsafeMutableBufferPointer {
            try readInterleaved(into: UnsafeMutableBufferPointer(rebasing: $0[0..<needed]))
        }
        let scale = 1 / Float(channels)
        interleaved.withUnsafeBufferPointer { src in
            for frame in 0..<got {
                var sum: Float = 0
                let row = frame * channels
                for channel in 0..<channels { sum += src[row + channel] }
                buffer[frame] = sum * scale
            }
        }
        return got
    }

    /// Calls `body` with consecutive mono blocks of at most `blockFrames`
    /// frames until the end of the file. The buffer is reused between calls.
    public func forEachMonoBlock(
        blockFrames: Int = 16_384,
        _ body: (UnsafeBufferPointer<Float>) throws -> Void
    ) throws {
        var block = [Float](repeating: 0, count: max(1, blockFrames))
        try block.withUnsafeMutableBufferPointer { buffer in
            while true {
                let got = try readMono(into: buffer)
                if got == 0 { break }
                try body(UnsafeBufferPointer(rebasing: buffer[0..<got]))
            }
        }
    }

    /// Reads the whole file as mono. For short fixtures and tests; long
    /// recordings should stream with `forEachMonoBlock`.
    public func readAllMono() throws -> [Float] {
        var samples: [Float] = []
        samples.reserveCapacity(Int(min(info.frames, 1 << 26)))
        try forEachMonoBlock { samples.append(contentsOf: $0) }
        return samples
    }

    private static func validate(_ sfInfo: SF_INFO, path: String) throws -> AudioInfo {
        let channels = Int(sfInfo.channels)
        let rate = Int(sfInfo.samplerate)
        guard channelLimit.contains(channels) else {
            throw AudioError(path: path, kind: .invalidFormat,
                             reason: "header claims \(channels) channels (accepted: \(channelLimit.lowerBound)–\(channelLimit.upperBound))")
        }
        guard sampleRateLimit.contains(rate) else {
            throw AudioError(path: path, kind: .invalidFormat,
                             reason: "header claims a sample rate of \(rate) Hz (accepted: \(sampleRateLimit.lowerBound)–\(sampleRateLimit.upperBound) Hz)")
        }
        // Int64.max is libsndfile's SF_COUNT_MAX: "length unknown".
        guard sfInfo.frames < Int64.max else {
            throw AudioError(path: path, kind: .invalidFormat, reason: "length unknown (unseekable stream)")
        }
        guard sfInfo.frames > 0 else {
            throw AudioError(path: path, kind: .empty, reason: "contains no audio frames")
        }
        return AudioInfo(
            sampleRate: rate,
            channels: channels,
            frames: sfInfo.frames,
            format: AudioEncoding.majorName(sfInfo.format),
            subtype: AudioEncoding.subtypeName(sfInfo.format)
        )
    }
}

/// Whole-file convenience used by tests and short fixtures.
public extension AudioReader {
    /// Decodes `path` to mono samples plus its info.
    static func readMono(path: String) throws -> (info: AudioInfo, samples: [Float]) {
        let reader = try AudioReader(path: path)
        defer { reader.close() }
        return (reader.info, try reader.readAllMono())
    }
}
