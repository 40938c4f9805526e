import FileFormats
import Foundation

/// The fixture folders of a fixtures directory.
public enum FixtureFolders {
    /// Ids of the fixture folders under `directory` (those holding a
    /// `fixture.json`), sorted; other folders and files are not fixtures.
    public static func ids(in directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputFileError(path: directory, reason: "no such fixtures folder")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw InputFileError(path: directory, reason: "cannot list: \(error.localizedDescription)")
        }
        return names
            .filter { !$0.hasPrefix(".") }
            .filter { FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("\($0)/fixture.json")) }
            .sorted(by: codePointOrder)
    }
}
