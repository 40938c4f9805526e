import Traces

/// TTS metrics (docs/metrics.md) of one request: first audio byte, chunk cadence,
/// the playback-buffer underrun model, audio length and real-time factor.
public struct RequestMetrics: Equatable, Sendable {
    public var req: Int
    public var firstAudioByteMs: Double?
    public var cadenceP50Ms: Double?
    public var cadenceP95Ms: Double?
    public var cadenceMaxMs: Double?
    /// nil when no chunk arrived, so playback never started.
    public var underrunCount: Int?
    public var underrunMs: Double?
    public var audioMs: Double
    public var rtf: Double?

    /// `events` are one request's events in time order; playback starts
    /// `startDelayMs` after the first chunk and plays in real time.
    public init(req: Int, events: [SynthesisEvent], startDelayMs: Double = 0) {
        self.req = req
        let requestMs = events.first { if case .request = $0.kind { true } else { false } }?.tMs
        let chunks: [(tMs: Double, durationMs: Double)] = events.compactMap {
            if case .chunk(let d) = $0.kind { ($0.tMs, d) } else { nil }
        }
        let endMs = events.first { $0.kind == .end }?.tMs

        firstAudioByteMs = chunks.first.flatMap { chunk in requestMs.map { chunk.tMs - $0 } }
        let gaps = zip(chunks.dropFirst(), chunks).map { $0.tMs - $1.tMs }
        cadenceP50Ms = Percentile.nearestRank(50, of: gaps)
        cadenceP95Ms = Percentile.nearestRank(95, of: gaps)
        cadenceMaxMs = gaps.max()

        if let first = chunks.first {
            var end = first.tMs + startDelayMs
            var count = 0, starved = 0.0
            for chunk in chunks {
                if chunk.tMs > end {
                    count += 1
                    starved += chunk.tMs - end
                    end = chunk.tMs + chunk.durationMs
                } else {
                    end += chunk.durationMs
                }
            }
            underrunCount = count
            underrunMs = starved
        }
        audioMs = chunks.reduce(0) { $0 + $1.durationMs }
        let finishedMs = endMs ?? chunks.last?.tMs
        if let finishedMs, let requestMs, audioMs > 0 {
            rtf = (finishedMs - requestMs) / audioMs
        }
    }
}

/// Per-fixture TTS metrics (docs/metrics.md).
public enum SynthesisMetrics {
    /// One `RequestMetrics` per `req` id, in id order.
    public static func requests(_ trace: SynthesisTrace, startDelayMs: Double = 0) -> [RequestMetrics] {
        let byReq = Dictionary(grouping: trace.events, by: \.req)
        return byReq.keys.sorted().map { RequestMetrics(req: $0, events: byReq[$0]!, startDelayMs: startDelayMs) }
    }

    /// The `tts.*` metrics: each per-request value as p50/p95/max over
    /// requests; underruns summed over requests whose playback started.
    public static func metrics(_ trace: SynthesisTrace, startDelayMs: Double = 0) -> MetricSet {
        let requests = requests(trace, startDelayMs: startDelayMs)
        var metrics: MetricSet = ["tts.requests": .number(Double(requests.count))]
        let perRequest: [(String, KeyPath<RequestMetrics, Double?>)] = [
            ("tts.first_audio_byte_ms", \.firstAudioByteMs),
            ("tts.cadence_p50_ms", \.cadenceP50Ms),
            ("tts.cadence_p95_ms", \.cadenceP95Ms),
            ("tts.cadence_max_ms", \.cadenceMaxMs),
            ("tts.rtf", \.rtf),
        ]
        for (name, path) in perRequest {
            metrics.merge(Percentile.summary(name, requests.compactMap { $0[keyPath: path] })) { $1 }
        }
        metrics.merge(Percentile.summary("tts.audio_ms", requests.map(\.audioMs))) { $1 }
        let played = requests.filter { $0.underrunCount != nil }
        metrics["tts.underrun_count"] = played.isEmpty ? .null : .number(Double(played.reduce(0) { $0 + $1.underrunCount! }))
        metrics["tts.underrun_ms"] = played.isEmpty ? .null : .finite(played.reduce(0) { $0 + $1.underrunMs! })
        return metrics
    }
}
