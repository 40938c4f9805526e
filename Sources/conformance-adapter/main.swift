// A deterministic stand-in engine for the harness's own tests: it speaks
// the protocol of docs/adapters.md exactly (sessions included), and on request misbehaves in each way a real engine can
// (hang, crash, garbage, flood), so every failure path is exercised.
//
// ASR: audio is cut into 100 ms blocks (counted in received samples, across
// chunk boundaries); each completed block whose RMS is at least −40 dBFS
// adds one word, and a partial "w1 … wk" follows the chunk that completed
// it. The final holds every word. So a 1 s tone at 16 kHz gives partials at
// 100, 200, … 1000 ms of audio with 1 … 10 words — checkable by hand.
//
// TTS (--tts): per request, 100 ms of a 440 Hz tone at --tts-rate (16000)
// per word of the text, in 100 ms chunks, then end.
//
// Sessions: every `start` resets the stream's state and is answered with
// `ready` (after --startup-delay-ms on the first one, a model load); `end`
// gets the final and `done`, then the next `start` may follow until EOF.
// Misbehaviour between streams, for the pool's tests: --leak-state keeps
// the words of earlier streams (a trace then depends on what ran before),
// --die-after-done N exits after the N-th `done`, --never-ready never
// answers `start`.
// Protocol mistakes within a stream, for `fixture-check adapter-test`:
// --double-final sends the final twice, --no-ack-after N stops acking
// audio from the N-th chunk on (it keeps reading), --confidence X puts
// "confidence": X on every final (out of 0…1 breaks the trace rules).
import Foundation
import FileFormats
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var tts = false
    var ttsRate = 16_000
    var hangAfter: Int?
    var crashAfter: Int?
    var garbageAfter: Int?
    var floodAfter: Int?
    var longLineAfter: Int?
    var sleeperPIDFile: String?
    var stderrLines = 0
    var startupDelayMs = 0
    var leakState = false
    var dieAfterDone: Int?
    var neverReady = false
    var doubleFinal = false
    var noAckAfter: Int?
    var confidence: Double?
}

@MainActor func parseOptions() -> Options {
    var options = Options()
    var args = CommandLine.arguments.dropFirst().makeIterator()
    func int(_ flag: String) -> Int {
        guard let text = args.next(), let value = Int(text) else { usage("\(flag) needs an integer") }
        return value
    }
    while let arg = args.next() {
        switch arg {
        case "--tts": options.tts = true
        case "--tts-rate": options.ttsRate = int(arg)
        case "--hang-after": options.hangAfter = int(arg)
        case "--crash-after": options.crashAfter = int(arg)
        case "--garbage-after": options.garbageAfter = int(arg)
        case "--flood-after": options.floodAfter = int(arg)
        case "--long-line-after": options.longLineAfter = int(arg)
        case "--stderr-lines": options.stderrLines = int(arg)
        case "--startup-delay-ms": options.startupDelayMs = int(arg)
        case "--leak-state": options.leakState = true
        case "--die-after-done": options.dieAfterDone = int(arg)
        case "--never-ready": options.neverReady = true
        case "--double-final": options.doubleFinal = true
        case "--no-ack-after": options.noAckAfter = int(arg)
        case "--confidence":
            guard let text = args.next(), let value = Double(text) else { usage("--confidence needs a number") }
            options.confidence = value
        case "--spawn-sleeper":
            guard let path = args.next() else { usage("--spawn-sleeper needs a file") }
            options.sleeperPIDFile = path
        default: usage("unknown argument \(arg)")
        }
    }
    return options
}

@MainActor func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("conformance-adapter: \(problem)\n".utf8))
    exit(64)
}

@MainActor func emit(_ members: [String: JSONValue]) {
    print(JSONValue.object(members).serialized(pretty: false))
    fflush(nil)  // every output stream: stdout carries the protocol
}

@MainActor func log(_ text: String) {
    FileHandle.standardError.write(Data("conformance-adapter: \(text)\n".utf8))
}

/// Misbehaves as asked once `count` units (chunks or requests) arrived.
@MainActor func misbehave(_ options: Options, count: Int) {
    if let n = options.crashAfter, count >= n {
        log("simulated crash after \(count)")
        exit(3)
    }
    if let n = options.hangAfter, count >= n {
        log("simulated hang after \(count)")
        while true { sleep(1000) }
    }
    if let n = options.garbageAfter, count >= n {
        log("simulated garbage after \(count)")
        print("this is not json")
        fflush(nil)  // every output stream: stdout carries the protocol
    }
    if let n = options.floodAfter, count >= n {
        log("simulated flood after \(count)")
        while true { emit(["type": .string("partial"), "utt": .number(0), "text": .string("flood")]) }
    }
    if let n = options.longLineAfter, count >= n {
        log("simulated endless line after \(count)")
        let block = String(repeating: "x", count: 65_536)
        while true { print(block, terminator: "") }
    }
}

@MainActor func spawnSleeper(pidFile: String) {
    var child: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup("sleep"), strdup("600"), nil]
    guard posix_spawnp(&child, "sleep", nil, nil, argv, environ) == 0 else { log("cannot spawn sleep"); exit(1) }
    try? "\(getpid()) \(child)\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
}

let options = parseOptions()
if let path = options.sleeperPIDFile { spawnSleeper(pidFile: path) }
for i in 1...max(1, options.stderrLines) where options.stderrLines > 0 { log("stderr line \(i)") }

var sampleRate = 16_000
var received = 0
var blockEnergy = 0.0
var words: [String] = []
var units = 0
var streamsStarted = 0
var streamsDone = 0

while let line = readLine() {
    guard let message = try? JSONValue.parse(line), let type = message["type"]?.stringValue else {
        log("bad input line: \(line.prefix(80))")
        exit(2)
    }
    switch type {
    case "start":
        if options.neverReady {
            log("simulated start-up that never ends")
            while true { sleep(1000) }
        }
        if streamsStarted == 0, options.startupDelayMs > 0 { usleep(useconds_t(options.startupDelayMs) * 1000) }
        streamsStarted += 1
        sampleRate = message["sample_rate"]?.intValue ?? 16_000
        received = 0
        blockEnergy = 0
        if !options.leakState { words = [] }
        emit(["type": .string("ready")])
    case "audio":
        units += 1
        misbehave(options, count: units)
        guard let text = message["pcm16"]?.stringValue, let data = Data(base64Encoded: text) else {
            emit(["type": .string("error"), "message": .string("audio without base64 pcm16")])
            exit(2)
        }
        let block = sampleRate / 10
        var addedWord = false
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            for i in 0..<(bytes.count / 2) {
                let sample = Double(Int16(bitPattern: UInt16(bytes[2 * i]) | UInt16(bytes[2 * i + 1]) << 8)) / 32768
                blockEnergy += sample * sample
                received += 1
                if received % block == 0 {
                    // −40 dBFS RMS is a mean square of 1e-4.
                    if blockEnergy / Double(block) >= 1e-4 {
                        words.append("w\(words.count + 1)")
                        addedWord = true
                    }
                    blockEnergy = 0
                }
            }
        }
        if addedWord {
            emit(["type": .string("partial"), "utt": .number(0), "text": .string(words.joined(separator: " "))])
        }
        if let n = options.noAckAfter, units >= n { break }
        emit(["type": .string("ack")])
    case "end":
        if !options.tts {
            var final: [String: JSONValue] = ["type": .string("final"), "utt": .number(0), "text": .string(words.joined(separator: " "))]
            if let confidence = options.confidence { final["confidence"] = .number(confidence) }
            emit(final)
            if options.doubleFinal { emit(final) }
        }
        emit(["type": .string("done")])
        streamsDone += 1
        if let n = options.dieAfterDone, streamsDone >= n {
            log("simulated exit after done \(streamsDone)")
            exit(0)
        }
    case "synthesize":
        units += 1
        misbehave(options, count: units)
        let req = message["req"] ?? .number(0)
        let text = message["text"]?.stringValue ?? ""
        let chunk = options.ttsRate / 10
        var phase = 0
        for _ in text.split(whereSeparator: \.isWhitespace) {
            var pcm = [Int16](repeating: 0, count: chunk)
            for i in 0..<chunk {
                pcm[i] = Int16(16_384 * sin(2 * Double.pi * 440 * Double(phase) / Double(options.ttsRate)))
                phase += 1
            }
            let bytes = pcm.withUnsafeBytes { Data($0) }
            emit(["type": .string("chunk"), "req": req, "pcm16": .string(bytes.base64EncodedString()),
                  "sample_rate": .number(Double(options.ttsRate))])
        }
        emit(["type": .string("end"), "req": req])
    default:
        log("ignoring message type \(type)")
    }
}
