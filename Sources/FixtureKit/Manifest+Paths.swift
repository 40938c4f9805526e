import Foundation

/// Resolves manifest paths so a fixture can only read its own files:
/// no absolute paths, no `..`, and no symlink whose target leaves the
/// fixture folder (real paths are compared, docs/formats.md).
struct FixturePaths {
    let manifestFile: String
    /// The fixture folder's real path.
    let root: String

    init(folder: String, manifestFile: String) throws {
        self.manifestFile = manifestFile
        guard let real = Self.realPath(folder) else {
            throw ManifestError(file: manifestFile, field: nil, reason: "fixture folder \(folder) does not exist")
        }
        root = real
    }

    /// The real path of `relative` (as written at `field`), refused unless
    /// it names an existing file inside the fixture folder.
    func resolve(_ relative: String, field: String) throws -> String {
        func refuse(_ reason: String) -> ManifestError { ManifestError(file: manifestFile, field: field, reason: reason) }
        guard !relative.isEmpty else { throw refuse("empty path") }
        guard !relative.hasPrefix("/") else { throw refuse("\(relative) is absolute; paths are relative to the fixture folder") }
        guard !relative.split(separator: "/").contains("..") else { throw refuse("\(relative) uses '..'; paths must stay inside the fixture folder") }
        let joined = root + "/" + relative
        guard let real = Self.realPath(joined) else { throw refuse("\(relative) does not exist in the fixture folder") }
        guard real.hasPrefix(root + "/") else { throw refuse("\(relative) resolves to \(real), outside the fixture folder") }
        // Regular files only: reading a named pipe blocks until a writer
        // appears, and a device never ends.
        var status = stat()
        guard stat(real, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw refuse("\(relative) is not a file: a regular file is needed, not a folder, pipe or device")
        }
        return real
    }

    /// `realpath(3)`: symlinks and `.` resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
