import CLITestSupport
import Foundation
import XCTest

/// Issue 19: every page fixture-check makes (bundled fixtures, regressed
/// twins, gate artifact pages, the coverage report, generated stress
/// fixtures) laid out by a real browser, with no SVG text over another or
/// outside its drawing and no page wider than the window. Runs
/// `Scripts/check-pages` on the built executable; skipped only where
/// Chromium is not installed (Scripts/setup installs it, so CI runs it).
final class PageLayoutCheckTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testEveryPageLaysOutWithoutOverlapsInHeadlessChromium() throws {
        let browsers = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        guard browsers.contains(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw XCTSkip("chromium is not installed (Scripts/setup installs chromium and chromium-driver)")
        }
        let scratch = try TemporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.packageRoot.appendingPathComponent("Scripts/check-pages").path]
        process.currentDirectoryURL = Self.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["FIXTURE_CHECK"] = CLI.executable.path
        environment["CHECK_PAGES_OUT"] = scratch.path("pages")
        environment.removeValue(forKey: "CI")
        process.environment = environment
        let log = scratch.url.appendingPathComponent("check-pages.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        if exited.wait(timeout: .now() + 900) == .timedOut {
            process.terminate()
            exited.wait()
            XCTFail("Scripts/check-pages did not finish in 15 minutes")
        }
        try handle.close()
        let output = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertTrue(output.contains(", 0 with layout problems"), output)
        XCTAssertTrue(output.contains("stress-dense-001.html"), "the stress pages were measured:\n\(output)")
        XCTAssertTrue(output.contains("coverage.html"), "the coverage report was measured:\n\(output)")
    }
}
