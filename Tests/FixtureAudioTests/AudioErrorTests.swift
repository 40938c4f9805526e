import Foundation
import XCTest
@testable import FixtureAudio

/// Files that are not audio fail with a typed error naming the path.
final class AudioErrorTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func assertAudioError(_ path: String, _ kind: AudioError.Kind, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try AudioReader(path: path), file: file, line: line) { error in
            guard let audioError = error as? AudioError else {
                return XCTFail("not an AudioError: \(error)", file: file, line: line)
            }
            XCTAssertEqual(audioError.kind, kind, file: file, line: line)
            XCTAssertEqual(audioError.path, path, file: file, line: line)
            XCTAssertTrue(audioError.description.hasPrefix(path + ": "), file: file, line: line)
        }
    }

    func testMissingPath() {
        assertAudioError(directory.appendingPathComponent("nope.wav").path, .missing)
    }

    func testDirectory() {
        assertAudioError(directory.path, .notAFile)
    }

    func testEmptyFile() throws {
        let path = directory.appendingPathComponent("empty.wav").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        assertAudioError(path, .unreadable)
    }

    func testRandomBytes() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let path = directory.appendingPathComponent("random.wav").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        assertAudioError(path, .unreadable)
    }

    func testTextNamedWav() throws {
        let path = directory.appendingPathComponent("notes.wav").path
        try "this is not audio\n".write(toFile: path, atomically: true, encoding: .utf8)
        assertAudioError(path, .unreadable)
    }

    func testWavHeaderWithNoFrames() throws {
        let path = directory.appendingPathComponent("zero.wav").path
        try AudioWriter.write(path: path, samples: [], sampleRate: 16_000)
        assertAudioError(path, .empty)
    }
}
