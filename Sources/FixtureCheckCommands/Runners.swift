import Adapters
import ArgumentParser
import FixtureKit
import Foundation
import Gate
import Traces

/// Live-engine flags shared by `run` and `check` (docs/adapters.md).
struct EngineOptions: ParsableArguments {
    @Option(help: "Run every fixture's ASR through this adapter from fixture-check.json.")
    var asr: String?

    @Option(name: .customLong("asr-command"), help: "Run every fixture's ASR through this command (an undeclared adapter).")
    var asrCommand: String?

    @Option(help: "Run every fixture's TTS through this adapter from fixture-check.json.")
    var tts: String?

    @Option(name: .customLong("tts-command"), help: "Run every fixture's TTS through this command (an undeclared adapter).")
    var ttsCommand: String?

    @Option(help: "Clock for live ASR: audio (deterministic) or wall (paced in real time).")
    var clock: TraceClock = .audio

    @Option(help: "Adapter declarations (default: the nearest fixture-check.json above the working directory).")
    var adapters: String?

    @Option(name: .customLong("asr-language"), help: "Language sent to --asr-command in start.")
    var asrLanguage = "en-US"

    @Option(name: .customLong("asr-sample-rate"), help: "PCM rate sent to --asr-command (Hz).")
    var asrSampleRate = 16_000

    @Option(name: .customLong("asr-timeout"), help: "Seconds --asr-command may stay silent while a reply is due.")
    var asrTimeout = AdapterLimits.defaultTimeoutSeconds

    func validate() throws {
        if asr != nil && asrCommand != nil { throw ValidationError("give --asr or --asr-command, not both") }
        guard (1_000...384_000).contains(asrSampleRate) else { throw ValidationError("--asr-sample-rate must be 1000 to 384000 Hz") }
        guard asrTimeout.isFinite, asrTimeout > 0 else { throw ValidationError("--asr-timeout must be a positive number of seconds") }
        guard !asrLanguage.isEmpty else { throw ValidationError("--asr-language must not be empty") }
        if tts != nil && ttsCommand != nil { throw ValidationError("give --tts or --tts-command, not both") }
    }

    /// The engines, with `fixture-check.json` loaded; exit 2 naming the
    /// file when it is malformed.
    func selection() throws -> EngineSelection {
        try exitingOnBadInput {
            let registry = try EngineSelection.loadRegistry(path: adapters, searchingFrom: FileManager.default.currentDirectoryPath)
            var selection = EngineSelection(asr: asr, asrCommand: asrCommand, tts: tts, ttsCommand: ttsCommand,
                                            clock: clock, registry: registry)
            selection.commandSettings = .init(language: asrLanguage, sampleRate: asrSampleRate, timeoutSeconds: asrTimeout)
            return selection
        }
    }
}

extension EngineOptions {
    /// A live-engine flag that ran on no fixture is exit 2 naming it: a
    /// promotion run must never pass without running the candidate.
    func refuseUnused(_ selection: EngineSelection, engines: [[String: String]]) throws {
        let unused = selection.unusedOverrides(engines: engines)
        guard !unused.isEmpty else { return }
        for message in unused { Diagnostics.error(message) }
        throw Exit.badInput
    }
}

/// The one place the CLI assembles a `FixtureRunner`, so `run`, `check`
/// and `view` measure fixtures identically.
enum Runners {
    /// With `jobs` > 1 the fixtures already keep the cores busy, and each
    /// fixture's features run on its own worker thread (same numbers): two
    /// threads per fixture would only contend.
    static func fixtureRunner(_ engines: EngineSelection, jobs: Int = 1) -> FixtureRunner {
        let parallel = jobs <= 1
        var runner = FixtureRunner(
            engines: engines.running(jobs: jobs),
            detectSpeech: { try FeatureReport.measure(micPath: $0, parallel: parallel).speechSegments }
        )
        runner.measureFeatures = { audio in
            try FeatureReport.measure(micPath: audio.mic, farEndPath: audio.farEnd, aecOutPath: audio.aecOut,
                                      parallel: parallel).metrics
        }
        return runner
    }
}

extension RecordMode: ExpressibleByArgument {}
extension TraceClock: ExpressibleByArgument {}

extension Shard {
    /// `--shard K/N`, or `N` with K from `JOB_COMPLETION_INDEX`; a bad
    /// value is a usage error that says what a shard looks like.
    init(argument: String) throws {
        do {
            self = try Shard(parsing: argument, jobCompletionIndex: ProcessInfo.processInfo.environment["JOB_COMPLETION_INDEX"])
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
