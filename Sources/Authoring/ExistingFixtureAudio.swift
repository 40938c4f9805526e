import FileFormats
import Foundation
import Traces

/// The audio tracks already in a fixtures folder, for the duplicate check.
///
/// One small reader of `fixture.json`'s `audio` map, kept here so the lead
/// can switch it to the shared manifest decoder. A folder without a
/// readable manifest still has its files checked (every file that is not
/// JSON), each treated as a mic: refusing a duplicate of a half-made
/// fixture is safer than letting it through.
public enum ExistingFixtureAudio {
    /// One audio file of an existing fixture.
    public struct Track: Equatable, Sendable {
        /// The folder name of the fixture holding it.
        public var fixture: String
        /// Its path on disk.
        public var path: String
        /// Its manifest role (`mic`, `far_end`, …); nil when unknown.
        public var role: String?
    }

    /// Every track under `fixturesDirectory`, in fixture then file order.
    /// Hidden folders (an `add` in progress) are not fixtures.
    public static func tracks(fixturesDirectory: String) -> [Track] {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: fixturesDirectory) else { return [] }
        var tracks: [Track] = []
        for fixture in entries.sorted() where !fixture.hasPrefix(".") {
            let folder = (fixturesDirectory as NSString).appendingPathComponent(fixture)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            if let roles = manifestAudio(folder: folder) {
                for (role, file) in roles.sorted(by: { $0.key < $1.key }) {
                    tracks.append(Track(fixture: fixture, path: (folder as NSString).appendingPathComponent(file), role: role))
                }
            } else {
                let files = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
                for file in files.sorted() where !file.hasPrefix(".") && !file.hasSuffix(".json") && !file.hasSuffix(".jsonl") {
                    tracks.append(Track(fixture: fixture, path: (folder as NSString).appendingPathComponent(file), role: nil))
                }
            }
        }
        return tracks
    }

    /// The manifest's `audio` map with paths that stay inside the folder;
    /// nil when there is no readable manifest.
    private static func manifestAudio(folder: String) -> [String: String]? {
        let path = (folder as NSString).appendingPathComponent("fixture.json")
        guard let data = FileManager.default.contents(atPath: path),
              let manifest = try? JSONValue.parse(data: data),
              let audio = manifest["audio"]?.objectValue else { return nil }
        var roles: [String: String] = [:]
        for (role, value) in audio {
            guard let file = value.stringValue, !file.hasPrefix("/"),
                  !file.split(separator: "/").contains("..") else { continue }
            roles[role] = file
        }
        return roles
    }
}
