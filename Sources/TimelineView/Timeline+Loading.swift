import FixtureAudio
import FixtureKit
import Foundation
import StreamingMetrics
import Traces

extension Timeline {
    /// Reads the fixture in `folder`, runs it once through `runner` and
    /// lays it out. Throws only when the manifest is unusable; other
    /// problems become `errors`.
    public static func load(folder: String, runner: FixtureRunner) throws -> Timeline {
        let manifest = try FixtureManifest.load(folder: folder)
        return load(run: runner.run(manifest), manifest: manifest, runner: runner)
    }

    /// Lays out a fixture run: its traces (recorded, or produced once by an
    /// engine), the VAD, audio envelopes streamed at one column per pixel,
    /// and the metrics computed from those same traces. Nothing is run
    /// again but the VAD, and that only when the run did not need it.
    public static func load(run: FixtureRun, manifest: FixtureManifest, runner: FixtureRunner) -> Timeline {
        var problems = run.result.errors
        let traces = run.traces

        // The VAD runs even when speech is annotated, so the two can be
        // compared; it runs on the user's voice alone when there is one.
        let vad = run.detectedSpeech ?? runner.detectUserSpeech(manifest)

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
        // The audio lanes zoom to the user's side (audio, speech, ASR), one
        // column per unit of that window.
        let userEnd = userEndMs(trackDurationsMs: Array(durations.values), traces: traces, speech: speech + (vad.segments ?? []))
        let columnMs = min(axis, userEnd) / Double(TimelineLayout.plotWidth)
        var tracks: [TrackLane] = []
        for (role, path) in roles where durations[role] != nil {
            do {
                tracks.append(TrackLane(role: role, envelope: try AudioEnvelope.read(path: path, columnMs: columnMs)))
            } catch {
                if !problems.contains("\(error)") { problems.append("\(error)") }
            }
        }
        // The retrieval trace is not part of the run's traces: read it here
        // (a failure is already among the run's errors, naming the file).
        var retrieval: RetrievalTrace?
        if let rag = manifest.retrieval {
            do {
                retrieval = try RetrievalTrace.load(path: rag.trace.path)
            } catch {
                if !problems.contains("\(error)") { problems.append("\(error)") }
            }
        }
        return Timeline(manifest: manifest, tracks: tracks, traces: traces, vad: vad, retrieval: retrieval,
                        metrics: run.result.metrics, errors: problems)
    }
}
