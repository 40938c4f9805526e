import ArgumentParser
@testable import FixtureCheckCommands
import Gate
import Traces
import XCTest

/// The commands' arguments, parsed in-process: typed values, defaults, and
/// usage errors that name the valid values.
final class CommandParsingTests: XCTestCase {
    func testCheckParsesTypedValuesAndDefaults() throws {
        let check = try Check.parse(["--record", "failed", "--format", "junit", "--shard", "2/4", "--jobs", "3"])
        XCTAssertEqual(check.record, .failed)
        XCTAssertEqual(check.format, .junit)
        XCTAssertEqual(check.shard, Shard(index: 2, count: 4))
        XCTAssertEqual(check.jobs, 3)
        let plain = try Check.parse([])
        XCTAssertNil(plain.record, "the record default depends on CI, decided at run time")
        XCTAssertEqual(plain.fixtures, "Fixtures")
        XCTAssertEqual(plain.goldens, "Goldens")
        XCTAssertEqual(plain.engines.clock, .audio)
    }

    func testBadValuesAreUsageErrorsNamingTheValidOnes() {
        XCTAssertThrowsError(try Check.parse(["--record", "sometimes"])) { error in
            XCTAssertTrue(Check.message(for: error).contains("'never', 'missing', 'failed' or 'all'"), Check.message(for: error))
        }
        XCTAssertThrowsError(try Check.parse(["--shard", "5/4"])) { error in
            XCTAssertTrue(Check.message(for: error).contains("--shard 5/4"), Check.message(for: error))
        }
        XCTAssertThrowsError(try Check.parse(["--format", "html"]))
        XCTAssertThrowsError(try Check.parse(["--jobs", "0"]))
        XCTAssertThrowsError(try Run.parse(["--clock", "monotonic"]))
        XCTAssertThrowsError(try Run.parse(["--asr-sample-rate", "100"]))
        XCTAssertThrowsError(try Run.parse(["--asr-timeout", "0"]))
        XCTAssertThrowsError(try Features.parse(["mic.wav", "--format", "junit"]))
    }

    func testEachCommandOffersOnlyItsFormats() {
        XCTAssertEqual(GateFormat.allCases.map(\.rawValue), ["text", "json", "junit", "github", "markdown"])
        XCTAssertEqual(MeasurementFormat.allCases.map(\.rawValue), ["text", "json"])
        XCTAssertEqual(DecisionFormat.allCases.map(\.rawValue), ["text", "json", "markdown"])
        XCTAssertEqual(PageFormat.allCases.map(\.rawValue), ["json", "markdown", "html"])
    }

    func testRunWalksTheFixturesFolderWhenNoFolderIsNamed() throws {
        let run = try Run.parse([])
        XCTAssertEqual(run.folders, [])
        XCTAssertEqual(run.fixtures, "Fixtures")
    }

    func testVersionNamesTheMetricDefinitions() {
        XCTAssertTrue(FixtureCheck.version.hasSuffix("(metrics_version 2)"), FixtureCheck.version)
    }
}
