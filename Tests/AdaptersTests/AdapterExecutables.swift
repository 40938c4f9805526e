import Adapters
import FixtureAudio
import Foundation
import XCTest

/// The package's adapter executables, built beside the test bundle.
enum AdapterExecutables {
    static var productsDirectory: URL {
        let bundle = Bundle(for: BundleToken.self).bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    static func path(_ name: String) -> String { productsDirectory.appendingPathComponent(name).path }

    /// The deterministic conformance engine with `arguments`.
    static func conformanceASR(_ arguments: [String] = [], limits: AdapterLimits = AdapterLimits(timeoutSeconds: 10)) -> ProcessASRAdapter {
        ProcessASRAdapter(name: "conformance", command: [path("conformance-adapter")] + arguments, limits: limits)
    }

    static func conformanceTTS(_ arguments: [String] = [], limits: AdapterLimits = AdapterLimits(timeoutSeconds: 10)) -> ProcessTTSAdapter {
        ProcessTTSAdapter(name: "conformance-tts", command: [path("conformance-adapter"), "--tts"] + arguments, limits: limits)
    }
}

private final class BundleToken {}

/// A scratch folder removed after the test.
final class ScratchDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("adapters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Test signals.
enum Signal {
    /// A sine of `amplitude` at `hz`, `seconds` long.
    static func tone(hz: Double = 440, seconds: Double, sampleRate: Int, amplitude: Float = 0.5) -> [Float] {
        (0..<Int((seconds * Double(sampleRate)).rounded())).map {
            amplitude * Float(sin(2 * Double.pi * hz * Double($0) / Double(sampleRate)))
        }
    }

    /// Writes a tone to a 16-bit WAV and returns its path.
    static func toneFile(in scratch: ScratchDirectory, name: String = "tone.wav", seconds: Double, sampleRate: Int) throws -> String {
        let path = scratch.path(name)
        try AudioWriter.write(path: path, samples: tone(seconds: seconds, sampleRate: sampleRate), sampleRate: sampleRate)
        return path
    }
}
