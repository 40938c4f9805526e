import ArgumentParser
import Authoring
import FixtureAudio
import Foundation
import Traces
import FixtureKit
import StreamingMetrics

/// `fixture-check add`: turn an incident repro or a synthetic scene into a
/// fixture folder (docs/gate.md).
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a fixture from incident or synthetic audio.",
        discussion: "Validates everything first, then builds Fixtures/<id>/ atomically. Refuses audio without lawful provenance, an existing id, and audio already in another fixture."
    )

    @Option(help: "The fixture id; becomes its folder name.")
    var id: String

    @Option(help: "The microphone recording (any format libsndfile reads).")
    var mic: String

    @Option(name: .customLong("far-end"), help: "The playback reference: what the device played.")
    var farEnd: String?

    @Option(name: .customLong("near-end"), help: "The user's voice alone, when known.")
    var nearEnd: String?

    @Option(help: "Where the audio comes from: synthetic or consented.")
    var provenance: String?

    @Option(name: .customLong("consent-ref"), help: "The consent record for consented audio.")
    var consentRef: String?

    @Option(name: .customLong("slice"), help: "A slice KEY=VALUE (repeatable), e.g. language=en-US.")
    var slices: [String] = []

    @Option(name: .customLong("speech"), help: "A user-speech segment START_MS:END_MS on the mic timeline (repeatable, in order).")
    var speech: [String] = []

    @Option(help: "The reference transcript.")
    var reference: String?

    @Option(name: .customLong("asr-trace"), help: "A recorded ASR emission trace (JSON Lines).")
    var asrTrace: String?

    @Option(name: .customLong("tts-trace"), help: "A recorded TTS trace (JSON Lines).")
    var ttsTrace: String?

    @Option(name: .customLong("turns-trace"), help: "A recorded turn-taking trace (JSON Lines).")
    var turnsTrace: String?

    @Option(name: .customLong("asr-adapter"), help: "Run the ASR part live through this adapter of fixture-check.json (instead of --asr-trace).")
    var asrAdapter: String?

    @Option(name: .customLong("tts-adapter"), help: "Run the TTS part live through this adapter of fixture-check.json (instead of --tts-trace).")
    var ttsAdapter: String?

    @Option(name: .customLong("tts-request"), help: "What the live TTS engine is asked to say: T_MS:TEXT (repeatable, in order).")
    var ttsRequests: [String] = []

    @Option(help: "Adapter declarations (default: the nearest fixture-check.json above the working directory).")
    var adapters: String?

    @Option(help: "What the fixture reproduces, in one line.")
    var description: String?

    @Option(help: "The fixtures folder.")
    var fixtures: String = "Fixtures"

    func validate() throws {
        _ = try parsedSlices()
        _ = try parsedSpeech()
        _ = try parsedRequests()
    }

    /// `T_MS:TEXT` → a numbered request.
    func parsedRequests() throws -> [SynthesisRequest] {
        try ttsRequests.enumerated().map { index, item in
            guard let colon = item.firstIndex(of: ":"), let t = Double(item[..<colon]), t.isFinite, t >= 0,
                  !item[item.index(after: colon)...].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--tts-request \"\(item)\": expected T_MS:TEXT, e.g. 0:Sure, here is the weather")
            }
            return SynthesisRequest(req: index, tMs: t, text: String(item[item.index(after: colon)...]))
        }
    }

    func run() throws {
        // A live part must name a declared engine of its kind: a typo is an
        // error with the nearest name now, not a failing gate later.
        if asrAdapter != nil || ttsAdapter != nil {
            try exitingOnBadInput {
                let registry = try EngineSelection.loadRegistry(path: adapters, searchingFrom: FileManager.default.currentDirectoryPath)
                guard let registry else { throw ValidationError("--asr-adapter/--tts-adapter need a fixture-check.json declaring the engine") }
                if let asrAdapter { _ = try registry.spec(named: asrAdapter, kind: .asr) }
                if let ttsAdapter { _ = try registry.spec(named: ttsAdapter, kind: .tts) }
            }
        }
        let request = FixtureRequest(
            id: id, micPath: mic, farEndPath: farEnd, nearEndPath: nearEnd,
            provenanceKind: provenance, consentRef: consentRef, slices: try parsedSlices(),
            speech: try parsedSpeech(), reference: reference, asrTracePath: asrTrace,
            ttsTracePath: ttsTrace, turnsTracePath: turnsTrace, asrAdapter: asrAdapter, ttsAdapter: ttsAdapter,
            ttsRequests: try parsedRequests(), description: description
        )
        let folder: String
        do {
            folder = try FixtureAuthor(fixturesDirectory: fixtures).add(request)
        } catch {
            Diagnostics.error("add refused: \(error)")
            throw Exit.badInput
        }
        FileHandle.standardOutput.write(Data((folder + "\n").utf8))
        let fixturesFlag = fixtures == "Fixtures" ? "" : " --fixtures \(fixtures)"
        Diagnostics.note("added fixture '\(id)'. Next: record its golden with `fixture-check --record missing\(fixturesFlag)`, review it, and commit both.")
    }

    private func parsedSlices() throws -> [String: String] {
        var result: [String: String] = [:]
        for item in slices {
            guard let equals = item.firstIndex(of: "=") else {
                throw ValidationError("--slice '\(item)' must be KEY=VALUE")
            }
            let key = String(item[..<equals]), value = String(item[item.index(after: equals)...])
            guard !key.isEmpty, !value.isEmpty else {
                throw ValidationError("--slice '\(item)' needs a non-empty key and value")
            }
            guard result[key] == nil else {
                throw ValidationError("--slice \(key) is given twice")
            }
            result[key] = value
        }
        return result
    }

    private func parsedSpeech() throws -> [SpeechSegment] {
        try speech.map { text in
            guard let segment = SpeechAnnotation.parse(text) else {
                throw ValidationError("--speech '\(text)' must be START_MS:END_MS, e.g. 400:2350")
            }
            return segment
        }
    }
}
