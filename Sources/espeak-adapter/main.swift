// Reference TTS adapter on espeak-ng, speaking the protocol of
// docs/adapters.md on stdin/stdout exactly as a third-party engine would:
// each `synthesize` request is rendered by espeak-ng's synchronous
// synthesis callback, every buffer it hands us goes out as one `chunk`
// (pcm16 at the engine's own rate, 22050 Hz for the stock voices), then
// `end`. Sessions: `start` is answered with `ready` (espeak-ng is loaded
// by then) and resets the voice to the default; `end` with `done`; the
// process serves the next `start` until EOF.
//
//   espeak-adapter [--voice NAME] [--chunk-ms N] [--rate WPM]
import CEspeakNG
import Foundation
import FileFormats

@MainActor func emit(_ members: [String: JSONValue]) {
    print(JSONValue.object(members).serialized(pretty: false))
    fflush(nil)  // every output stream: stdout carries the protocol
}

@MainActor func fail(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("espeak-adapter: \(problem)\n".utf8))
    emit(["type": .string("error"), "message": .string(problem)])
    exit(1)
}

var defaultVoice = "en-us"
var chunkMs: Int32 = 100
var wordsPerMinute: Int32?
var args = CommandLine.arguments.dropFirst().makeIterator()
while let arg = args.next() {
    guard let value = args.next() else { fail("\(arg) needs a value") }
    switch arg {
    case "--voice": defaultVoice = value
    case "--chunk-ms": chunkMs = Int32(value) ?? chunkMs
    case "--rate": wordsPerMinute = Int32(value)
    default: fail("unknown argument \(arg) (usage: espeak-adapter [--voice NAME] [--chunk-ms N] [--rate WPM])")
    }
}

let sampleRate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, chunkMs, nil, 0)
guard sampleRate > 0 else { fail("espeak-ng failed to initialize (is espeak-ng-data installed?)") }
if let wordsPerMinute { espeak_SetParameter(espeakRATE, wordsPerMinute, 0) }

/// The request being rendered; the C callback has no context pointer we
/// control, so it reads this.
var currentRequest: JSONValue = .number(0)

espeak_SetSynthCallback { wav, count, _ in
    guard let wav, count > 0 else { return 0 }
    var bytes = [UInt8](repeating: 0, count: Int(count) * 2)
    for i in 0..<Int(count) {
        let bits = UInt16(bitPattern: wav[i])
        bytes[2 * i] = UInt8(bits & 0xFF)
        bytes[2 * i + 1] = UInt8(bits >> 8)
    }
    emit(["type": .string("chunk"), "req": currentRequest, "pcm16": .string(Data(bytes).base64EncodedString()),
          "sample_rate": .number(Double(sampleRate))])
    return 0
}

var activeVoice = ""
while let line = readLine() {
    guard let message = try? JSONValue.parse(line), let type = message["type"]?.stringValue else {
        fail("input line is not a protocol message: \(line.prefix(80))")
    }
    switch type {
    case "start":
        // Reset between streams: the next request without a voice gets the
        // default one, whatever the previous stream used.
        if activeVoice != defaultVoice {
            guard espeak_SetVoiceByName(defaultVoice) == EE_OK else { fail("espeak-ng has no voice named \(defaultVoice)") }
            activeVoice = defaultVoice
        }
        emit(["type": .string("ready")])
        continue
    case "end":
        emit(["type": .string("done")])
        continue
    case "synthesize":
        break
    default:
        continue
    }
    currentRequest = message["req"] ?? .number(0)
    let voice = message["voice"]?.stringValue ?? defaultVoice
    if voice != activeVoice {
        guard espeak_SetVoiceByName(voice) == EE_OK else { fail("espeak-ng has no voice named \(voice)") }
        activeVoice = voice
    }
    let text = message["text"]?.stringValue ?? ""
    let status = text.withCString { pointer in
        espeak_Synth(pointer, strlen(pointer) + 1, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8), nil, nil)
    }
    guard status == EE_OK else { fail("espeak_Synth failed on request \(currentRequest.serialized(pretty: false))") }
    emit(["type": .string("end"), "req": currentRequest])
}
espeak_Terminate()
