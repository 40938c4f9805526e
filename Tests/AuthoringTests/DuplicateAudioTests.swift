import Authoring
import FixtureAudio
import Foundation
import XCTest

/// A recording already in the set is refused, naming the fixture that has
/// it; shared playback prompts and clean voices are not duplicates.
final class DuplicateAudioTests: XCTestCase {
    var scratch: Scratch!
    var fixtures: String!

    override func setUpWithError() throws {
        scratch = try Scratch()
        fixtures = try scratch.folder("Fixtures")
        let existing = FixtureRequest(id: "existing-001", micPath: try scratch.tone("mic0.wav", hz: 300, seconds: 1),
                                      farEndPath: try scratch.tone("prompt.wav", hz: 500, seconds: 1),
                                      nearEndPath: try scratch.tone("voice.wav", hz: 700, seconds: 1),
                                      provenanceKind: "synthetic")
        try FixtureAuthor(fixturesDirectory: fixtures).add(existing)
    }

    override func tearDown() {
        scratch = nil
    }

    func add(_ id: String, mic: String, farEnd: String? = nil, nearEnd: String? = nil) throws {
        try FixtureAuthor(fixturesDirectory: fixtures).add(
            FixtureRequest(id: id, micPath: mic, farEndPath: farEnd, nearEndPath: nearEnd, provenanceKind: "synthetic"))
    }

    func assertDuplicate(_ body: @autoclosure () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual((error as? AuthoringRefusal)?.kind, .duplicateAudio, file: file, line: line)
            XCTAssertTrue("\(error)".contains("existing fixture 'existing-001'"), "\(error)", file: file, line: line)
        }
    }

    func testMicCopyIsRefusedEvenReencoded() throws {
        assertDuplicate(try add("copy", mic: scratch.path("mic0.wav")))
        let flac = try scratch.tone("mic0.flac", hz: 300, seconds: 1, encoding: .flacPCM16)
        assertDuplicate(try add("copy", mic: flac))
    }

    func testNewMicMatchingAnyExistingTrackIsRefused() throws {
        assertDuplicate(try add("copy", mic: scratch.path("prompt.wav")))
        assertDuplicate(try add("copy", mic: scratch.path("voice.wav")))
    }

    func testNewReferenceTrackMatchingAnExistingMicIsRefused() throws {
        let mic = try scratch.tone("fresh.wav", hz: 900, seconds: 1)
        assertDuplicate(try add("copy", mic: mic, farEnd: scratch.path("mic0.wav")))
    }

    func testSharedPromptAndVoiceUnderANewMicAreAccepted() throws {
        let mic = try scratch.tone("street-mix.wav", hz: 1_100, seconds: 1)
        XCTAssertNoThrow(try add("same-prompt-street", mic: mic, farEnd: scratch.path("prompt.wav"), nearEnd: scratch.path("voice.wav")))
    }

    func testLooseAudioInAFolderWithoutManifestCounts() throws {
        let loose = try scratch.folder("Fixtures/samples")
        let hello = try scratch.tone("hello.wav", hz: 1_300, seconds: 1)
        try FileManager.default.copyItem(atPath: hello, toPath: loose + "/hello.wav")
        XCTAssertThrowsError(try add("hello", mic: hello)) { error in
            XCTAssertTrue("\(error)".contains("existing fixture 'samples'"), "\(error)")
        }
    }
}

extension DuplicateAudioTests {
    /// Same header and same first half second, different tail: not a copy.
    func testRecordingThatDiffersOnlyLateIsAccepted() throws {
        let original = try scratch.tone("late.wav", hz: 1_700, seconds: 1)
        try add("late-original", mic: original)
        let (info, samples) = try AudioReader.readMono(path: original)
        var edited = samples
        edited[edited.count - 1] += 2 / 32_768
        try AudioWriter.write(path: scratch.path("late-edit.wav"), samples: edited, sampleRate: info.sampleRate)
        XCTAssertNoThrow(try add("late-edit", mic: scratch.path("late-edit.wav")))
        assertDuplicate(try add("late-copy", mic: scratch.path("mic0.wav")))
    }
}
