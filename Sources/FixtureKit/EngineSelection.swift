import Adapters
import FileFormats
import Foundation
import Traces

/// Which live engines a run uses (docs/adapters.md): the adapters declared in
/// `fixture-check.json`, and command-line overrides that send every
/// fixture through one candidate engine — the promotion run.
public struct EngineSelection: Sendable {
    /// `--asr NAME`: every fixture's ASR part runs through this adapter.
    public var asr: String?
    /// `--asr-command "CMD …"`: an undeclared ASR process.
    public var asrCommand: String?
    /// `--tts NAME`: every fixture's TTS part runs through this adapter.
    public var tts: String?
    /// `--tts-command "CMD …"`: an undeclared TTS process.
    public var ttsCommand: String?
    /// How `--asr-command` is spoken to (`--asr-language`,
    /// `--asr-sample-rate`, `--asr-timeout`); a declared adapter takes these
    /// from its `fixture-check.json` entry.
    public var commandSettings = CommandSettings()
    /// `--clock`: the audio clock (deterministic) or the wall clock.
    public var clock: TraceClock
    /// The adapter declarations; nil when the repository has none.
    public var registry: AdapterRegistry?
    /// The processes of sessions engines (`"streams": "many"`), kept and
    /// reused across fixtures: at most `jobs` per engine, capped by its
    /// `max_processes`. Shared by every copy of this selection; the idle
    /// engines end when the last copy goes.
    public let pools: EnginePools

    public init(asr: String? = nil, asrCommand: String? = nil, tts: String? = nil, ttsCommand: String? = nil,
                clock: TraceClock = .audio, registry: AdapterRegistry? = nil, jobs: Int = 1) {
        self.asr = asr
        self.asrCommand = asrCommand
        self.tts = tts
        self.ttsCommand = ttsCommand
        self.clock = clock
        self.registry = registry
        self.pools = EnginePools(jobs: jobs)
    }

    /// This selection for a run of `jobs` fixtures at once: its own pools,
    /// each sessions engine keeping up to `jobs` processes.
    public func running(jobs: Int) -> EngineSelection {
        var selection = EngineSelection(asr: asr, asrCommand: asrCommand, tts: tts, ttsCommand: ttsCommand,
                                        clock: clock, registry: registry, jobs: jobs)
        selection.commandSettings = commandSettings
        return selection
    }

    /// What an undeclared ASR process (`--asr-command`) is told and allowed.
    public struct CommandSettings: Sendable, Equatable {
        public var language = "en-US"
        public var sampleRate = 16_000
        public var timeoutSeconds = AdapterLimits.defaultTimeoutSeconds

        public init(language: String = "en-US", sampleRate: Int = 16_000,
                    timeoutSeconds: Double = AdapterLimits.defaultTimeoutSeconds) {
            self.language = language
            self.sampleRate = sampleRate
            self.timeoutSeconds = timeoutSeconds
        }
    }

    /// Loads `fixture-check.json` from `path`, or the nearest one above
    /// `directory` when no path is given (none found is fine until an
    /// adapter is needed).
    public static func loadRegistry(path: String?, searchingFrom directory: String) throws -> AdapterRegistry? {
        if let path { return try AdapterRegistry.load(path: try InputPath.file(path, role: "adapters")) }
        guard let found = AdapterRegistry.find(from: directory) else { return nil }
        return try AdapterRegistry.load(path: found)
    }

    /// The command-line engines that produced no trace: one message per
    /// flag, naming it and which fixtures it could have served.
    public func unusedOverrides(engines: [[String: String]]) -> [String] {
        var messages: [String] = []
        let flags: [(part: String, flag: String, name: String?, parts: String)] = [
            ("asr", asrCommand != nil ? "--asr-command" : "--asr", asrOverride,
             "an ASR part (a recorded trace, an adapter, or a mic with a reference)"),
            ("tts", ttsCommand != nil ? "--tts-command" : "--tts", ttsOverride,
             "a TTS part (requests or a recorded TTS trace)"),
        ]
        for entry in flags {
            guard let name = entry.name, !engines.contains(where: { $0[entry.part] == name }) else { continue }
            messages.append("\(entry.flag) \(name) ran on no fixture: none of the \(engines.count) selected fixture\(engines.count == 1 ? " has" : "s have") \(entry.parts), so the candidate engine was never measured")
        }
        return messages
    }

    /// The ASR adapter named on the command line, if any, for every fixture.
    var asrOverride: String? { asrCommand ?? asr }
    /// The TTS adapter named on the command line, if any, for every fixture.
    var ttsOverride: String? { ttsCommand ?? tts }

    func asrAdapter(named name: String) throws -> ASRAdapter {
        if let asrCommand, name == asrCommand {
            return ProcessASRAdapter(name: asrCommand, command: try AdapterRegistry.splitCommand(asrCommand),
                                     sampleRate: commandSettings.sampleRate, language: commandSettings.language,
                                     limits: AdapterLimits(timeoutSeconds: commandSettings.timeoutSeconds))
        }
        return try requireRegistry(for: name).asr(named: name, pools: pools)
    }

    func ttsAdapter(named name: String) throws -> TTSAdapter {
        if let ttsCommand, name == ttsCommand {
            return ProcessTTSAdapter(name: ttsCommand, command: try AdapterRegistry.splitCommand(ttsCommand))
        }
        return try requireRegistry(for: name).tts(named: name, pools: pools)
    }

    private func requireRegistry(for name: String) throws -> AdapterRegistry {
        guard let registry else {
            throw AdapterConfigError(path: AdapterRegistry.fileName,
                                     reason: "adapter \"\(name)\" is used but no \(AdapterRegistry.fileName) declares adapters")
        }
        return registry
    }
}

extension FixtureRunner {
    /// A runner whose adapters come from `engines`, with `engines`'
    /// overrides applied to every fixture.
    public init(engines: EngineSelection, detectSpeech: @escaping SpeechDetector) {
        self.init(
            detectSpeech: detectSpeech,
            asrAdapter: { name, mic in
                try engines.asrAdapter(named: name).transcribe(.file(mic), clock: engines.clock)
            },
            ttsAdapter: { name, requests in
                try engines.ttsAdapter(named: name).synthesize(requests).trace
            })
        asrOverride = engines.asrOverride
        ttsOverride = engines.ttsOverride
    }
}
