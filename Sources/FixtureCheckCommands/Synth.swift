import ArgumentParser
import Authoring
import FixtureKit
import Foundation

/// `fixture-check synth`: make synthetic fixtures from seeded recipes
/// (docs/synth.md).
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate synthetic fixtures from synth/v1 recipes.",
        discussion: "Each recipe makes Fixtures/<id>/ reproducibly: the same recipe gives byte-identical files. Voices and transcripts come from the adapters in fixture-check.json."
    )

    @Argument(help: "Recipe files (synth/v1 JSON).")
    var recipes: [String]

    @Option(help: "The fixtures folder.")
    var fixtures: String = "Fixtures"

    @Flag(help: "Replace a fixture whose id already exists.")
    var force = false

    @Option(help: "The adapters file (default: the nearest fixture-check.json above the working folder).")
    var adapters: String?

    func validate() throws {
        guard !recipes.isEmpty else { throw ValidationError("give at least one recipe file") }
    }

    func run() throws {
        var failed = 0
        var engines: SynthEngines?
        for file in recipes {
            do {
                let recipe = try SynthRecipe.load(path: file)
                let writer = SynthFixtureWriter(fixturesDirectory: fixtures)
                try writer.checkDestination(for: recipe, force: force)
                if engines == nil {
                    guard let registry = try EngineSelection.loadRegistry(path: adapters, searchingFrom: FileManager.default.currentDirectoryPath) else {
                        throw RecipeError(file: file, field: nil, reason: "no fixture-check.json found above \(FileManager.default.currentDirectoryPath) to name the adapters; pass --adapters FILE")
                    }
                    engines = SynthEngines(registry: registry)
                }
                let scene = try FixtureSynthesizer(engines: engines!).render(recipe)
                let folder = try writer.write(scene, recipe: recipe, force: force)
                FileHandle.standardOutput.write(Data((folder + "\n").utf8))
            } catch {
                failed += 1
                Diagnostics.error("synth \(file): \(error)")
            }
        }
        if failed > 0 { throw Exit.badInput }
        Diagnostics.note("made \(recipes.count) fixture\(recipes.count == 1 ? "" : "s"). Next: record goldens with `fixture-check --record missing`, review them, and commit.")
    }
}
