import FixtureKit
import Foundation
import Gate
import StreamingMetrics
import XCTest

/// A scratch repository layout (Fixtures/, Goldens/) removed after the test,
/// and a runner that measures nothing: it returns the results the test gave.
final class GateScratch {
    let root: URL
    var fixtures: String { root.appendingPathComponent("Fixtures").path }
    var goldens: String { root.appendingPathComponent("Goldens").path }
    var artifacts: String { root.appendingPathComponent("artifacts").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: root.appendingPathComponent("Fixtures").path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Creates a fixture folder the gate will discover.
    func addFixture(_ id: String) throws {
        let folder = (fixtures as NSString).appendingPathComponent(id)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("{\"schema\": \"fixture/v1\", \"id\": \"\(id)\"}".utf8).write(to: URL(fileURLWithPath: folder + "/fixture.json"))
    }

    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    func options(record: RecordMode, tolerances: ToleranceTable = ToleranceTable(), jobs: Int = 2, shard: Shard? = nil, artifacts: Bool = false) -> GateOptions {
        GateOptions(fixturesDirectory: fixtures, goldens: GoldenStore(directory: goldens), tolerances: tolerances,
                    record: record, jobs: jobs, shard: shard, artifactsDirectory: artifacts ? self.artifacts : nil)
    }

    /// Runs the gate with results looked up by fixture folder name.
    func check(_ results: [String: FixtureResult], record: RecordMode, tolerances: ToleranceTable = ToleranceTable(),
               jobs: Int = 2, shard: Shard? = nil, artifacts: Bool = false) throws -> GateReport {
        try GateCheck.run(options: options(record: record, tolerances: tolerances, jobs: jobs, shard: shard, artifacts: artifacts),
                          runner: { folder in
                              FixtureRun(result: results[folder.lastPathComponent]
                                  ?? FixtureResult(id: folder.lastPathComponent, errors: ["no result"]))
                          })
    }
}
