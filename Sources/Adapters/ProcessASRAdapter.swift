import FileFormats
import Traces

/// An ASR engine in any language, run as a process speaking the
/// JSON-Lines protocol of docs/adapters.md on stdin/stdout.
///
/// One-stream engines (`streams` `.one`) get a process per stream. A
/// sessions engine (`.many`) answers each `start` with `ready`; with a
/// `pool` its processes are kept and reused, without one each stream still
/// has its own process (spoken to as a session). Either way the audio
/// clock starts after `ready`: engine start-up never counts in a latency.
public struct ProcessASRAdapter: StreamingASRAdapter {
    public let name: String
    /// Program and arguments; the program already resolved (`AdapterRegistry`).
    public let command: [String]
    /// PCM rate sent in `start` (the engine's requested rate).
    public let sampleRate: Int
    /// `language` sent in `start`.
    public let language: String
    public let limits: AdapterLimits
    /// One stream per process, or sessions.
    public let streams: AdapterStreams
    /// Where a sessions engine's processes come from; nil: one per stream.
    public let pool: EnginePool?

    public init(name: String, command: [String], sampleRate: Int = 16_000, language: String = "en-US",
                limits: AdapterLimits = AdapterLimits(), streams: AdapterStreams = .one, pool: EnginePool? = nil) {
        self.name = name
        self.command = command
        self.sampleRate = sampleRate
        self.language = language
        self.limits = limits
        self.streams = pool == nil ? streams : .many
        self.pool = pool
    }

    public func openStream() throws -> ASRStream {
        try ProcessASRStream(adapter: self)
    }

    public func transcribe(_ mic: MicSource, clock: TraceClock) throws -> EmissionTrace {
        // Open the mic first: an unreadable file is the fixture's fault and
        // must not cost an engine start.
        let chunker = try MicChunker(source: mic, sampleRate: sampleRate)
        let stream = try openStream()
        defer { stream.close() }
        let trace = try AudioClock.run(stream, chunker: chunker, clock: clock)
        // A live engine's trace obeys exactly the rules of a recorded one
        // (two finals for one utterance is the same error from both).
        return try EmissionTrace(validating: trace.events, clock: trace.clock, source: .adapter(name))
    }
}

/// One stream of a `ProcessASRAdapter`. A one-stream process lives as
/// long as this; a pooled one goes back to its pool when the stream ends.
final class ProcessASRStream: ASRStream {
    let sampleRate: Int
    private let process: AdapterProcess
    private let limits: AdapterLimits
    private let streams: AdapterStreams
    private let pool: EnginePool?
    private var chunksSent = 0
    /// `done` arrived: the engine finished the stream cleanly.
    private var completed = false
    private var released = false

    init(adapter: ProcessASRAdapter) throws {
        sampleRate = adapter.sampleRate
        limits = adapter.limits
        streams = adapter.streams
        pool = adapter.pool
        let start = JSONValue.object([
            "type": .string("start"),
            "sample_rate": .number(Double(adapter.sampleRate)),
            "language": .string(adapter.language),
        ])
        if let pool {
            process = try pool.begin(start: start)
        } else {
            process = try AdapterProcess(name: adapter.name, command: adapter.command, limits: adapter.limits)
            if streams == .many {
                try EnginePool.handshake(process, start: start, limits: adapter.limits)
            } else {
                try process.send(start, what: "the start message")
            }
        }
    }

    deinit { release() }

    /// Ends this stream's hold on the process: back to the pool (kept only
    /// after a clean `done`), or finished (EOF) when it is not pooled.
    private func release() {
        guard !released else { return }
        released = true
        if let pool {
            pool.end(process, reusable: completed)
        } else {
            process.finish()
        }
    }

    func send(_ chunk: [Int16]) throws -> [ASRReply] {
        chunksSent += 1
        let what = "audio chunk \(chunksSent)"
        try process.send(.object(["type": .string("audio"), "pcm16": .string(PCM16.base64(chunk))]), what: what)
        return try collect(until: "ack", awaiting: "the ack of \(what)")
    }

    func idle(until deadline: UInt64) throws -> [ASRReply] {
        try process.idle(until: deadline).filter { !skipsReady($0.0["type"]!.stringValue!) }.map { message, received in
            guard let event = try emission(from: message, awaiting: "the next chunk") else {
                throw process.fail(.protocolViolation, "sent \"\(message["type"]!.stringValue!)\" while no audio chunk was outstanding")
            }
            return ASRReply(event: event, receivedNanoseconds: received)
        }
    }

    func finish() throws -> [ASRReply] {
        try process.send(.object(["type": .string("end")]), what: "the end message")
        let replies = try collect(until: "done", awaiting: "done after end of stream")
        completed = true
        release()
        return replies
    }

    func close() { release() }

    private func collect(until terminator: String, awaiting what: String) throws -> [ASRReply] {
        var replies: [ASRReply] = []
        while true {
            let message = try process.receive(awaiting: what)
            let received = MonotonicClock.nowNanoseconds()
            let type = message["type"]!.stringValue!
            if type == terminator { return replies }
            if skipsReady(type) { continue }
            guard let event = try emission(from: message, awaiting: what) else {
                throw process.fail(.protocolViolation, "sent \"\(type)\" while we waited for \(what)")
            }
            replies.append(ASRReply(event: event, receivedNanoseconds: received))
            if replies.count > limits.maxMessagesPerChunk {
                throw process.fail(.flood, "sent more than \(limits.maxMessagesPerChunk) messages while we waited for \(what)")
            }
        }
    }

    /// A sessions engine run as one-stream answers `start` with `ready`
    /// too: control, not an emission, so it is dropped and the trace is the
    /// same as without it. In a session it belongs before the first chunk
    /// only (the handshake reads it), so one later is out of place.
    private func skipsReady(_ type: String) -> Bool {
        guard type == "ready", streams == .one, !seenReady, chunksSent <= 1 else { return false }
        seenReady = true
        return true
    }
    private var seenReady = false

    /// The event a message carries; nil for the protocol's own control
    /// types (`ack`, `done`) arriving out of place.
    private func emission(from message: JSONValue, awaiting what: String) throws -> EmissionEvent? {
        let type = message["type"]!.stringValue!
        switch type {
        case "ack", "done", "ready":
            return nil
        case "error":
            let detail = message["message"]?.stringValue ?? message.serialized(pretty: false)
            throw process.fail(.protocolViolation, "reported an error: \(detail)")
        default:
            break
        }
        let kind = EmissionEvent.Kind(name: type)
        var text = ""
        if let value = message["text"] {
            guard let string = value.stringValue else {
                throw process.fail(.protocolViolation, "sent a \"\(type)\" whose \"text\" is not a string")
            }
            text = string
        } else if kind == .partial || kind == .final {
            throw process.fail(.protocolViolation, "sent a \"\(type)\" without \"text\"")
        }
        var utt = 0
        if let value = message["utt"] {
            guard let index = value.intValue, index >= 0 else {
                throw process.fail(.protocolViolation, "sent a \"\(type)\" whose \"utt\" is not a non-negative integer")
            }
            utt = index
        }
        func unitInterval(_ key: String) throws -> Double? {
            guard let value = message[key], !value.isNull else { return nil }
            guard let number = value.numberValue, (0...1).contains(number) else {
                throw process.fail(.protocolViolation, "sent a \"\(type)\" whose \"\(key)\" is not a number in 0…1")
            }
            return number
        }
        // A final's word confidences (`"words": [{"text", "confidence"}]`):
        // well-formed here; the trace validator checks the values.
        var words: [RecognizedWord]?
        if let value = message["words"], !value.isNull {
            guard let items = value.arrayValue else {
                throw process.fail(.protocolViolation, "sent a \"\(type)\" whose \"words\" is not a list")
            }
            words = try items.map { item in
                guard let word = item["text"]?.stringValue, let confidence = item["confidence"]?.numberValue else {
                    throw process.fail(.protocolViolation, "sent a \"\(type)\" whose \"words\" are not {\"text\", \"confidence\"}")
                }
                return RecognizedWord(text: word, confidence: confidence)
            }
        }
        return EmissionEvent(tMs: 0, utt: utt, kind: kind, text: text,
                             stability: try unitInterval("stability"), confidence: try unitInterval("confidence"),
                             words: words)
    }
}
