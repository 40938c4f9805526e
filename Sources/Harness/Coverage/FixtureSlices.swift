import Foundation
import Traces

/// Each fixture's slices as its manifest declares them (derived ones
/// included: `add` writes them into `slices`).
///
/// The one place coverage reads manifests, so the lead can switch it to the
/// shared `fixture/v1` decoder without touching the report.
public enum FixtureSlices {
    /// Fixtures under `fixturesDirectory` in id order. Folders without a
    /// `fixture.json` are not fixtures (sample audio, an `add` in progress)
    /// and are skipped; a manifest that is unreadable or whose `slices` is
    /// not a flat string map is an error naming it.
    public static func load(fixturesDirectory: String) throws -> [(id: String, slices: [String: String])] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: fixturesDirectory, isDirectory: &isDirectory), isDirectory.boolValue,
              let entries = try? fm.contentsOfDirectory(atPath: fixturesDirectory) else {
            throw InputFileError(path: fixturesDirectory, reason: "not a readable fixtures folder")
        }
        var fixtures: [(id: String, slices: [String: String])] = []
        for name in entries.sorted() where !name.hasPrefix(".") {
            let path = (fixturesDirectory as NSString).appendingPathComponent(name + "/fixture.json")
            guard fm.fileExists(atPath: path) else { continue }
            guard let data = fm.contents(atPath: path) else {
                throw InputFileError(path: path, reason: "cannot read")
            }
            let manifest: JSONValue
            do { manifest = try JSONValue.parse(data: data) } catch {
                throw InputFileError(path: path, reason: "\(error)")
            }
            guard manifest.objectValue != nil else {
                throw InputFileError(path: path, reason: "the manifest must be a JSON object")
            }
            var slices: [String: String] = [:]
            if let raw = manifest["slices"], !raw.isNull {
                guard let object = raw.objectValue else {
                    throw InputFileError(path: path, reason: "\"slices\" must be an object of strings")
                }
                for (key, value) in object {
                    guard let text = value.stringValue else {
                        throw InputFileError(path: path, reason: "slice \"\(key)\" must be a string")
                    }
                    slices[key] = text
                }
            }
            fixtures.append((manifest["id"]?.stringValue ?? name, slices))
        }
        return fixtures
    }
}
