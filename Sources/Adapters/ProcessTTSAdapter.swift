import Traces
#if canImport(Glibc)
import Glibc
import FileFormats
#endif

/// A TTS engine in any language, run as a process speaking the
/// JSON-Lines protocol of docs/adapters.md.
///
/// Timing, one-stream engine: the run starts when the process is spawned,
/// so request 0 at `t_ms` 0 includes the engine's start-up, as a cold
/// start in production does. Sessions engine (`streams` `.many`): the run
/// is `start` → `ready`, the requests, then `end` → `done`, and starts at
/// `ready`, so start-up (and a reused process's history) never counts. Each request is sent at its `t_ms` (or as soon as the previous
/// one ended, if later) and stamped when actually written; every chunk is
/// stamped with monotonic ms since the run start when its line is read.
public struct ProcessTTSAdapter: TTSAdapter {
    public let name: String
    public let command: [String]
    /// Voice for requests that name none; nil sends no `voice` field.
    public let voice: String?
    public let limits: AdapterLimits
    /// One stream per process, or sessions.
    public let streams: AdapterStreams
    /// Where a sessions engine's processes come from; nil: one per run.
    public let pool: EnginePool?

    public init(name: String, command: [String], voice: String? = nil, limits: AdapterLimits = AdapterLimits(),
                streams: AdapterStreams = .one, pool: EnginePool? = nil) {
        self.name = name
        self.command = command
        self.voice = voice
        self.limits = limits
        self.streams = pool == nil ? streams : .many
        self.pool = pool
    }

    public func synthesize(_ requests: [SynthesisRequest]) throws -> SynthesisResult {
        guard streams == .many else {
            let origin = MonotonicClock.nowNanoseconds()
            let process = try AdapterProcess(name: name, command: command, limits: limits)
            defer { process.finish() }
            return try run(requests, on: process, origin: origin)
        }
        let start = JSONValue.object(["type": .string("start")])
        let process: AdapterProcess
        if let pool {
            process = try pool.begin(start: start)
        } else {
            process = try AdapterProcess(name: name, command: command, limits: limits)
        }
        var completed = false
        defer {
            if let pool { pool.end(process, reusable: completed) } else { process.finish() }
        }
        if pool == nil { try EnginePool.handshake(process, start: start, limits: limits) }
        let result = try run(requests, on: process, origin: MonotonicClock.nowNanoseconds())
        try process.send(.object(["type": .string("end")]), what: "the end message")
        let reply = try process.receive(awaiting: "done after the last request")
        guard reply["type"]?.stringValue == "done" else {
            throw process.fail(.protocolViolation, "sent \"\(reply["type"]!.stringValue!)\" while we waited for done after the last request")
        }
        completed = true
        return result
    }

    private func run(_ requests: [SynthesisRequest], on process: AdapterProcess, origin: UInt64) throws -> SynthesisResult {
        var events: [SynthesisEvent] = []
        var audio: [SynthesizedAudio] = []
        for request in requests {
            let req = request.req
            let due = origin + UInt64(max(0, request.tMs) * 1e6)
            let early = try process.idle(until: due)
            if let (message, _) = early.first {
                throw process.fail(.protocolViolation, "sent \"\(message["type"]!.stringValue!)\" before request \(req) was sent")
            }
            var message: [String: JSONValue] = ["type": .string("synthesize"), "req": .number(Double(req)), "text": .string(request.text)]
            if let voice = request.voice ?? voice { message["voice"] = .string(voice) }
            try process.send(.object(message), what: "request \(req)")
            events.append(SynthesisEvent(tMs: MonotonicClock.millisecondsSince(origin), req: req, kind: .request(text: request.text)))
            var samples: [Float] = []
            var rate = 0
            var chunks = 0
            while true {
                let reply = try process.receive(awaiting: "audio or end of request \(req)")
                let t = MonotonicClock.millisecondsSince(origin)
                let type = reply["type"]!.stringValue!
                if type == "error" {
                    let detail = reply["message"]?.stringValue ?? reply.serialized(pretty: false)
                    throw process.fail(.protocolViolation, "reported an error on request \(req): \(detail)")
                }
                guard reply["req"]?.intValue == req else {
                    throw process.fail(.protocolViolation, "sent a \"\(type)\" whose \"req\" is not \(req), the request in progress")
                }
                if type == "end" {
                    events.append(SynthesisEvent(tMs: t, req: req, kind: .end))
                    break
                }
                guard type == "chunk" else {
                    throw process.fail(.protocolViolation, "sent \"\(type)\" during request \(req) (expected chunk or end)")
                }
                guard let chunkRate = reply["sample_rate"]?.intValue, chunkRate > 0 else {
                    throw process.fail(.protocolViolation, "sent a chunk of request \(req) without a positive integer \"sample_rate\"")
                }
                guard rate == 0 || chunkRate == rate else {
                    throw process.fail(.protocolViolation, "changed sample_rate from \(rate) to \(chunkRate) within request \(req)")
                }
                guard let text = reply["pcm16"]?.stringValue, let pcm = PCM16.decode(base64: text) else {
                    throw process.fail(.protocolViolation, "sent a chunk of request \(req) whose \"pcm16\" is not base64 16-bit PCM")
                }
                rate = chunkRate
                samples.append(contentsOf: PCM16.floats(pcm))
                events.append(SynthesisEvent(tMs: t, req: req, kind: .chunk(durationMs: Double(pcm.count) * 1000 / Double(chunkRate))))
                chunks += 1
                if chunks > limits.maxMessagesPerChunk {
                    throw process.fail(.flood, "sent more than \(limits.maxMessagesPerChunk) chunks for request \(req)")
                }
            }
            audio.append(SynthesizedAudio(req: req, samples: samples, sampleRate: rate))
        }
        // The same rules as a recorded TTS trace.
        return SynthesisResult(trace: try SynthesisTrace(validating: events, source: .adapter(name)), audio: audio)
    }
}
