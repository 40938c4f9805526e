import Foundation

/// Paths a document names relative to its folder (a manifest's audio and
/// traces, a recipe's recordings), held inside it: no absolute path, no
/// `..`, no symlink whose target leaves the folder (real paths compared),
/// and only regular files — reading a named pipe blocks until a writer
/// appears, and a device never ends. Errors name the document and field.
public struct FolderPaths: Sendable {
    /// The document whose fields name the paths.
    public let document: String
    /// The folder, as given.
    public let folder: String
    /// How messages name the folder: "the fixture folder".
    public let folderName: String

    public init(folder: String, document: String, folderName: String) {
        self.document = document
        self.folder = folder.isEmpty ? "." : folder
        self.folderName = folderName
    }

    /// The real path of `relative` (as written at `field`), refused unless
    /// it names an existing regular file inside the folder.
    public func resolve(_ relative: String, field: String) throws -> String {
        func refuse(_ reason: String) -> Problem { Problem(file: document, field: field, reason: reason) }
        guard !relative.isEmpty else { throw refuse("empty path") }
        guard !relative.hasPrefix("/") else { throw refuse("\(relative) is absolute; paths are relative to \(folderName)") }
        guard !relative.split(separator: "/").contains("..") else { throw refuse("\(relative) uses '..'; paths must stay inside \(folderName)") }
        guard let root = Self.realPath(folder) else { throw refuse("\(folderName) \(folder) does not exist") }
        guard let real = Self.realPath(root + "/" + relative) else { throw refuse("\(relative) does not exist in \(folderName)") }
        guard real.hasPrefix(root + "/") else { throw refuse("\(relative) resolves to \(real), outside \(folderName)") }
        var status = stat()
        guard stat(real, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw refuse("\(relative) is not a file: a regular file is needed, not a folder, pipe or device")
        }
        return real
    }

    /// `realpath(3)`: symlinks and `.` resolved; nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
