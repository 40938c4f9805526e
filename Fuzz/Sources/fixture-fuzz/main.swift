// libFuzzer entry point for every reader of untrusted bytes. Built with
// `-sanitize=fuzzer,address -parse-as-library` (Scripts/fuzz), so this file
// holds declarations only and libFuzzer supplies `main`.
//
// FUZZ_TARGET names the reader (see `FuzzTarget`); a reader may throw any
// error it likes — only a crash, a trap (overflow, out-of-range index,
// force-unwrap) or an AddressSanitizer report is a finding.
import Adapters
import CFuzzerDriver
import FileFormats
import FixtureAudio
import FixtureKit
import Foundation
import Gate
import Insights
import StreamingMetrics
import Traces

/// The readers under test, one per untrusted input format.
enum FuzzTarget: String, CaseIterable {
    case json, emission, synthesis, turns, rag, manifest, golden, tolerances, budgets, packet, results, merge, registry, audio
}

/// Scratch files for readers that only take paths (libsndfile, manifests,
/// request logs); one folder per process, reused by every input.
final class Scratch: @unchecked Sendable {
    static let shared = Scratch()
    let folder: String
    init() {
        folder = NSTemporaryDirectory() + "fixture-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A fixture folder whose manifest may name these files.
        for name in ["mic.wav", "far_end.wav", "near_end.wav", "asr.jsonl", "tts.jsonl", "turns.jsonl", "rag.jsonl"] {
            FileManager.default.createFile(atPath: folder + "/" + name, contents: Data("x".utf8))
        }
    }
    func write(_ data: Data, name: String) -> String {
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: data)
        return path
    }
}

nonisolated(unsafe) var selectedTarget: FuzzTarget = .json

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "json"
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue))\n".utf8))
        exit(64)
    }
    selectedTarget = target
    _ = Scratch.shared
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
    exercise(selectedTarget, data)
    return 0
}

/// SwiftPM links an executable target's entry as `<module>_main` and points
/// `main` at it, so libFuzzer's own `main` never links in; this entry hands
/// control to libFuzzer's driver instead.
@_cdecl("fixture_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { bytes, size in fuzzOneInput(bytes, size) }
}

func exercise(_ target: FuzzTarget, _ data: Data) {
    switch target {
    case .json:
        guard let value = try? JSONValue.parse(data: data) else { return }
        // The canonical writer must always produce JSON its own parser reads.
        let text = value.serialized()
        guard (try? JSONValue.parse(text)) != nil else { fatalError("canonical output does not parse: \(text)") }
    case .emission:
        guard let trace = try? EmissionTrace.decode(data: data, file: "asr.jsonl") else { return }
        checkFinite(ASRMetrics.metrics(trace, segments: [SpeechSegment(startMs: 0, endMs: 1000)], reference: "turn left"))
        _ = TraceJSONL.lines(trace)
    case .synthesis:
        guard let trace = try? SynthesisTrace.decode(data: data, file: "tts.jsonl") else { return }
        checkFinite(SynthesisMetrics.metrics(trace, startDelayMs: 20))
        _ = TraceJSONL.lines(trace)
    case .turns:
        guard let log = try? TurnLog.decode(data: data, file: "turns.jsonl") else { return }
        if let metrics = try? TurnTakingMetrics.metrics(log, segments: [SpeechSegment(startMs: 100, endMs: 900)]) {
            checkFinite(metrics)
        }
    case .rag:
        guard let trace = try? RetrievalTrace.decode(String(decoding: data, as: UTF8.self), path: "rag.jsonl") else { return }
        checkFinite(GroundingMetrics.metrics(trace, topK: 3))
    case .manifest:
        guard let json = try? JSONValue.parse(data: data) else { return }
        _ = try? FixtureManifest.decode(json, folder: Scratch.shared.folder, file: "fixture.json")
    case .golden:
        guard let json = try? JSONValue.parse(data: data), let golden = try? Golden(json: json) else { return }
        _ = golden.serialized
    case .tolerances:
        guard let json = try? JSONValue.parse(data: data), let table = try? ToleranceTable(json: json, path: "tolerances.json") else { return }
        _ = MetricComparison.diffs(golden: ["asr.wer": .number(0.1), "snr.bucket": .string("0-5")],
                                   actual: ["asr.wer": .number(0.2), "tts.rtf.p50": .null], tolerances: table)
    case .budgets:
        guard let json = try? JSONValue.parse(data: data) else { return }
        _ = try? BudgetSet(json: json, path: "budgets.json")
    case .packet:
        let path = Scratch.shared.write(data, name: "records.jsonl")
        try? RequestLog.forEachRecord(path: path) { _ in }
    case .results:
        guard let json = try? JSONValue.parse(data: data) else { return }
        _ = try? RunResults(json: json, path: "run.json")
    case .merge:
        guard let json = try? JSONValue.parse(data: data), let report = try? GateReport(json: json, path: "shard.json") else { return }
        _ = try? GateMerge.merge([report], paths: ["shard.json"])
        _ = report.json.serialized()
    case .registry:
        guard let json = try? JSONValue.parse(data: data) else { return }
        _ = try? AdapterRegistry(path: "fixture-check.json", json: json, searchDirectories: [])
    case .audio:
        let path = Scratch.shared.write(data, name: "input.wav")
        guard let reader = try? AudioReader(path: path) else { return }
        defer { reader.close() }
        // A header may claim billions of frames: stop after a bounded read,
        // as the reader's callers stream rather than trust the count.
        var seen = 0
        try? reader.forEachMonoBlock(blockFrames: 4096) { block in
            seen += block.count
            if seen > 4_000_000 { throw FuzzStop() }
        }
    }
}

struct FuzzStop: Error {}

/// Metrics are finite or null (docs/metrics.md: never NaN, never Infinity).
func checkFinite(_ metrics: MetricSet) {
    for (name, value) in metrics {
        if case .number(let n) = value, !n.isFinite { fatalError("metric \(name) is \(n)") }
    }
}
