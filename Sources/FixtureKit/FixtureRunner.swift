import Adapters
import Foundation
import StreamingMetrics
import Traces

/// Runs one fixture folder into a `FixtureRun`: audio features, ASR,
/// TTS and turn-taking metrics. Engines and the VAD are injected, so the
/// runner is the same whether traces are recorded or produced live.
public struct FixtureRunner: Sendable {
    /// Speech segments of an audio file (the VAD), used when a manifest
    /// has no `annotations.speech`.
    public typealias SpeechDetector = @Sendable (_ audioPath: String) throws -> [SpeechSegment]
    /// Runs ASR adapter `name` over the mic recording.
    public typealias ASRAdapter = @Sendable (_ name: String, _ micPath: String) throws -> EmissionTrace
    /// Runs TTS adapter `name` over the manifest's requests.
    public typealias TTSAdapter = @Sendable (_ name: String, _ requests: [SynthesisRequest]) throws -> SynthesisTrace
    /// Audio features of a fixture's tracks as flat metrics.
    public typealias FeatureMeasure = @Sendable (_ audio: FixtureManifest.Audio) throws -> MetricSet

    public var detectSpeech: SpeechDetector
    public var asrAdapter: ASRAdapter?
    public var ttsAdapter: TTSAdapter?
    public var measureFeatures: FeatureMeasure
    /// An ASR adapter that replaces every fixture's own ASR source (the
    /// promotion run: same fixtures, candidate engine).
    public var asrOverride: String?
    /// A TTS adapter that replaces every fixture's own TTS source; recorded
    /// traces give it their `request` events as the requests.
    public var ttsOverride: String?

    public init(
        detectSpeech: @escaping SpeechDetector,
        asrAdapter: ASRAdapter? = nil,
        ttsAdapter: TTSAdapter? = nil,
        measureFeatures: @escaping FeatureMeasure = FixtureRunner.measureWithFeatureReport
    ) {
        self.detectSpeech = detectSpeech
        self.asrAdapter = asrAdapter
        self.ttsAdapter = ttsAdapter
        self.measureFeatures = measureFeatures
    }

    /// The default feature measurement: `FeatureReport.measure` on the tracks.
    public static let measureWithFeatureReport: FeatureMeasure = { audio in
        try FeatureReport.measure(micPath: audio.mic, farEndPath: audio.farEnd, aecOutPath: audio.aecOut).metrics
    }

    /// Runs the fixture in `folder`. Never throws: every problem becomes an
    /// entry of `result.errors`, and each part (features, ASR, TTS, turns)
    /// still reports its metrics when another part fails.
    public func run(folder: String) -> FixtureRun {
        let manifest: FixtureManifest
        do {
            manifest = try FixtureManifest.load(folder: folder)
        } catch {
            let name = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
            return FixtureRun(result: FixtureResult(id: name, errors: ["\(error)"]))
        }
        return run(manifest)
    }

    /// Runs an already-decoded fixture.
    public func run(_ manifest: FixtureManifest) -> FixtureRun {
        var result = FixtureResult(id: manifest.id, slices: manifest.slices)
        var traces = FixtureTraces()

        do {
            let features = try measureFeatures(manifest.audio)
            result.metrics.merge(features) { $1 }
            if case .string(let bucket)? = features["snr.bucket"] { result.slices["snr_bucket"] = bucket }
            if case .string(let bucket)? = features["duration_bucket"] {
                result.slices["duration_bucket"] = bucket
            } else if let seconds = features["audio.duration_s"]?.number {
                result.slices["duration_bucket"] = DurationBucket(seconds: seconds).rawValue
            }
        } catch {
            result.errors.append("\(error)")
        }

        // The VAD runs at most once, and only when a part needs speech.
        var detected: DetectedSpeech?
        func segments() -> [SpeechSegment]? {
            if let speech = manifest.speech { return speech }
            if detected == nil { detected = detectUserSpeech(manifest) }
            guard let segments = detected!.segments else {
                let error = "\(FixtureRunError(fixture: manifest.id, reason: "speech detection on \(userTrack(manifest)) failed: \(detected!.failure!)"))"
                if !result.errors.contains(error) { result.errors.append(error) }
                return nil
            }
            return segments
        }

        if let source = asrSource(of: manifest) {
            result.engines["asr"] = source.engine
            do {
                let trace = try emissionTrace(of: manifest)!
                traces.emission = trace
                // Without speech segments the latencies are null; churn and
                // WER need none.
                let speech = segments() ?? []
                result.metrics.merge(ASRMetrics.metrics(trace, segments: speech, reference: manifest.reference,
                                                      entities: manifest.entities)) { $1 }
            } catch {
                result.errors.append("\(error)")
            }
        }

        if let tts = manifest.tts {
            result.engines["tts"] = ttsOverride ?? tts.source.engine
            do {
                let trace = try synthesisTrace(of: manifest)!
                traces.synthesis = trace
                result.metrics.merge(SynthesisMetrics.metrics(trace, startDelayMs: tts.startDelayMs)) { $1 }
            } catch {
                result.errors.append("\(error)")
            }
        }

        if let turns = manifest.turns {
            do {
                let log = try TurnLog.load(path: turns.path, file: display(turns, manifest))
                traces.turns = log
                if let speech = segments() {
                    let metrics = try TurnTakingMetrics.metrics(log, segments: speech, budgetMs: manifest.bargeInBudgetMs)
                    result.metrics.merge(metrics) { $1 }
                }
            } catch {
                result.errors.append("\(error)")
            }
        }
        if let retrieval = manifest.retrieval {
            do {
                let trace = try RetrievalTrace.load(path: retrieval.trace.path)
                result.metrics.merge(GroundingMetrics.metrics(trace, topK: retrieval.topK)) { $1 }
            } catch {
                result.errors.append("\(error)")
            }
        }
        return FixtureRun(manifest: manifest, traces: traces, detectedSpeech: detected, result: result)
    }

    /// The VAD on the user's voice alone (`near_end`) when present, else on `mic`.
    public func detectUserSpeech(_ manifest: FixtureManifest) -> DetectedSpeech {
        let role = manifest.audio.nearEnd == nil ? "mic" : "near_end"
        do {
            return DetectedSpeech(role: role, segments: try detectSpeech(userTrack(manifest)), failure: nil)
        } catch {
            return DetectedSpeech(role: role, segments: nil, failure: "\(error)")
        }
    }

    private func userTrack(_ manifest: FixtureManifest) -> String {
        manifest.audio.nearEnd ?? manifest.audio.mic
    }

    /// Where the fixture's ASR trace comes from; nil when it has no ASR
    /// part. An override (`--asr`) replaces a recorded trace or a declared
    /// adapter, and also serves a fixture with a mic and a reference but
    /// no `asr` section: the candidate engine runs wherever it can be
    /// measured.
    public func asrSource(of manifest: FixtureManifest) -> FixtureManifest.ASRSource? {
        if let asrOverride, manifest.asr != nil || manifest.reference != nil { return .adapter(name: asrOverride) }
        return manifest.asr
    }

    /// The fixture's ASR emissions: its recorded trace, or a run of its
    /// adapter (or of the override); nil when the fixture has no ASR part.
    public func emissionTrace(of manifest: FixtureManifest) throws -> EmissionTrace? {
        guard let source = asrSource(of: manifest) else { return nil }
        switch source {
        case .trace(let file, let clock):
            return try EmissionTrace.load(path: file.path, file: display(file, manifest), clock: clock)
        case .adapter(let name):
            guard let asrAdapter else {
                throw FixtureRunError(fixture: manifest.id, reason: "asr.adapter \"\(name)\" is named but no ASR adapter is wired into this run")
            }
            return try asrAdapter(name, manifest.audio.mic)
        }
    }

    /// The fixture's TTS events: its recorded trace, or a run of its
    /// adapter (or of the override); nil when the fixture has no TTS part.
    public func synthesisTrace(of manifest: FixtureManifest) throws -> SynthesisTrace? {
        guard let source = manifest.tts?.source else { return nil }
        switch try ttsOverride.map({ .adapter(name: $0, requests: try requests(of: source, manifest)) }) ?? source {
        case .trace(let file):
            return try SynthesisTrace.load(path: file.path, file: display(file, manifest))
        case .adapter(let name, let requests):
            guard let ttsAdapter else {
                throw FixtureRunError(fixture: manifest.id, reason: "tts.adapter \"\(name)\" is named but no TTS adapter is wired into this run")
            }
            return try ttsAdapter(name, requests)
        }
    }

    /// What a TTS override is asked to say: the manifest's requests, or the
    /// `request` events of its recorded trace.
    private func requests(of source: FixtureManifest.TTSSource, _ manifest: FixtureManifest) throws -> [SynthesisRequest] {
        switch source {
        case .adapter(_, let requests):
            return requests
        case .trace(let file):
            let trace = try SynthesisTrace.load(path: file.path, file: display(file, manifest))
            return trace.events.compactMap { event in
                guard case .request(let text) = event.kind else { return nil }
                return SynthesisRequest(req: event.req, tMs: event.tMs, text: text)
            }
        }
    }

    /// A trace's name as a person finds it: the fixture folder plus the
    /// manifest's relative path.
    private func display(_ file: FixtureManifest.TraceFile, _ manifest: FixtureManifest) -> String {
        (manifest.folder as NSString).appendingPathComponent(file.name)
    }
}

/// A fixture-level failure that is not about one file's content: a missing
/// adapter, a failed VAD.
public struct FixtureRunError: Error, Equatable, CustomStringConvertible, Sendable {
    public var fixture: String
    public var reason: String
    public var description: String { "fixture \(fixture): \(reason)" }
}

extension FixtureManifest.ASRSource {
    /// The producer a result names: `recorded`, or the adapter.
    var engine: String {
        switch self {
        case .trace: FixtureResult.recorded
        case .adapter(let name): name
        }
    }
}

extension FixtureManifest.TTSSource {
    /// The producer a result names: `recorded`, or the adapter.
    var engine: String {
        switch self {
        case .trace: FixtureResult.recorded
        case .adapter(let name, _): name
        }
    }
}
