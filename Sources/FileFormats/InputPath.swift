import Foundation

/// Paths a user names on the command line, checked before anything runs:
/// a typo'd folder or file is an error naming it and the nearest existing
/// sibling, never a silent default or a folder created on the spot.
public enum InputPath {
    /// `path` when it is an existing folder.
    /// - Parameters:
    ///   - role: what the folder holds, for the message (`goldens`).
    ///   - creating: how to make a new one on purpose, appended to the message.
    public static func folder(_ path: String, role: String, creating: String? = nil) throws -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw InputFileError(path: path, reason: "is a file, not a \(role) folder") }
            return path
        }
        let advice = creating.map { "; \($0)" } ?? ""
        throw InputFileError(path: path, reason: "no such \(role) folder\(nearestSibling(of: path, folders: true))\(advice)")
    }

    /// `path` when it is an existing regular file (not a folder, pipe or device).
    public static func file(_ path: String, role: String) throws -> String {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        guard let type else {
            throw InputFileError(path: path, reason: "no such \(role) file\(nearestSibling(of: path, folders: false))")
        }
        guard type == .typeRegular else { throw InputFileError(path: path, reason: "not a regular file (a \(role) file is needed)") }
        return path
    }

    /// ` (did you mean "Goldens"?)` from the entries beside `path`.
    private static func nearestSibling(of path: String, folders: Bool) -> String {
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        let candidates = entries.filter { name in
            guard !name.hasPrefix(".") else { return false }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: parent.appendingPathComponent(name).path, isDirectory: &isDirectory) else {
                return false
            }
            return isDirectory.boolValue == folders
        }.sorted(by: codePointOrder)
        guard let nearest = NearestName.nearest(to: url.lastPathComponent, among: candidates) else { return "" }
        let suggestion = (path as NSString).deletingLastPathComponent.isEmpty
            ? nearest : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(nearest)
        return " (did you mean \"\(suggestion)\"?)"
    }
}
