import Adapters
import FileFormats
import FixtureAudio
import FixtureKit
import Foundation
import Traces

/// Writes a synthesized scene as `<fixtures>/<id>/`, atomically: built in a
/// hidden `.synth-<id>-<uuid>` folder and renamed into place, so a failure
/// leaves no half-made fixture behind.
public struct SynthFixtureWriter {
    public var fixturesDirectory: String

    public init(fixturesDirectory: String) {
        self.fixturesDirectory = fixturesDirectory
    }

    /// The folder the recipe's fixture goes to.
    public func destination(for recipe: SynthRecipe) -> String {
        (fixturesDirectory as NSString).appendingPathComponent(recipe.id)
    }

    /// Refuses an existing fixture unless `force`; call before rendering,
    /// so no engine runs for a fixture that would be refused.
    public func checkDestination(for recipe: SynthRecipe, force: Bool) throws {
        let target = destination(for: recipe)
        if !force, FileManager.default.fileExists(atPath: target) {
            throw RecipeError(file: recipe.file, field: "id", reason: "fixture '\(recipe.id)' already exists at \(target); pass --force to remake it")
        }
    }

    /// Writes the fixture and returns its folder. With `force` an existing
    /// fixture of the same id is replaced (moved aside, then removed).
    @discardableResult
    public func write(_ scene: SynthesizedScene, recipe: SynthRecipe, force: Bool) throws -> String {
        try checkDestination(for: recipe, force: force)
        let fm = FileManager.default
        let target = destination(for: recipe)
        do {
            try fm.createDirectory(atPath: fixturesDirectory, withIntermediateDirectories: true)
        } catch {
            throw RecipeError(file: recipe.file, field: nil, reason: "\(fixturesDirectory): cannot create the fixtures folder: \(error.localizedDescription)")
        }
        let temporary = (fixturesDirectory as NSString).appendingPathComponent(".synth-\(recipe.id)-\(UUID().uuidString)")
        do {
            try fm.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            try writeFiles(scene, recipe: recipe, into: temporary)
            try Self.verifyReadable(temporary, recipe: recipe)
            try moveIntoPlace(temporary, target, force: force, recipe: recipe)
        } catch {
            try? fm.removeItem(atPath: temporary)
            throw error
        }
        return target
    }

    private func writeFiles(_ scene: SynthesizedScene, recipe: SynthRecipe, into folder: String) throws {
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        var files: [String: String] = ["mic": "mic.wav"]
        try AudioWriter.write(path: path("mic.wav"), samples: PCM16.floats(scene.mic), sampleRate: scene.sampleRate)
        if let near = scene.nearEnd {
            files["near_end"] = "near_end.wav"
            try AudioWriter.write(path: path("near_end.wav"), samples: near, sampleRate: scene.sampleRate)
        }
        if let far = scene.farEnd {
            files["far_end"] = "far_end.wav"
            try AudioWriter.write(path: path("far_end.wav"), samples: far, sampleRate: scene.sampleRate)
        }
        if let emissions = scene.emissions {
            files["asr"] = "asr.jsonl"
            try writeText(TraceJSONL.lines(emissions), to: path("asr.jsonl"))
        }
        if let synthesis = scene.synthesis {
            files["tts"] = "tts.jsonl"
            try writeText(TraceJSONL.lines(synthesis), to: path("tts.jsonl"))
        }
        if let turns = scene.turns {
            files["turns"] = "turns.jsonl"
            try writeText(TraceJSONL.lines(turns), to: path("turns.jsonl"))
        }
        try writeText(SynthFixtureWriter.manifest(recipe: recipe, scene: scene, files: files).text, to: path("fixture.json"))
    }

    /// Reads the written fixture back as `run` will — the manifest and every
    /// trace through the same strict decoders — so synth never leaves a
    /// fixture that `run` refuses (an engine's output included).
    static func verifyReadable(_ folder: String, recipe: SynthRecipe) throws {
        do {
            let manifest = try FixtureManifest.load(folder: folder)
            if case .trace(let file, let clock)? = manifest.asr { _ = try EmissionTrace.load(path: file.path, clock: clock) }
            if case .trace(let file)? = manifest.tts?.source { _ = try SynthesisTrace.load(path: file.path) }
            if let turns = manifest.turns { _ = try TurnLog.load(path: turns.path) }
        } catch {
            throw RecipeError(file: recipe.file, field: nil, reason: "the fixture it makes would be refused by run: \(error)")
        }
    }

    private func moveIntoPlace(_ temporary: String, _ target: String, force: Bool, recipe: SynthRecipe) throws {
        let fm = FileManager.default
        var aside: String?
        if force, fm.fileExists(atPath: target) {
            let old = (fixturesDirectory as NSString).appendingPathComponent(".synth-old-\(recipe.id)-\(UUID().uuidString)")
            guard rename(target, old) == 0 else {
                throw RecipeError(file: recipe.file, field: nil, reason: "\(target): cannot move the old fixture aside: \(String(cString: strerror(errno)))")
            }
            aside = old
        }
        // The new folder holds a manifest, so rename(2) cannot replace a
        // fixture that appeared meanwhile: it fails on a non-empty target.
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            if let aside { _ = rename(aside, target) }
            throw RecipeError(file: recipe.file, field: nil, reason: "\(target): cannot move the new fixture into place: \(reason)")
        }
        if let aside { try? fm.removeItem(atPath: aside) }
    }

    private func writeText(_ text: String, to path: String) throws {
        try AtomicFile.write(Data(text.utf8), to: path)
    }

    /// The generator named in a synthesized fixture's provenance.
    public static let generator = "fixture-check synth"

    /// The manifest for `scene` made from `recipe`; `files` maps roles
    /// (`mic`, `far_end`, `near_end`, `asr`, `tts`, `turns`) to file names.
    public static func manifest(recipe: SynthRecipe, scene: SynthesizedScene, files: [String: String]) -> ManifestDocument {
        let recipeName = (recipe.file as NSString).lastPathComponent
        return ManifestDocument(
            id: recipe.id,
            description: recipe.description ?? "synthetic fixture from recipe \(recipeName)",
            provenance: .synthetic,
            origin: .init(generator: generator, recipe: recipeName, recipeSHA256: recipe.sha256, seed: recipe.seed),
            slices: recipe.slices.merging(scene.derivedSlices) { _, derived in derived },
            audio: files.filter { ["mic", "far_end", "near_end"].contains($0.key) },
            speech: [scene.userSpeech],
            reference: recipe.effectiveReference,
            traces: files.filter { ["asr", "tts", "turns"].contains($0.key) },
            bargeInBudgetMs: recipe.duplex?.bargeInBudgetMs)
    }
}
