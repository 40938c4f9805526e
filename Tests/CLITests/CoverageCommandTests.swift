import CLITestSupport
import Foundation
import XCTest
import FixtureAudio

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `fixture-check coverage` end to end: formats, `--fail-on-gaps`, and
/// exit 2 naming a bad input file.
final class CoverageCommandTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory()
        let fixtures: [(String, [String: String])] = [
            ("en-1", ["language": "en-US", "snr_bucket": "10-15"]),
            ("en-2", ["language": "en-US", "snr_bucket": "10-15"]),
            ("en-3", ["language": "en-US", "snr_bucket": "10-15"]),
            ("hi-1", ["language": "hi-IN", "snr_bucket": "10-15"]),
        ]
        for (id, slices) in fixtures {
            let folder = dir.path("Fixtures/\(id)")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let manifest: [String: Any] = ["schema": "fixture/v1", "id": id, "slices": slices, "audio": ["mic": "mic.wav"],
                                           "provenance": ["kind": "synthetic"]]
            try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: folder + "/fixture.json"))
            // Real audio: coverage measures the derived duration_bucket.
            try AudioWriter.write(path: folder + "/mic.wav", samples: (0..<8_000).map { Float(sin(Double($0) * 0.1)) * 0.3 }, sampleRate: 8_000)
        }
        try Data(#"{"dimensions": ["language", "snr_bucket"], "min_per_cell": 3}"#.utf8).write(to: dir.url.appendingPathComponent("require.json"))
        try Data(#"{"language": {"en-US": 0.62, "hi-IN": 0.30, "es-US": 0.08}}"#.utf8).write(to: dir.url.appendingPathComponent("traffic.json"))
    }

    override func tearDown() { dir = nil }

    func run(_ extra: [String]) throws -> CLIResult {
        try CLI.run(["coverage", "--fixtures", dir.path("Fixtures"), "--require", dir.path("require.json")] + extra)
    }

    func testJSONReport() throws {
        let result = try run(["--traffic", dir.path("traffic.json")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let gaps = try XCTUnwrap(json["gaps"] as? [[String: Any]])
        // Cells: en-US/10-15 has 3; es-US/10-15 has 0; hi-IN/10-15 has 1.
        XCTAssertEqual(gaps.map { $0["cell"] as? [String: String] ?? [:] },
                       [["language": "es-US", "snr_bucket": "10-15"], ["language": "hi-IN", "snr_bucket": "10-15"]])
        XCTAssertEqual(gaps.map { $0["have"] as? Int }, [0, 1])
        let drift = try XCTUnwrap(json["drift"] as? [[String: Any]])
        XCTAssertEqual(drift.map { $0["value"] as? String }, ["en-US", "es-US", "hi-IN"])
        XCTAssertEqual(drift.map { $0["fixture_share"] as? Double }, [0.75, 0, 0.25])
        // es-US: 8 % of traffic, none in fixtures → alert; hi-IN: 25 % ≥ 15 % → none.
        XCTAssertEqual(drift.map { $0["alert"] as? Bool }, [false, true, false])
        // SciPy: jensenshannon([.62,.08,.30], [.75,0,.25], base=2)**2 = 0.0460976
        let js = try XCTUnwrap((json["js_divergence"] as? [String: Double])?["language"])
        XCTAssertEqual(js, 0.046098, accuracy: 1e-6)
    }

    func testFailOnGapsExitsOneOnlyWhenSomethingIsShort() throws {
        XCTAssertEqual(try run(["--traffic", dir.path("traffic.json"), "--fail-on-gaps"]).status, 1)
        try Data(#"{"dimensions": ["language"], "min_per_cell": 1}"#.utf8).write(to: dir.url.appendingPathComponent("require.json"))
        try Data(#"{"language": {"en-US": 0.75, "hi-IN": 0.25}}"#.utf8).write(to: dir.url.appendingPathComponent("traffic.json"))
        let clean = try run(["--traffic", dir.path("traffic.json"), "--fail-on-gaps"])
        XCTAssertEqual(clean.status, 0, clean.stderr)
    }

    func testMarkdownAndHTML() throws {
        let markdown = try run(["--traffic", dir.path("traffic.json"), "--format", "markdown"])
        XCTAssertEqual(markdown.status, 0)
        XCTAssertTrue(markdown.stdout.contains("| language | es-US | 8.0 % | 0.0 % |"), markdown.stdout)

        let page = dir.path("coverage.html")
        let html = try run(["--traffic", dir.path("traffic.json"), "--format", "html", "--output", page])
        XCTAssertEqual(html.status, 0, html.stderr)
        XCTAssertEqual(html.stdout, "")
        let parser = try XCTUnwrap(XMLParser(contentsOf: URL(fileURLWithPath: page)))
        XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError))")
    }

    func testBadInputIsExit2NamingTheFile() throws {
        try Data("{\"dimensions\": [\"language\"".utf8).write(to: dir.url.appendingPathComponent("broken.json"))
        let broken = try CLI.run(["coverage", "--fixtures", dir.path("Fixtures"), "--require", dir.path("broken.json")])
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.stderr.contains(dir.path("broken.json")), broken.stderr)

        let missing = try run(["--traffic", dir.path("nope.json")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains(dir.path("nope.json")), missing.stderr)

        try Data("{\"slices\": [1]}".utf8).write(to: URL(fileURLWithPath: dir.path("Fixtures/en-1/fixture.json")))
        let manifest = try run([])
        XCTAssertEqual(manifest.status, 2)
        XCTAssertTrue(manifest.stderr.contains(dir.path("Fixtures/en-1/fixture.json")), manifest.stderr)
    }

    func testUsageErrors() throws {
        XCTAssertEqual(try CLI.run(["coverage", "--fixtures", dir.path("Fixtures")]).status, 64, "--require is required")
        XCTAssertEqual(try run(["--format", "junit"]).status, 64)
    }
}
