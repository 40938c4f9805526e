import FileFormats
import Foundation
import Traces

/// Drives one engine through the rules of docs/adapters.md and says which
/// it keeps and which it breaks (`fixture-check adapter-test`).
///
/// Unlike a run, which stops at an engine's first mistake, this records
/// every message and keeps going while the conversation can go on, so an
/// engine author sees all the rules their engine breaks at once. Whatever
/// the engine emits is checked by the one trace validator a recorded trace
/// passes (`EmissionTrace.validate`, `SynthesisTrace.validate`).
public enum AdapterConformance {
    /// The engine under test, as declared (or as `--asr-command` gives it).
    public struct Engine: Sendable {
        public var name: String
        public var command: [String]
        public var streams: AdapterStreams
        public var limits: AdapterLimits
        /// ASR: the rate sent in `start`.
        public var sampleRate: Int
        /// ASR: the language sent in `start`.
        public var language: String
        /// TTS: the `voice` of requests; nil sends none.
        public var voice: String?

        public init(name: String, command: [String], streams: AdapterStreams = .one, limits: AdapterLimits = AdapterLimits(),
                    sampleRate: Int = 16_000, language: String = "en-US", voice: String? = nil) {
            self.name = name
            self.command = command
            self.streams = streams
            self.limits = limits
            self.sampleRate = sampleRate
            self.language = language
            self.voice = voice
        }
    }

    public enum Status: String, Sendable {
        case pass = "PASS"
        case fail = "FAIL"
        case skip = "SKIP"
    }

    /// One rule's outcome: `PASS|FAIL|SKIP <rule>: <detail>`.
    public struct Check: Equatable, Sendable, CustomStringConvertible {
        public var rule: String
        public var status: Status
        public var detail: String

        public init(rule: String, status: Status, detail: String) {
            self.rule = rule
            self.status = status
            self.detail = detail
        }

        public var description: String { "\(status.rawValue) \(rule): \(detail)" }
    }

    /// The ASR rules, in the order they are reported, with what passing means.
    public static let asrRules: [(rule: String, meaning: String)] = [
        ("start", "the process starts"),
        ("ready", "answers every start with ready within the startup timeout, and nothing before it"),
        ("json", "every stdout line is a JSON object with a string \"type\""),
        ("ack", "exactly one ack per audio message"),
        ("fields", "partials and finals carry a string text, a non-negative integer utt, numeric stability/confidence and well-formed words"),
        ("trace", "the emissions pass the trace validator a recorded trace passes"),
        ("utterances", "utt numbered from 0 without gaps, every utterance with a partial gets a final, at least one final per stream"),
        ("done", "done after end, and (sessions) the process stays alive and quiet after it"),
        ("repeat", "the same audio twice gives the same trace"),
        ("isolation", "a stream of other audio in between does not change the trace (StreamIsolation)"),
    ]

    /// The TTS rules, in the order they are reported.
    public static let ttsRules: [(rule: String, meaning: String)] = [
        ("start", "the process starts"),
        ("ready", "answers start with ready within the startup timeout, and nothing before it"),
        ("json", "every stdout line is a JSON object with a string \"type\""),
        ("chunk", "chunks carry the request's req, base64 pcm16 and one positive integer sample_rate per request"),
        ("end", "every request ends with one end carrying its req"),
        ("trace", "the synthesis events pass the trace validator a recorded trace passes"),
        ("done", "done after end, and (sessions) the process stays alive and quiet after it"),
        ("repeat", "the same requests twice give the same audio"),
        ("isolation", "a session of other text in between does not change the audio"),
    ]

    // MARK: - ASR

    /// Runs `engine` as an ASR adapter over `mic` (default: `testSignal()`)
    /// and `other` (default: `otherTestSignal()`): stream 1 and 2 on `mic`
    /// (`repeat`), then `other`, then `mic` again (`isolation`, sessions
    /// only). Sessions use one process for all; one-stream engines a
    /// process per stream. Throws only when the audio cannot be read
    /// (bad input, before any engine starts); what the engine does is in
    /// the checks.
    public static func testASR(_ engine: Engine, mic: MicSource? = nil, other: MicSource? = nil) throws -> [Check] {
        let book = RuleBook(rules: asrRules.map(\.rule))
        if engine.streams == .one {
            book.skip("ready", "one stream per process: no ready is awaited (declare \"streams\": \"many\" or pass --streams many to test sessions)")
            book.skip("isolation", "one stream per process: nothing can leak between streams")
        }
        let chunks = try Self.chunks(mic ?? .samples(testSignal(), sampleRate: testSignalRate), sampleRate: engine.sampleRate)
        let otherChunks = try Self.chunks(other ?? .samples(otherTestSignal(), sampleRate: testSignalRate), sampleRate: engine.sampleRate)
        let plan: [(audio: [[Int16]], label: String)] = engine.streams == .many
            ? [(chunks, "stream 1"), (chunks, "stream 2 (same audio)"), (otherChunks, "stream 3 (other audio)"), (chunks, "stream 4 (same audio)")]
            : [(chunks, "process 1"), (chunks, "process 2 (same audio)")]
        let traces = drive(engine, book: book, plan: plan.map { ($0.audio, $0.label) }) { process, audio, label in
            EmissionTrace(clock: .audio, events: try ASRStreamDriver(engine: engine, label: label, book: book).run(on: process, chunks: audio))
        }
        judgeDeterminism(traces, labels: plan.map(\.label), sessions: engine.streams == .many, book: book,
                         runs: "streams", leak: "the same audio gave another trace", differ: firstDifference)
        book.passDetails = [
            "start": "\(engine.command.joined(separator: " ")) started",
            "ready": "ready after every start",
            "json": "every line a JSON object with a string type",
            "ack": "one ack per audio message in every stream (\(chunks.count) for the test audio)",
            "fields": "every partial and final well-formed",
            "trace": "every stream's events pass the trace validator (\(traces.first?.events.count ?? 0) in \(plan[0].label))",
            "utterances": "utterances numbered from 0, one final each",
            "done": "done after every end",
            "repeat": "\(plan[1].label) gave the same \(traces.first?.events.count ?? 0) events as \(plan[0].label)",
            "isolation": "stream 4 gave the same trace as stream 1 after other audio in between",
        ]
        return book.checks
    }

    /// Runs `body` for each item of `plan` in order and returns what the
    /// completed runs gave, stopping at a failure that ends the
    /// conversation. Sessions share one process; one that exits or talks
    /// after `done` fails `done` and the next item gets a fresh process.
    /// One-stream engines get a process per item.
    /// `repeat`: runs 1 and 2 (the same input) agree; `isolation`, for
    /// sessions: run 4 agrees with run 1 after run 3 heard other input.
    private static func judgeDeterminism<Output>(_ outputs: [Output], labels: [String], sessions: Bool, book: RuleBook,
                                                 runs: String, leak: String, differ: (Output, Output) -> String?) {
        if outputs.count >= 2 {
            if let difference = differ(outputs[0], outputs[1]) {
                book.fail("repeat", "\(labels[1]) differs from \(labels[0]): \(difference)")
            }
        } else {
            book.skip("repeat", "not run: \(labels[outputs.count]) did not complete")
        }
        guard sessions else { return }
        if outputs.count >= 4 {
            if let difference = differ(outputs[0], outputs[3]) {
                book.fail("isolation", "leaks state between \(runs): after \(labels[2]) \(leak): \(difference)")
            }
        } else {
            book.skip("isolation", "not run: fewer than four \(runs) completed")
        }
    }

    private static func drive<Item, Output>(_ engine: Engine, book: RuleBook, plan: [(Item, String)],
                                            _ body: (AdapterProcess, Item, String) throws -> Output) -> [Output] {
        var outputs: [Output] = []
        var process: AdapterProcess?
        defer { process?.finish() }
        items: for (item, label) in plan {
            var attempt = 0
            while true {
                attempt += 1
                let reused = process != nil
                do {
                    if process == nil {
                        book.phase = "start"
                        process = try AdapterProcess(name: engine.name, command: engine.command, limits: engine.limits)
                    }
                    outputs.append(try body(process!, item, label))
                    if engine.streams == .one {
                        process?.finish()
                        process = nil
                    } else if !process!.isReusable {
                        book.fail("done", "\(label): after done the process exited or wrote more output, so it cannot serve the next stream")
                        process = nil
                    }
                    continue items
                } catch let failure as AdapterFailure where reused && attempt == 1 && failure.kind == .exited && book.phase == "ready" {
                    // Gone between its last `done` and this `start`: the
                    // sessions promise broken, not this stream's fault.
                    book.fail("done", "\(label): the process exited after the previous done instead of waiting for the next start (\(describe(failure)))")
                    process = nil
                } catch {
                    book.fatal(book.phase, label, error)
                    process = nil
                    break items
                }
            }
        }
        return outputs
    }

    /// Cuts `source` into the protocol's 20 ms chunks at `sampleRate`.
    static func chunks(_ source: MicSource, sampleRate: Int) throws -> [[Int16]] {
        let chunker = try MicChunker(source: source, sampleRate: sampleRate)
        var chunks: [[Int16]] = []
        while let chunk = try chunker.next() { chunks.append(chunk) }
        return chunks
    }

    // MARK: - TTS

    /// The requests of the TTS test, and the other text between them.
    public static let ttsTexts = ["Turn left at the light.", "The quick brown fox jumps over the lazy dog."]
    public static let ttsOtherTexts = ["Please hold while I check that for you."]

    /// Runs `engine` as a TTS adapter: session (or process) 1 and 2 with
    /// `ttsTexts` (`repeat`), then `ttsOtherTexts`, then `ttsTexts` again
    /// (`isolation`, sessions only).
    public static func testTTS(_ engine: Engine) -> [Check] {
        let book = RuleBook(rules: ttsRules.map(\.rule))
        if engine.streams == .one {
            book.skip("ready", "one stream per process: no ready is awaited (declare \"streams\": \"many\" or pass --streams many to test sessions)")
            book.skip("done", "one stream per process: no end/done session")
            book.skip("isolation", "one stream per process: nothing can leak between sessions")
        }
        let plan: [(texts: [String], label: String)] = engine.streams == .many
            ? [(ttsTexts, "session 1"), (ttsTexts, "session 2 (same text)"), (ttsOtherTexts, "session 3 (other text)"), (ttsTexts, "session 4 (same text)")]
            : [(ttsTexts, "process 1"), (ttsTexts, "process 2 (same text)")]
        let audios = drive(engine, book: book, plan: plan.map { ($0.texts, $0.label) }) { process, texts, label in
            try TTSSessionDriver(engine: engine, label: label, book: book).run(on: process, texts: texts)
        }
        func differ(_ a: [SynthesizedAudio], _ b: [SynthesizedAudio]) -> String? {
            for (x, y) in zip(a, b) where x != y {
                if x.sampleRate != y.sampleRate { return "request \(x.req): sample_rate \(x.sampleRate) then \(y.sampleRate)" }
                if x.samples.count != y.samples.count {
                    return "request \(x.req): \(x.samples.count) samples then \(y.samples.count)"
                }
                let at = zip(x.samples, y.samples).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
                return "request \(x.req): samples differ from sample \(at) (\(format(Double(at) * 1000 / Double(max(1, x.sampleRate)))) ms)"
            }
            return a.count == b.count ? nil : "\(a.count) requests answered then \(b.count)"
        }
        judgeDeterminism(audios, labels: plan.map(\.label), sessions: engine.streams == .many, book: book,
                         runs: "sessions", leak: "the same text gave other audio", differ: differ)
        let seconds = (audios.first ?? []).map(\.durationMs).reduce(0, +) / 1000
        book.passDetails = [
            "start": "\(engine.command.joined(separator: " ")) started",
            "ready": "ready after every start",
            "json": "every line a JSON object with a string type",
            "chunk": "every chunk well-formed (\(format(seconds * 1000)) ms of audio for \(ttsTexts.count) requests)",
            "end": "one end per request",
            "trace": "the synthesis events pass the trace validator",
            "done": "done after every end",
            "repeat": "\(plan[1].label) gave the same audio as \(plan[0].label)",
            "isolation": "session 4 gave the same audio as session 1 after other text in between",
        ]
        return book.checks
    }

    // MARK: - Pure parts

    /// The rate of the generated test signals.
    public static let testSignalRate = 16_000

    /// The default mic: 3 s at 16 kHz of silence and bursts — a harmonic
    /// tone, a gap, white noise, a shorter tone — so an endpointer opens and
    /// closes at least once. The same samples on every machine.
    public static func testSignal() -> [Float] {
        burstPattern([(0.3, nil), (0.8, .tone(220)), (0.5, nil), (0.5, .noise), (0.3, nil), (0.4, .tone(330)), (0.2, nil)])
    }

    /// Audio unlike `testSignal()`, streamed between its two runs.
    public static func otherTestSignal() -> [Float] {
        burstPattern([(0.2, nil), (1.2, .noise), (0.3, nil), (0.3, .tone(440)), (0.5, nil)])
    }

    enum Burst { case tone(Double), noise }

    static func burstPattern(_ segments: [(seconds: Double, burst: Burst?)]) -> [Float] {
        let rate = Double(testSignalRate)
        var samples: [Float] = []
        var seed: UInt32 = 0x2545F491
        for segment in segments {
            let count = Int(segment.seconds * rate)
            for i in 0..<count {
                // 10 ms ramps, so bursts do not click.
                let ramp = Float(min(1, Double(min(i, count - 1 - i)) / (rate / 100)))
                switch segment.burst {
                case nil:
                    samples.append(0)
                case .tone(let hz)?:
                    let t = Double(i) / rate
                    let value = 0.3 * sin(2 * .pi * hz * t) + 0.15 * sin(4 * .pi * hz * t) + 0.08 * sin(6 * .pi * hz * t)
                    samples.append(Float(value) * ramp)
                case .noise?:
                    seed = seed &* 1_664_525 &+ 1_013_904_223
                    samples.append((Float(seed >> 8) / Float(1 << 24) * 2 - 1) * 0.2 * ramp)
                }
            }
        }
        return samples
    }

    /// The event an emission message carries (`t_ms` 0) and what is wrong
    /// with its fields; `(nil, problems)` when it cannot be an event.
    static func emission(from message: JSONValue) -> (event: EmissionEvent?, problems: [String]) {
        let type = message["type"]?.stringValue ?? ""
        let kind = EmissionEvent.Kind(name: type)
        var problems: [String] = []
        var text = ""
        if let value = message["text"], !value.isNull {
            if let string = value.stringValue { text = string } else { problems.append("a \"\(type)\" whose \"text\" is not a string") }
        } else if kind == .partial || kind == .final {
            problems.append("a \"\(type)\" without \"text\"")
        }
        var utt = 0
        if let value = message["utt"], !value.isNull {
            if let index = value.intValue, index >= 0 { utt = index } else {
                problems.append("a \"\(type)\" whose \"utt\" is not a non-negative integer (\(value.serialized(pretty: false)))")
            }
        }
        func number(_ key: String) -> Double? {
            guard let value = message[key], !value.isNull else { return nil }
            guard let number = value.numberValue else {
                problems.append("a \"\(type)\" whose \"\(key)\" is not a number")
                return nil
            }
            return number
        }
        var words: [RecognizedWord]?
        if let value = message["words"], !value.isNull {
            if let items = value.arrayValue {
                words = []
                for (index, item) in items.enumerated() {
                    guard let text = item["text"]?.stringValue, let confidence = item["confidence"]?.numberValue,
                          item.objectValue != nil else {
                        problems.append("a \"\(type)\" whose \"words\"[\(index)] is not {\"text\": string, \"confidence\": number}")
                        continue
                    }
                    words?.append(RecognizedWord(text: text, confidence: confidence))
                }
            } else {
                problems.append("a \"\(type)\" whose \"words\" is not an array")
            }
        }
        let event = EmissionEvent(tMs: 0, utt: utt, kind: kind, text: text, stability: number("stability"),
                                  confidence: number("confidence"), words: words)
        return (event, problems)
    }

    /// What breaks the endpointing rules of docs/adapters.md in one
    /// stream's events: `utt` from 0 without gaps, a final for every
    /// utterance that got a partial, at least one final.
    static func utteranceProblems(_ events: [EmissionEvent]) -> [String] {
        var problems: [String] = []
        var highest = -1
        var open = Set<Int>(), finalized = Set<Int>()
        for (index, event) in events.enumerated() where event.kind == .partial || event.kind == .final {
            if event.utt > highest + 1 {
                problems.append("event \(index + 1): utt \(event.utt) after \(highest < 0 ? "none" : "utt \(highest)") (utterances are numbered from 0, each the previous + 1)")
            }
            highest = max(highest, event.utt)
            if event.kind == .final { finalized.insert(event.utt); open.remove(event.utt) } else if !finalized.contains(event.utt) { open.insert(event.utt) }
        }
        for utt in open.sorted() { problems.append("utterance \(utt) got partials but no final") }
        if finalized.isEmpty {
            problems.append("no final at all (a stream in which nothing was recognized still gets one final, utt 0, \"text\": \"\")")
        }
        return problems
    }

    /// Where two traces first differ, as both events' lines; nil when equal.
    static func firstDifference(_ a: EmissionTrace, _ b: EmissionTrace) -> String? {
        guard a != b else { return nil }
        let before = TraceJSONL.lines(a).split(separator: "\n").map(String.init)
        let after = TraceJSONL.lines(b).split(separator: "\n").map(String.init)
        let index = zip(before, after).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(before.count, after.count)
        func line(_ lines: [String]) -> String { index < lines.count ? lines[index] : "(no event)" }
        if before == after { return "the same lines, but words differ" }
        return "event \(index + 1): \(line(before)) then \(line(after))"
    }

    static func describe(_ error: Error) -> String {
        if let failure = error as? AdapterFailure {
            let problem = failure.problem
            guard let last = failure.stderrTail.last else { return problem }
            return "\(problem) (stderr: \(last))"
        }
        return "\(error)"
    }

    static func format(_ value: Double) -> String { JSONValue.format(number: value.rounded()) }
}

/// The outcome of every rule so far: failures collected as they happen,
/// a fatal one ending the conversation (later rules not reached).
final class RuleBook {
    let rules: [String]
    private var failures: [String: [String]] = [:]
    private var skips: [String: String] = [:]
    private var fatalRule: String?
    /// The rule an engine failure (timeout, exit, bad JSON) counts against now.
    var phase = "start"
    var passDetails: [String: String] = [:]

    init(rules: [String]) { self.rules = rules }

    func fail(_ rule: String, _ problem: String) {
        var list = failures[rule, default: []]
        if list.count < 3, !list.contains(problem) { list.append(problem) }
        else if list.count == 3 { list.append("…") }
        failures[rule] = list
    }

    func skip(_ rule: String, _ reason: String) { if skips[rule] == nil { skips[rule] = reason } }

    /// A failure that ends the conversation: `error` against the rule in
    /// progress, except bad JSON, which is its own rule whatever the phase.
    func fatal(_ rule: String, _ label: String, _ error: Error) {
        let rule = (error as? AdapterFailure)?.kind == .badJSON ? "json" : rule
        fatal(rule, "\(label): \(AdapterConformance.describe(error))")
    }

    func fatal(_ rule: String, _ problem: String) {
        fail(rule, problem)
        if fatalRule == nil { fatalRule = rule }
    }

    var checks: [AdapterConformance.Check] {
        rules.map { rule in
            if let list = failures[rule] { return .init(rule: rule, status: .fail, detail: list.joined(separator: "; ")) }
            if let reason = skips[rule] { return .init(rule: rule, status: .skip, detail: reason) }
            if let fatalRule, rule != fatalRule, !reached.contains(rule) {
                return .init(rule: rule, status: .skip, detail: "not reached: the engine failed \(fatalRule) first")
            }
            return .init(rule: rule, status: .pass, detail: passDetails[rule] ?? "kept")
        }
    }

    /// Rules checked before the fatal failure (their verdict stands).
    var reached: Set<String> = []
}

/// One ASR stream through a process, recording every rule it breaks.
final class ASRStreamDriver {
    let engine: AdapterConformance.Engine
    let label: String
    let book: RuleBook

    init(engine: AdapterConformance.Engine, label: String, book: RuleBook) {
        self.engine = engine
        self.label = label
        self.book = book
    }

    func run(on process: AdapterProcess, chunks: [[Int16]]) throws -> [EmissionEvent] {
        let sessions = engine.streams == .many
        book.phase = sessions ? "ready" : "start"
        book.reached.insert("start")
        try process.send(.object(["type": .string("start"), "sample_rate": .number(Double(engine.sampleRate)),
                                  "language": .string(engine.language)]), what: "the start message")
        if sessions {
            while true {
                let message = try process.receive(awaiting: "ready after start", timeout: engine.limits.startupTimeoutSeconds)
                let type = message["type"]!.stringValue!
                if type == "ready" { break }
                if type == "error" { throw engineError(message, when: "before ready") }
                book.fail("ready", "\(label): sent \"\(type)\" before ready (nothing but ready may come first)")
            }
            book.reached.insert("ready")
        }
        var events: [EmissionEvent] = []
        var samplesSent = 0
        var seenReady = false
        book.phase = "ack"
        book.reached.insert("json")
        for (index, chunk) in chunks.enumerated() {
            let what = "the ack of audio chunk \(index + 1)"
            try process.send(.object(["type": .string("audio"), "pcm16": .string(PCM16.base64(chunk))]), what: "audio chunk \(index + 1)")
            samplesSent += chunk.count
            let tMs = Double(samplesSent) * 1000 / Double(engine.sampleRate)
            var count = 0
            while true {
                let message = try process.receive(awaiting: what)
                let type = message["type"]!.stringValue!
                if type == "ack" { break }
                count += 1
                if count > engine.limits.maxMessagesPerChunk {
                    throw AdapterFailure(adapter: engine.name, kind: .flood, problem: "more than \(engine.limits.maxMessagesPerChunk) messages before \(what)")
                }
                switch type {
                case "ready" where !sessions && index == 0 && !seenReady:
                    seenReady = true  // a sessions engine run as one-stream: dropped, as in a run
                case "ready", "done":
                    book.fail("ack", "\(label): sent \"\(type)\" while we waited for \(what)")
                case "error":
                    throw engineError(message, when: "on audio chunk \(index + 1)")
                default:
                    events.append(emission(message, tMs: tMs))
                }
            }
        }
        book.reached.insert("ack")
        book.phase = "done"
        try process.send(.object(["type": .string("end")]), what: "the end message")
        let total = Double(samplesSent) * 1000 / Double(engine.sampleRate)
        var count = 0
        while true {
            let message = try process.receive(awaiting: "done after end")
            let type = message["type"]!.stringValue!
            if type == "done" { break }
            count += 1
            if count > engine.limits.maxMessagesPerChunk {
                throw AdapterFailure(adapter: engine.name, kind: .flood, problem: "more than \(engine.limits.maxMessagesPerChunk) messages before done")
            }
            switch type {
            case "ack": book.fail("ack", "\(label): an ack after end: more acks than the \(chunks.count) audio messages")
            case "ready": book.fail("done", "\(label): sent \"ready\" while we waited for done after end")
            case "error": throw engineError(message, when: "after end")
            default: events.append(emission(message, tMs: total))
            }
        }
        book.reached.formUnion(["done", "fields", "trace", "utterances"])
        do {
            try EmissionTrace.validate(events: events, source: .adapter(engine.name))
        } catch {
            book.fail("trace", "\(label): \(error)")
        }
        for problem in AdapterConformance.utteranceProblems(events) { book.fail("utterances", "\(label): \(problem)") }
        return events
    }

    private func emission(_ message: JSONValue, tMs: Double) -> EmissionEvent {
        let (event, problems) = AdapterConformance.emission(from: message)
        for problem in problems { book.fail("fields", "\(label): sent \(problem)") }
        var stamped = event ?? EmissionEvent(tMs: tMs, kind: .other(message["type"]?.stringValue ?? ""))
        stamped.tMs = tMs
        return stamped
    }

    private func engineError(_ message: JSONValue, when: String) -> AdapterFailure {
        let detail = message["message"]?.stringValue ?? message.serialized(pretty: false)
        return AdapterFailure(adapter: engine.name, kind: .protocolViolation, problem: "reported an error \(when): \(detail)")
    }
}

/// One TTS session (or one-stream run) through a process.
final class TTSSessionDriver {
    let engine: AdapterConformance.Engine
    let label: String
    let book: RuleBook

    init(engine: AdapterConformance.Engine, label: String, book: RuleBook) {
        self.engine = engine
        self.label = label
        self.book = book
    }

    func run(on process: AdapterProcess, texts: [String]) throws -> [SynthesizedAudio] {
        let sessions = engine.streams == .many
        book.reached.insert("start")
        let origin = MonotonicClock.nowNanoseconds()
        if sessions {
            book.phase = "ready"
            try process.send(.object(["type": .string("start")]), what: "the start message")
            while true {
                let message = try process.receive(awaiting: "ready after start", timeout: engine.limits.startupTimeoutSeconds)
                let type = message["type"]!.stringValue!
                if type == "ready" { break }
                if type == "error" { throw engineError(message, when: "before ready") }
                book.fail("ready", "\(label): sent \"\(type)\" before ready (nothing but ready may come first)")
            }
            book.reached.insert("ready")
        }
        book.reached.insert("json")
        var events: [SynthesisEvent] = []
        var audio: [SynthesizedAudio] = []
        for (req, text) in texts.enumerated() {
            book.phase = "end"
            var message: [String: JSONValue] = ["type": .string("synthesize"), "req": .number(Double(req)), "text": .string(text)]
            if let voice = engine.voice { message["voice"] = .string(voice) }
            try process.send(.object(message), what: "request \(req)")
            events.append(SynthesisEvent(tMs: MonotonicClock.millisecondsSince(origin), req: req, kind: .request(text: text)))
            var samples: [Float] = []
            var rate = 0
            var count = 0
            while true {
                let reply = try process.receive(awaiting: "audio or end of request \(req)")
                let t = MonotonicClock.millisecondsSince(origin)
                let type = reply["type"]!.stringValue!
                if type == "error" { throw engineError(reply, when: "on request \(req)") }
                count += 1
                if count > engine.limits.maxMessagesPerChunk {
                    throw AdapterFailure(adapter: engine.name, kind: .flood, problem: "more than \(engine.limits.maxMessagesPerChunk) messages for request \(req)")
                }
                let replyReq = reply["req"]?.intValue
                if type == "end" {
                    guard replyReq == req else {
                        book.fail("end", "\(label): an end whose \"req\" is not \(req), the request in progress")
                        events.append(SynthesisEvent(tMs: t, req: replyReq ?? req, kind: .end))
                        continue
                    }
                    events.append(SynthesisEvent(tMs: t, req: req, kind: .end))
                    break
                }
                guard type == "chunk" else {
                    book.fail("end", "\(label): sent \"\(type)\" during request \(req) (expected chunk or end)")
                    continue
                }
                if replyReq != req { book.fail("chunk", "\(label): a chunk whose \"req\" is not \(req), the request in progress") }
                guard let chunkRate = reply["sample_rate"]?.intValue, chunkRate > 0 else {
                    book.fail("chunk", "\(label): a chunk of request \(req) without a positive integer \"sample_rate\"")
                    continue
                }
                if rate != 0, chunkRate != rate {
                    book.fail("chunk", "\(label): sample_rate changed from \(rate) to \(chunkRate) within request \(req)")
                }
                guard let pcmText = reply["pcm16"]?.stringValue, let pcm = PCM16.decode(base64: pcmText) else {
                    book.fail("chunk", "\(label): a chunk of request \(req) whose \"pcm16\" is not base64 16-bit PCM")
                    continue
                }
                rate = chunkRate
                samples.append(contentsOf: PCM16.floats(pcm))
                events.append(SynthesisEvent(tMs: t, req: replyReq ?? req,
                                             kind: .chunk(durationMs: Double(pcm.count) * 1000 / Double(chunkRate))))
            }
            audio.append(SynthesizedAudio(req: req, samples: samples, sampleRate: rate))
        }
        book.reached.formUnion(["chunk", "end", "trace"])
        do {
            try SynthesisTrace.validate(events: events, source: .adapter(engine.name))
        } catch {
            book.fail("trace", "\(label): \(error)")
        }
        if sessions {
            book.phase = "done"
            try process.send(.object(["type": .string("end")]), what: "the end message")
            while true {
                let reply = try process.receive(awaiting: "done after end")
                let type = reply["type"]!.stringValue!
                if type == "done" { break }
                if type == "error" { throw engineError(reply, when: "after end") }
                book.fail("done", "\(label): sent \"\(type)\" while we waited for done after end")
            }
            book.reached.insert("done")
        }
        return audio
    }

    private func engineError(_ message: JSONValue, when: String) -> AdapterFailure {
        let detail = message["message"]?.stringValue ?? message.serialized(pretty: false)
        return AdapterFailure(adapter: engine.name, kind: .protocolViolation, problem: "reported an error \(when): \(detail)")
    }
}
