import Adapters
import ArgumentParser
import FileFormats
import FixtureKit
import Foundation

/// `fixture-check adapter-test`: drives one engine through the rules of
/// docs/adapters.md and prints, one line per rule, what it keeps and what
/// it breaks — the conformance test an engine author runs.
struct AdapterTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapter-test",
        abstract: "Check an ASR or TTS adapter against the protocol of docs/adapters.md, rule by rule."
    )

    @Option(help: "An ASR adapter declared in fixture-check.json.")
    var asr: String?

    @Option(name: .customLong("asr-command"), help: "An undeclared ASR adapter: this command.")
    var asrCommand: String?

    @Option(help: "A TTS adapter declared in fixture-check.json.")
    var tts: String?

    @Option(name: .customLong("tts-command"), help: "An undeclared TTS adapter: this command.")
    var ttsCommand: String?

    @Option(help: "Adapter declarations (default: the nearest fixture-check.json above the working directory).")
    var adapters: String?

    @Option(help: "ASR: audio to stream (default: a generated 3 s pattern of tone and noise bursts at 16 kHz).")
    var mic: String?

    @Option(help: "one (a process per stream) or many (sessions: start → ready, several streams per process); default: what fixture-check.json declares, else one.")
    var streams: AdapterStreams?

    @Option(help: "Longest silence while a reply is due, in seconds (default: the declared timeout_s, else 30).")
    var timeout: Double?

    @Option(name: .customLong("startup-timeout"), help: "Sessions: longest wait for ready, in seconds (default: the declared startup_timeout_s, else 120).")
    var startupTimeout: Double?

    func validate() throws {
        let given = [asr, asrCommand, tts, ttsCommand].compactMap { $0 }
        if given.count != 1 { throw ValidationError("give exactly one of --asr, --asr-command, --tts, --tts-command") }
        if mic != nil, tts != nil || ttsCommand != nil { throw ValidationError("--mic is for an ASR adapter") }
        for (flag, value) in [("--timeout", timeout), ("--startup-timeout", startupTimeout)] {
            if let value, !(value > 0) { throw ValidationError("\(flag) must be a positive number of seconds") }
        }
    }

    func run() throws {
        let isTTS = tts != nil || ttsCommand != nil
        let (engine, micSource) = try exitingOnBadInput { () throws -> (AdapterConformance.Engine, MicSource?) in
            let micSource = try mic.map { MicSource.file(try InputPath.file($0, role: "mic")) }
            return (try self.engine(kind: isTTS ? .tts : .asr), micSource)
        }
        Diagnostics.note("adapter-test: \(engine.name) (\(isTTS ? "tts" : "asr"), streams \(engine.streams.rawValue))")
        // Unreadable audio is bad input (exit 2), found before any engine starts.
        let checks = try isTTS ? AdapterConformance.testTTS(engine)
            : exitingOnBadInput { try AdapterConformance.testASR(engine, mic: micSource) }
        try emit(checks.map(\.description).joined(separator: "\n"), to: nil)
        let failed = checks.filter { $0.status == .fail }
        let skipped = checks.filter { $0.status == .skip }.count
        Diagnostics.note("\(checks.count - failed.count - skipped) passed, \(failed.count) failed, \(skipped) skipped")
        guard failed.isEmpty else {
            Diagnostics.error("adapter \(engine.name) breaks \(failed.count) rule\(failed.count == 1 ? "" : "s"): "
                + failed.map(\.rule).joined(separator: ", "))
            throw Exit.regression
        }
    }

    /// The engine under test: a declared adapter (its program resolved)
    /// or a command.
    private func engine(kind: AdapterKind) throws -> AdapterConformance.Engine {
        if let command = asrCommand ?? ttsCommand {
            var limits = AdapterLimits()
            override(&limits)
            return AdapterConformance.Engine(name: command, command: try AdapterRegistry.splitCommand(command),
                                             streams: streams ?? .one, limits: limits)
        }
        let name = (asr ?? tts)!
        guard let registry = try EngineSelection.loadRegistry(path: adapters, searchingFrom: FileManager.default.currentDirectoryPath) else {
            throw ValidationError("no \(AdapterRegistry.fileName) found above the working directory to declare \"\(name)\"; give --adapters FILE or --\(kind.rawValue)-command")
        }
        // An unknown name is refused with the nearest declared one.
        let spec = try registry.spec(named: name, kind: kind)
        var limits = spec.limits
        override(&limits)
        // A program not found is the `start` rule's failure, not bad input.
        let command = (try? registry.resolve(spec.command, adapter: name)) ?? spec.command
        return AdapterConformance.Engine(name: name, command: command,
                                         streams: streams ?? spec.streams, limits: limits,
                                         sampleRate: spec.sampleRate ?? 16_000, language: spec.language ?? "en-US",
                                         voice: spec.voice)
    }

    private func override(_ limits: inout AdapterLimits) {
        if let timeout { limits.timeoutSeconds = timeout }
        if let startupTimeout { limits.startupTimeoutSeconds = startupTimeout }
    }
}

extension AdapterStreams: ExpressibleByArgument {}
