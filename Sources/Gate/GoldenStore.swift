import FileFormats
import Foundation
import Traces

/// What the goldens folder holds for one fixture.
public enum GoldenLookup: Equatable, Sendable {
    case missing
    case found(Golden)
    /// Unreadable or invalid: an error for that fixture, never overwritten.
    case corrupt(reason: String)
}

/// The `Goldens/` folder: one canonical file per fixture id, written
/// atomically (a temp file in the same folder, then `rename`), so a reader
/// or a crash never sees half a golden.
public struct GoldenStore: Sendable {
    /// The folder, as the user named it (paths in reports keep that spelling).
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Name of the tolerance table inside the folder; never a golden.
    public static let tolerancesFile = "tolerances.json"

    public func path(for id: String) -> String {
        (directory as NSString).appendingPathComponent("\(id).json")
    }

    public var tolerancesPath: String {
        (directory as NSString).appendingPathComponent(GoldenStore.tolerancesFile)
    }

    public func lookup(_ id: String) -> GoldenLookup {
        let path = path(for: id)
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .corrupt(reason: "\(path): cannot read")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(data: data)
        } catch {
            return .corrupt(reason: "\(path): \(error)")
        }
        do {
            let golden = try Golden(json: json)
            guard golden.fixture == id else {
                return .corrupt(reason: "\(path): golden is for fixture \"\(golden.fixture)\", not \"\(id)\"")
            }
            return .found(golden)
        } catch let error as GoldenFormatError {
            return .corrupt(reason: "\(path): \(error.reason)")
        } catch {
            return .corrupt(reason: "\(path): \(error)")
        }
    }

    /// Ids of every golden in the folder (not `tolerances.json`), sorted.
    public func ids() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names
            .filter { $0.hasSuffix(".json") && $0 != GoldenStore.tolerancesFile && !$0.hasPrefix(".") }
            .map { String($0.dropLast(".json".count)) }
            .sorted(by: codePointOrder)
    }

    /// Writes `golden` unless the file already holds exactly these bytes.
    /// Returns whether the file changed.
    @discardableResult
    public func write(_ golden: Golden) throws -> Bool {
        let path = path(for: golden.fixture)
        let bytes = Data(golden.serialized.utf8)
        if FileManager.default.contents(atPath: path) == bytes { return false }
        try AtomicFile.write(bytes, to: path)
        return true
    }
}
