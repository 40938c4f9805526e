import FixtureAudio
import Foundation
import StreamingMetrics
import Traces

extension Timeline {
    /// Reads the fixture in `folder` and lays it out: traces (recorded, or
    /// produced once by `runner`'s adapters), the VAD through `runner`'s
    /// detector, audio envelopes streamed at one column per pixel, and the
    /// metrics `runner` computes from those same traces. Throws only when
    /// the manifest is unusable; other problems become `errors`.
    public static func load(folder: String, runner: FixtureRunner) throws -> Timeline {
        let manifest = try FixtureManifest.load(folder: folder)
        var problems: [String] = []

        // Each engine runs once: the page and its metrics show one run.
        let emission = Result { try runner.emissionTrace(of: manifest) }
        let synthesis = Result { try runner.synthesisTrace(of: manifest) }
        let turns = Result { try manifest.turns.map { try TurnLog.load(path: $0.path, file: display($0, manifest)) } }

        // The VAD runs even when speech is annotated, so the two can be
        // compared; it runs on the user's voice alone when there is one.
        let vadRole = manifest.audio.nearEnd == nil ? "mic" : "near_end"
        let vadResult = Result { try runner.detectSpeech(manifest.audio.nearEnd ?? manifest.audio.mic) }
        let vad: VADLane
        switch vadResult {
        case .success(let segments): vad = VADLane(role: vadRole, segments: segments, failure: nil)
        case .failure(let error): vad = VADLane(role: vadRole, segments: nil, failure: "\(error)")
        }

        var replay = runner
        replay.detectSpeech = { _ in try vadResult.get() }
        replay.asrAdapter = { _, _ in
            guard let trace = try emission.get() else { throw FixtureRunError(fixture: manifest.id, reason: "no ASR trace") }
            return trace
        }
        replay.ttsAdapter = { _, _ in
            guard let trace = try synthesis.get() else { throw FixtureRunError(fixture: manifest.id, reason: "no TTS trace") }
            return trace
        }
        let result = replay.run(manifest)
        problems += result.errors

        let traces = FixtureTraces(emission: try? emission.get(), synthesis: try? synthesis.get(), turns: try? turns.get())

        var roles: [(String, String)] = [("mic", manifest.audio.mic)]
        if let path = manifest.audio.farEnd { roles.append(("far_end", path)) }
        if let path = manifest.audio.nearEnd { roles.append(("near_end", path)) }
        if let path = manifest.audio.aecOut { roles.append(("aec_out", path)) }

        // The axis must be known before streaming, so each column is one
        // pixel; track lengths come from the headers alone.
        var durations: [String: Double] = [:]
        for (role, path) in roles {
            do {
                let reader = try AudioReader(path: path)
                durations[role] = reader.info.durationSeconds * 1000
                reader.close()
            } catch {
                if !problems.contains("\(error)") { problems.append("\(error)") }
            }
        }
        let speech = manifest.speech ?? vad.segments ?? []
        let startDelayMs = manifest.tts?.startDelayMs ?? 0
        let axis = axisDurationMs(
            trackDurationsMs: Array(durations.values),
            traces: traces,
            speech: speech + (vad.segments ?? []),
            requests: traces.synthesis.map { requests($0, startDelayMs: startDelayMs) } ?? [])
        let columnMs = axis / Double(TimelineLayout.plotWidth)
        var tracks: [TrackLane] = []
        for (role, path) in roles where durations[role] != nil {
            do {
                tracks.append(TrackLane(role: role, envelope: try AudioEnvelope.read(path: path, columnMs: columnMs)))
            } catch {
                if !problems.contains("\(error)") { problems.append("\(error)") }
            }
        }
        return Timeline(manifest: manifest, tracks: tracks, traces: traces, vad: vad, metrics: result.metrics, errors: problems)
    }

    /// How error messages name a trace: the fixture folder plus the
    /// manifest's relative path, as `run` does.
    private static func display(_ file: FixtureManifest.TraceFile, _ manifest: FixtureManifest) -> String {
        (manifest.folder as NSString).appendingPathComponent(file.name)
    }
}
