import FileFormats
import Foundation
import Traces

/// The `fixture/v1` manifest of a synthesized fixture. Pure.
public enum SynthManifest {
    /// The generator named in the provenance.
    public static let generator = "fixture-check synth"

    /// The manifest for `scene` made from `recipe`; `files` maps roles
    /// (`mic`, `far_end`, `near_end`, `asr`, `tts`, `turns`) to file names.
    public static func json(recipe: SynthRecipe, scene: SynthesizedScene, files: [String: String]) -> JSONValue {
        var slices = recipe.slices
        slices.merge(scene.derivedSlices) { _, derived in derived }
        var audio: [String: JSONValue] = [:]
        for role in ["mic", "far_end", "near_end"] { if let file = files[role] { audio[role] = .string(file) } }
        var annotations: [String: JSONValue] = [
            "speech": .array([.array([.finite(scene.userSpeech.startMs), .finite(scene.userSpeech.endMs)])]),
        ]
        if let reference = recipe.effectiveReference { annotations["reference"] = .string(reference) }
        var root: [String: JSONValue] = [
            "schema": .string("fixture/v1"),
            "id": .string(recipe.id),
            "description": .string(recipe.description ?? "synthetic fixture from recipe \((recipe.file as NSString).lastPathComponent)"),
            // The recipe's file name, not its path: the manifest must not
            // depend on where the command was run from.
            "provenance": .object([
                "kind": .string("synthetic"),
                "generator": .string(generator),
                "recipe": .string((recipe.file as NSString).lastPathComponent),
                "recipe_sha256": .string(recipe.sha256),
                "seed": .number(Double(recipe.seed)),
            ]),
            "slices": .object(slices.mapValues(JSONValue.string)),
            "audio": .object(audio),
            "annotations": .object(annotations),
        ]
        for section in ["asr", "tts", "turns"] {
            if let file = files[section] { root[section] = .object(["trace": .string(file)]) }
        }
        if let budget = recipe.duplex?.bargeInBudgetMs { root["budgets"] = .object(["barge_in_ms": .finite(budget)]) }
        return .object(root)
    }
}
