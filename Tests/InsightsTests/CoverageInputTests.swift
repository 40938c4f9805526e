import Foundation
import Insights
import XCTest

/// Requirement, traffic and manifest inputs: normalization, and errors
/// that name the file.
final class CoverageInputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("coverage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func testTrafficNormalization() throws {
        let mix = try TrafficMix.load(path: try write("t.json", #"{"language": {"en-US": 62, "hi-IN": 30, "es-US": 8}, "device": {"a": 0.25, "b": 0.75}}"#))
        XCTAssertEqual(mix.shares["language"]!["en-US"]!, 0.62, accuracy: 1e-12)
        XCTAssertEqual(mix.shares["language"]!["es-US"]!, 0.08, accuracy: 1e-12)
        XCTAssertEqual(mix.shares["device"], ["a": 0.25, "b": 0.75], "already normalized shares are kept exactly")
    }

    func testBadInputsNameTheFile() throws {
        let cases: [(String, String, (String) throws -> Void)] = [
            ("r1.json", #"{"dimensions": [], "min_per_cell": 3}"#, { _ = try CoverageRequirement.load(path: $0) }),
            ("r2.json", #"{"dimensions": ["a", "a"]}"#, { _ = try CoverageRequirement.load(path: $0) }),
            ("r3.json", #"{"dimensions": ["a"], "min_per_cell": 0}"#, { _ = try CoverageRequirement.load(path: $0) }),
            ("r4.json", #"{"dimensions": ["a"], "min_per_cel": 3}"#, { _ = try CoverageRequirement.load(path: $0) }),
            ("r5.json", #"{"dimensions": ["a"],}"#, { _ = try CoverageRequirement.load(path: $0) }),
            ("t1.json", #"{"language": {"en-US": -0.1, "hi-IN": 1.1}}"#, { _ = try TrafficMix.load(path: $0) }),
            ("t2.json", #"{"language": {"en-US": 0}}"#, { _ = try TrafficMix.load(path: $0) }),
            ("t3.json", #"{"language": 0.5}"#, { _ = try TrafficMix.load(path: $0) }),
            ("t4.json", #"["language"]"#, { _ = try TrafficMix.load(path: $0) }),
        ]
        for (name, text, load) in cases {
            let path = try write(name, text)
            XCTAssertThrowsError(try load(path), name) { error in
                XCTAssertTrue("\(error)".hasPrefix(path + ":"), "\(error)")
            }
        }
        XCTAssertThrowsError(try TrafficMix.load(path: folder.appendingPathComponent("none.json").path)) { error in
            XCTAssertTrue("\(error)".contains("none.json"))
        }
    }

    func testRequirementDefaults() throws {
        let requirement = try CoverageRequirement.load(path: try write("r.json", #"{"dimensions": ["language", "snr_bucket"]}"#))
        XCTAssertEqual(requirement, CoverageRequirement(dimensions: ["language", "snr_bucket"], minPerCell: 1))
    }

    func manifest(_ id: String, slices: String) -> String {
        #"{"schema": "fixture/v1", "id": ""# + id + #"", "provenance": {"kind": "synthetic"}, "audio": {"mic": "mic.wav"}, "slices": "# + slices + "}"
    }

    func testFixtureSlicesSkipNonFixturesMeasureBucketsAndNameBadManifests() throws {
        _ = try write("Fixtures/b-fix/fixture.json", manifest("b-fix", slices: #"{"language": "en-US", "snr_bucket": "10-15", "duration_bucket": "<2s"}"#))
        _ = try write("Fixtures/b-fix/mic.wav", "RIFF")
        _ = try write("Fixtures/a-fix/fixture.json", manifest("a-fix", slices: "{}"))
        _ = try write("Fixtures/a-fix/mic.wav", "RIFF")
        _ = try write("Fixtures/samples/hello.wav", "RIFF")
        _ = try write("Fixtures/.add-x-123/fixture.json", "{")
        var measured: [String] = []
        let loaded = try FixtureSlices.load(fixturesDirectory: folder.appendingPathComponent("Fixtures").path) { audio in
            measured.append(audio.mic)
            return ["snr.bucket": .string("20-30"), "duration_bucket": .string("2-5s")]
        }
        XCTAssertEqual(loaded.map(\.id), ["a-fix", "b-fix"])
        // Derived slices are measured, as a run derives them, whatever a
        // manifest wrote.
        XCTAssertEqual(loaded.map(\.slices), [["snr_bucket": "20-30", "duration_bucket": "2-5s"],
                                              ["language": "en-US", "snr_bucket": "20-30", "duration_bucket": "2-5s"]])
        XCTAssertEqual(measured.count, 2)

        let bad = try write("Fixtures/c-fix/fixture.json", #"{"id": "c-fix", "slices": {"language": 3}}"#)
        XCTAssertThrowsError(try FixtureSlices.load(fixturesDirectory: folder.appendingPathComponent("Fixtures").path) { _ in [:] }) { error in
            XCTAssertTrue("\(error)".hasPrefix(bad + ":"), "\(error)")
        }
        XCTAssertThrowsError(try FixtureSlices.load(fixturesDirectory: folder.appendingPathComponent("Nope").path) { _ in [:] })
    }
}
