import FixtureKit
import Foundation
import XCTest

/// The deadline core behind `--fixture-timeout`, without processes.
final class FixtureDeadlineTests: XCTestCase {
    func testAFinishedMeasurementIsReturned() {
        XCTAssertEqual(FixtureDeadline.run(seconds: 30) { 6 * 7 }, 42)
    }

    func testAMeasurementThatNeverFinishesIsAbandoned() {
        let never = DispatchSemaphore(value: 0)
        let before = FixtureDeadline.abandoned
        let result: Int? = FixtureDeadline.run(seconds: 0.2) {
            never.wait()
            return 1
        }
        XCTAssertNil(result)
        XCTAssertEqual(FixtureDeadline.abandoned, before + 1)
        never.signal()
    }

    func testAGuardedRunnerNamesTheFixtureFolderAndTheLimit() {
        let never = DispatchSemaphore(value: 0)
        let runner = FixtureDeadline.guarded({ _ in
            never.wait()
            return FixtureRun(result: FixtureResult(id: "unreachable"))
        }, seconds: 0.25)
        let result = runner(URL(fileURLWithPath: "/tmp/Fixtures/stuck-fixture")).result
        never.signal()
        XCTAssertEqual(result.id, "stuck-fixture")
        XCTAssertEqual(result.errors, [
            "fixture stuck-fixture: no result within 0.25 s (--fixture-timeout 0.25); abandoned, the other fixtures ran on",
        ])
        XCTAssertTrue(result.metrics.isEmpty)
    }
}
