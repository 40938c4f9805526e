import Foundation

/// Why a file could not be written.
public struct FileWriteError: Error, CustomStringConvertible, Equatable, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot write: \(reason)" }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

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
            throw FileWriteError(path: path, reason: error.localizedDescription)
        }
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temp.path, contents: data) else {
            throw FileWriteError(path: path, reason: "cannot create \(temp.path)")
        }
        if rename(temp.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw FileWriteError(path: path, reason: reason)
        }
    }
}
