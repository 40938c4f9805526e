import Foundation
import FixtureAudio

/// A fixture folder built on disk for a test, removed afterwards.
final class FixtureFolder {
    let root: URL
    let url: URL

    init(name: String = "fx") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("harness-\(UUID().uuidString)")
        url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var path: String { url.path }

    func write(_ name: String, _ text: String) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// One second of a quiet 16 kHz tone: enough for libsndfile to read.
    func writeAudio(_ name: String, seconds: Double = 1) throws {
        let frames = Int(16_000 * seconds)
        let samples = (0..<frames).map { Float(sin(Double($0) * 0.05)) * 0.1 }
        try AudioWriter.write(path: url.appendingPathComponent(name).path, samples: samples, sampleRate: 16_000, channels: 1, encoding: .wavPCM16)
    }

    /// A manifest from a JSON object literal's members (without braces).
    func manifest(_ members: String) throws {
        try write("fixture.json", "{\(members)}")
    }
}
