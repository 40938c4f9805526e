import FixtureAudio

/// The identity of a recording's sound, independent of its container.
///
/// SHA-256 over the decoded audio — sample rate, channel count and the
/// interleaved 32-bit float samples libsndfile yields — rather than over the
/// file's bytes: a renamed copy, a WAV whose metadata chunks differ, or the
/// same PCM re-encoded losslessly as FLAC is still the same recording, and
/// adding it twice would only double-count one incident.
public enum AudioContentHash {
    /// Streams `path` through the decoder; memory does not grow with length.
    public static func of(path: String) throws -> String {
        let reader = try AudioReader(path: path)
        defer { reader.close() }
        var hasher = SHA256()
        hasher.update(Array("audio/v1 \(reader.info.sampleRate) \(reader.info.channels)\n".utf8))
        var block = [Float](repeating: 0, count: 8_192 * reader.info.channels)
        try block.withUnsafeMutableBufferPointer { buffer in
            while true {
                let frames = try reader.readInterleaved(into: buffer)
                if frames == 0 { break }
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
