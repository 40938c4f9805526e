import CLITestSupport
import FileFormats
import Foundation
import Traces
import XCTest

/// The catalog's one verdict: a clear error — exit 2, the file named, no
/// stack trace, no crash, no hang.
func assertCleanError(_ result: CLIResult, naming needles: [String], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertFalse(result.killed, "hung: killed by the watchdog", file: file, line: line)
    XCTAssertEqual(result.status, 2, "exit status; stderr:\n\(result.stderr)", file: file, line: line)
    for needle in needles {
        XCTAssertTrue(result.stderr.contains(needle), "stderr does not name \(needle):\n\(result.stderr)", file: file, line: line)
    }
    assertNoCrashOutput(result, file: file, line: line)
}

/// No Swift runtime trap, signal or backtrace reached the user.
func assertNoCrashOutput(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) {
    for marker in ["Fatal error", "Stack dump", "Current stack trace", "Backtrace", "💣", "Segmentation fault", "Illegal instruction"] {
        XCTAssertFalse(result.stderr.contains(marker), "crash output (\(marker)):\n\(result.stderr)", file: file, line: line)
    }
    XCTAssertLessThan(result.status, 128, "killed by a signal", file: file, line: line)
}

/// Output JSON never holds NaN or Infinity (docs/metrics.md: use null): our own
/// parser refuses those tokens, so the whole output must parse with it.
func assertNoNonFiniteJSON(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertNoThrow(try JSONValue.parse(text), "output is not strict JSON (NaN or Infinity?):\n\(text)", file: file, line: line)
}
