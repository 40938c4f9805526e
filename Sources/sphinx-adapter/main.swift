// Reference streaming ASR adapter on CMU PocketSphinx (Debian's 5prealpha),
// speaking the protocol of docs/adapters.md on stdin/stdout exactly as a
// third-party engine would. Utterances are endpointed by PocketSphinx's own voice
// activity detector (ps_get_in_speech): a partial from ps_get_hyp after
// every chunk whose hypothesis changed, and an utterance's final when the
// detector hears its speech end (about half a second of silence) or at the
// end of the stream. Utterances count from 0; one the detector opened on
// noise and that produced no text is dropped without a number. A stream
// with no speech at all still gets its one (empty) final, utterance 0.
//
// Sessions: the models load once, before the first `start`; every `start`
// is answered with `ready` and begins a stream from the same state as the
// first — utterance numbering from 0 and the live cepstral mean (CMN)
// restored to its value after loading, since PocketSphinx otherwise
// carries it from one utterance to the next — so a stream's trace depends
// only on its own audio. EOF ends the process.
//
//   sphinx-adapter [--model-dir DIR] [--hmm DIR] [--lm FILE] [--dict FILE] [--log]
//
// PocketSphinx logs a great deal; it goes to /dev/null unless --log sends
// it to stderr. Nothing but protocol lines ever reaches stdout.
import CPocketSphinx
import Foundation
import FileFormats

@MainActor func fail(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("sphinx-adapter: \(problem)\n".utf8))
    emit(["type": .string("error"), "message": .string(problem)])
    exit(1)
}

@MainActor func emit(_ members: [String: JSONValue]) {
    print(JSONValue.object(members).serialized(pretty: false))
    fflush(nil)  // every output stream: stdout carries the protocol
}

var modelDir = "/usr/share/pocketsphinx/model/en-us"
var hmm: String?, lm: String?, dict: String?
var logToStderr = false
var args = CommandLine.arguments.dropFirst().makeIterator()
while let arg = args.next() {
    func value() -> String {
        guard let v = args.next() else { fail("\(arg) needs a value") }
        return v
    }
    switch arg {
    case "--model-dir": modelDir = value()
    case "--hmm": hmm = value()
    case "--lm": lm = value()
    case "--dict": dict = value()
    case "--log": logToStderr = true
    default: fail("unknown argument \(arg) (usage: sphinx-adapter [--model-dir DIR] [--hmm DIR] [--lm FILE] [--dict FILE] [--log])")
    }
}
let paths = (hmm: hmm ?? modelDir + "/en-us", lm: lm ?? modelDir + "/en-us.lm.bin", dict: dict ?? modelDir + "/cmudict-en-us.dict")
for path in [paths.hmm, paths.lm, paths.dict] where !FileManager.default.fileExists(atPath: path) {
    fail("model file \(path) not found (Debian: apt install pocketsphinx-en-us)")
}

// The acoustic model is trained on 16 kHz audio; the harness resamples to
// the rate we are started with, so anything else is a configuration error.
let modelRate = 16_000
var decoderArgs = ["-hmm", paths.hmm, "-lm", paths.lm, "-dict", paths.dict, "-samprate", "\(modelRate)"]
if !logToStderr {
    decoderArgs += ["-logfn", "/dev/null"]
    err_set_logfp(nil)
}
var cArgs: [UnsafeMutablePointer<CChar>?] = decoderArgs.map { strdup($0) } + [nil]
guard let config = cmd_ln_parse_r(nil, ps_args(), Int32(decoderArgs.count), &cArgs, 1) else {
    fail("pocketsphinx rejected its configuration \(decoderArgs.joined(separator: " "))")
}
guard let decoder = ps_init(config) else { fail("pocketsphinx could not load the models in \(modelDir)") }

/// The live CMN state exactly as the models left it (mean, running sum and
/// frame count: `cmn_live_set` alone would prime a 500-frame history the
/// fresh decoder does not have), restored at every `start`.
struct CMNState {
    var mean: [mfcc_t], sum: [mfcc_t], frames: Int32
    init(_ cmn: UnsafeMutablePointer<cmn_t>) {
        let count = Int(cmn.pointee.veclen)
        mean = Array(UnsafeBufferPointer(start: cmn.pointee.cmn_mean, count: count))
        sum = Array(UnsafeBufferPointer(start: cmn.pointee.sum, count: count))
        frames = cmn.pointee.nframe
    }
    func restore(_ cmn: UnsafeMutablePointer<cmn_t>) {
        for i in mean.indices {
            cmn.pointee.cmn_mean[i] = mean[i]
            cmn.pointee.sum[i] = sum[i]
        }
        cmn.pointee.nframe = frames
    }
}
let cmnStruct = ps_get_feat(decoder).pointee.cmn_struct
let initialCMN = cmnStruct.map(CMNState.init)

var lastHypothesis = ""
var inUtterance = false
/// The current utterance's number, and whether the detector has heard
/// speech in it / a partial has been sent for it.
var utterance = 0
var heardSpeech = false
var sentPartial = false

@MainActor func hypothesis() -> String {
    var score: Int32 = 0
    guard let text = ps_get_hyp(decoder, &score) else { return "" }
    return String(cString: text)
}

/// The final's words with PocketSphinx's posterior probability (bestpath
/// lattice), fillers and silences left out and alternate pronunciations
/// (`read(2)`) named as the word; nil when they do not spell the final.
@MainActor func scoredWords(of text: String) -> [JSONValue]? {
    let logmath = ps_get_logmath(decoder)
    var words: [JSONValue] = []
    var segment = ps_seg_iter(decoder)
    while let current = segment {
        if let raw = ps_seg_word(current).map({ String(cString: $0) }),
           !raw.hasPrefix("<"), !raw.hasPrefix("["), raw != "<sil>" {
            let word = raw.split(separator: "(").first.map(String.init) ?? raw
            var acoustic: Int32 = 0, language: Int32 = 0, backoff: Int32 = 0
            let posterior = min(1, max(0, logmath_exp(logmath, ps_seg_prob(current, &acoustic, &language, &backoff))))
            words.append(.object(["text": .string(word), "confidence": .finite((posterior * 1e6).rounded() / 1e6)]))
        }
        segment = ps_seg_next(current)
    }
    let spelled = words.compactMap { $0["text"]?.stringValue }.joined(separator: " ")
    return spelled == text ? words : nil
}

/// Ends the decoder's utterance and sends its final unless it had no text
/// at all; `always` sends one even then (utterance 0 of a silent stream).
/// A final carries its word confidences when the segmentation spells it.
@MainActor func finishUtterance(always: Bool) {
    ps_end_utt(decoder)
    let text = hypothesis()
    if !text.isEmpty || sentPartial || always {
        var final: [String: JSONValue] = ["type": .string("final"), "utt": .number(Double(utterance)), "text": .string(text)]
        if !text.isEmpty, let words = scoredWords(of: text) { final["words"] = .array(words) }
        emit(final)
        utterance += 1
    }
    heardSpeech = false
    sentPartial = false
    lastHypothesis = ""
}

while let line = readLine() {
    guard let message = try? JSONValue.parse(line), let type = message["type"]?.stringValue else {
        fail("input line is not a protocol message: \(line.prefix(80))")
    }
    switch type {
    case "start":
        let rate = message["sample_rate"]?.intValue ?? modelRate
        guard rate == modelRate else { fail("the en-us model needs sample_rate \(modelRate), got \(rate)") }
        // A new stream, as in a fresh decoder: the noise level the front
        // end tracks (ps_start_stream) and the cepstral mean start over.
        guard ps_start_stream(decoder) == 0 else { fail("ps_start_stream failed") }
        if let cmnStruct, let initialCMN { initialCMN.restore(cmnStruct) }
        guard ps_start_utt(decoder) == 0 else { fail("ps_start_utt failed") }
        inUtterance = true
        utterance = 0
        heardSpeech = false
        sentPartial = false
        lastHypothesis = ""
        emit(["type": .string("ready")])
    case "audio":
        guard inUtterance else { fail("audio before start") }
        guard let text = message["pcm16"]?.stringValue, let data = Data(base64Encoded: text), data.count % 2 == 0 else {
            fail("audio without base64 16-bit pcm16")
        }
        var samples = [Int16](repeating: 0, count: data.count / 2)
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            for i in samples.indices {
                samples[i] = Int16(bitPattern: UInt16(bytes[2 * i]) | UInt16(bytes[2 * i + 1]) << 8)
            }
        }
        let status = samples.withUnsafeBufferPointer { ps_process_raw(decoder, $0.baseAddress, $0.count, 0, 0) }
        guard status >= 0 else { fail("ps_process_raw failed") }
        let current = hypothesis()
        if current != lastHypothesis, !current.isEmpty {
            emit(["type": .string("partial"), "utt": .number(Double(utterance)), "text": .string(current)])
            sentPartial = true
        }
        lastHypothesis = current
        let inSpeech = ps_get_in_speech(decoder) != 0
        if inSpeech {
            heardSpeech = true
        } else if heardSpeech {
            // The detector heard this utterance's speech end.
            finishUtterance(always: false)
            guard ps_start_utt(decoder) == 0 else { fail("ps_start_utt failed") }
        }
        emit(["type": .string("ack")])
    case "end":
        guard inUtterance else { fail("end before start") }
        inUtterance = false
        finishUtterance(always: utterance == 0)
        emit(["type": .string("done")])
    default:
        // Unknown messages are ignored so the protocol can grow.
        break
    }
}
ps_free(decoder)
cmd_ln_free_r(config)
for arg in cArgs { free(arg) }
