import FileFormats
import FixtureKit
import StreamingMetrics
import Traces

/// Builds the `fixture/v1` manifest (SPEC §1) for a new fixture. Pure: the
/// file names are decided by the caller.
public enum FixtureManifestWriter {
    /// - Parameters:
    ///   - audioFiles: manifest role (`mic`, `far_end`, `near_end`) → file name in the fixture folder.
    ///   - traceFiles: section (`asr`, `tts`, `turns`) → file name in the fixture folder.
    ///   - slices: declared and derived slices together.
    public static func manifest(
        request: FixtureRequest,
        provenance: Provenance,
        slices: [String: String],
        audioFiles: [String: String],
        traceFiles: [String: String]
    ) -> JSONValue {
        var root: [String: JSONValue] = [
            "schema": .string("fixture/v1"),
            "id": .string(request.id),
            "provenance": provenance.json,
            "slices": .object(slices.mapValues(JSONValue.string)),
            "audio": .object(audioFiles.mapValues(JSONValue.string)),
        ]
        if let description = request.description, !description.isEmpty {
            root["description"] = .string(description)
        }
        var annotations: [String: JSONValue] = [:]
        if !request.speech.isEmpty {
            annotations["speech"] = .array(request.speech.map { .array([.finite($0.startMs), .finite($0.endMs)]) })
        }
        if let reference = request.reference {
            annotations["reference"] = .string(reference)
        }
        if !annotations.isEmpty { root["annotations"] = .object(annotations) }
        for (section, file) in traceFiles {
            root[section] = .object(["trace": .string(file)])
        }
        return .object(root)
    }
}
