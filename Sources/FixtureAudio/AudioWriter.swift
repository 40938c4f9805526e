import CSndFile
import Foundation

/// Writes audio through libsndfile, atomically: the file appears under its
/// final name only once it is complete.
public enum AudioWriter {
    /// Writes interleaved `samples` (`channels` per frame) to `path`.
    ///
    /// Samples are clipped to [-1, 1] by libsndfile's float→int conversion
    /// (SFC_SET_CLIPPING), so an over-range synthetic mix saturates instead
    /// of wrapping around.
    public static func write(
        path: String,
        samples: [Float],
        sampleRate: Int,
        channels: Int = 1,
        encoding: AudioEncoding = .wavPCM16
    ) throws {
        precondition(channels > 0 && samples.count % channels == 0, "samples must hold whole frames")
        let directory = (path as NSString).deletingLastPathComponent
        let temp = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        var sfInfo = SF_INFO()
        sfInfo.samplerate = Int32(sampleRate)
        sfInfo.channels = Int32(channels)
        sfInfo.format = encoding.sfFormat
        guard let handle = sf_open(temp, Int32(SFM_WRITE), &sfInfo) else {
            throw AudioError(path: path, kind: .writeFailed, reason: "cannot create: \(String(cString: sf_strerror(nil)))")
        }
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
        let frames = samples.count / channels
        let written = samples.withUnsafeBufferPointer { sf_writef_float(handle, $0.baseAddress, sf_count_t(frames)) }
        let reason = String(cString: sf_strerror(handle))
        let closed = sf_close(handle)
        guard written == frames, closed == 0 else {
            try? FileManager.default.removeItem(atPath: temp)
            throw AudioError(path: path, kind: .writeFailed, reason: "write failed: \(reason)")
        }
        guard rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temp)
            throw AudioError(path: path, kind: .writeFailed, reason: "rename failed: \(reason)")
        }
    }
}
