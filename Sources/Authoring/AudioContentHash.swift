import FixtureAudio

/// The identity of a recording's sound, independent of its container.
///
/// SHA-256 over the decoded audio — sample rate, channel count and the
/// interleaved 32-bit float samples libsndfile yields — rather than over the
/// file's bytes: a renamed copy, a WAV whose metadata chunks differ, or the
/// same PCM re-encoded losslessly as FLAC is still the same recording, and
/// adding it twice would only double-count one incident.
public enum AudioContentHash {
    /// What must agree before two recordings can hash alike: read from the
    /// header alone, so most tracks are ruled out without decoding them.
    public struct Shape: Hashable, Sendable {
        public var sampleRate: Int
        public var channels: Int
        public var frames: Int64
    }

    /// The shape of `path` from its header.
    public static func shape(path: String) throws -> Shape {
        let reader = try AudioReader(path: path)
        defer { reader.close() }
        return Shape(sampleRate: reader.info.sampleRate, channels: reader.info.channels, frames: reader.info.frames)
    }

    /// Frames hashed by `prefix(path:)`: half a second at 16 kHz.
    public static let prefixFrames = 8_192

    /// The hash of the first `prefixFrames` frames only: recordings that
    /// differ there cannot be duplicates, so most candidates are ruled out
    /// without decoding them whole.
    public static func prefix(path: String) throws -> String {
        try of(path: path, maxFrames: prefixFrames)
    }

    /// Streams `path` through the decoder; memory does not grow with length.
    public static func of(path: String) throws -> String {
        try of(path: path, maxFrames: nil)
    }

    private static func of(path: String, maxFrames: Int?) throws -> String {
        let reader = try AudioReader(path: path)
        defer { reader.close() }
        var hasher = SHA256()
        hasher.update(Array("audio/v1 \(reader.info.sampleRate) \(reader.info.channels)\n".utf8))
        var block = [Float](repeating: 0, count: prefixFrames * reader.info.channels)
        var remaining = maxFrames ?? Int.max
        try block.withUnsafeMutableBufferPointer { whole in
            while remaining > 0 {
                let buffer = UnsafeMutableBufferPointer(rebasing: whole[0..<min(whole.count, remaining * reader.info.channels)])
                let frames = try reader.readInterleaved(into: buffer)
                if frames == 0 { break }
                remaining -= frames
                let samples = UnsafeBufferPointer(rebasing: buffer[0..<frames * reader.info.channels])
                #if _endian(big)
                hasher.update(Array(samples.map(\.bitPattern.littleEndian)).withUnsafeBytes { Array($0) })
                #else
                hasher.update(raw: UnsafeRawBufferPointer(samples))
                #endif
            }
        }
        return hasher.hexDigest()
    }
}
