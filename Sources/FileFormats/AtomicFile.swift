import Foundation

/// Whole-file writes that either land completely or not at all.
public enum AtomicFile {
    /// Writes to a hidden temp file beside `path`, then renames it over
    /// `path` (same folder, so the rename is atomic on POSIX). The temp file
    /// is removed on any failure.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Problem(path: path, reason: error.localizedDescription, kind: .write)
        }
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temp.path, contents: data) else {
            throw Problem(path: path, reason: "cannot create \(temp.path)", kind: .write)
        }
        if rename(temp.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw Problem(path: path, reason: reason, kind: .write)
        }
    }
}
