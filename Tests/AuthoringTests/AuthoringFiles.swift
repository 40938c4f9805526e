import FixtureAudio
import Foundation
import XCTest

/// A scratch folder for authoring tests, removed afterwards.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("authoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// A sine tone; distinct frequencies give distinct recordings.
    ///
    /// Samples sit exactly on 16-bit steps (k/32768, |k| < 16384): libsndfile
    /// scales float→int16 by 32767 for WAV but 32768 for FLAC, and only such
    /// values store the same integers in both containers.
    @discardableResult
    func tone(_ name: String, hz: Double, seconds: Double, rate: Int = 16_000, encoding: AudioEncoding = .wavPCM16) throws -> String {
        let frames = Int(Double(rate) * seconds)
        let samples = (0..<frames).map { Float((0.3 * 32_768 * sin(2 * Double.pi * hz * Double($0) / Double(rate))).rounded() / 32_768) }
        try AudioWriter.write(path: path(name), samples: samples, sampleRate: rate, encoding: encoding)
        return path(name)
    }

    @discardableResult
    func text(_ name: String, _ contents: String) -> String {
        _ = FileManager.default.createFile(atPath: path(name), contents: Data(contents.utf8))
        return path(name)
    }

    func folder(_ name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path(name), withIntermediateDirectories: true)
        return path(name)
    }
}
