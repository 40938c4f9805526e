import Foundation

/// A fixture folder written by a test: a manifest, a mic track and traces,
/// each replaceable by bad bytes.
struct FixtureFolder {
    let url: URL
    var path: String { url.path }

    /// A healthy ASR fixture `id` under `parent`: 1 s tone, annotated speech,
    /// a reference and a two-line emission trace.
    @discardableResult
    static func make(in parent: URL, id: String, manifest: String? = nil, files: [String: Data] = [:]) throws -> FixtureFolder {
        let url = parent.appendingPathComponent(id, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let folder = FixtureFolder(url: url)
        var all: [String: Data] = [
            "mic.wav": WAVBytes.tone(seconds: 1).data,
            "asr.jsonl": Data("""
                {"t_ms": 300, "utt": 0, "kind": "partial", "text": "turn left"}
                {"t_ms": 900, "utt": 0, "kind": "final", "text": "turn left at the light"}

                """.utf8),
            "fixture.json": Data((manifest ?? healthyManifest(id: id)).utf8),
        ]
        all.merge(files) { $1 }
        for (name, data) in all { try folder.write(name, data) }
        return folder
    }

    static func healthyManifest(id: String, extra: String = "", asr: String = #"{"trace": "asr.jsonl"}"#,
                                reference: String = "turn left at the light") -> String {
        """
        {"schema": "fixture/v1", "id": "\(id)", "provenance": {"kind": "synthetic"},
         "slices": {"language": "en-US"}, "audio": {"mic": "mic.wav"},
         "annotations": {"speech": [[100, 800]], "reference": "\(reference)"},
         "asr": \(asr)\(extra)}
        """
    }

    func write(_ name: String, _ data: Data) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
    }

    func write(_ name: String, _ text: String) throws { try write(name, Data(text.utf8)) }
}
