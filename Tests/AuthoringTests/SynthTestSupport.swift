import Adapters
import Authoring
import FileFormats
import Foundation
import Traces
import XCTest

/// The package's executables, built beside the test bundle, and the
/// adapters a recipe names, pointing at them.
enum SynthTestSupport {
    static var productsDirectory: String {
        let bundle = Bundle(for: BundleToken.self).bundleURL
        return (bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle).path
    }

    static var engines: SynthEngines {
        SynthEngines(registry: AdapterRegistry(path: "synth-tests/fixture-check.json", adapters: [
            "espeak": AdapterSpec(name: "espeak", kind: .tts, command: ["espeak-adapter"], timeoutSeconds: 30),
            "sphinx": AdapterSpec(name: "sphinx", kind: .asr, command: ["sphinx-adapter"], timeoutSeconds: 30, sampleRate: 16_000),
        ], searchDirectories: [productsDirectory]))
    }

    /// Parses `text` as the recipe `file`.
    static func recipe(_ text: String, file: String = "/recipes/test.json") throws -> SynthRecipe {
        try SynthRecipe.decode(try JSONValue.parse(text), file: file, sha256: "test")
    }

    /// Every file of `folder`, name → bytes.
    static func files(in folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return result
    }
}

private final class BundleToken {}

/// A scratch folder removed after the test.
final class SynthScratch {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("synth-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func path(_ name: String) -> String { path + "/" + name }
}
