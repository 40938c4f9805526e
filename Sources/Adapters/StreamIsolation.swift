import StreamingMetrics
import Traces

/// The rule a sessions engine must keep: a stream's trace depends only on
/// its own audio, never on the streams the process served before.
public enum StreamIsolation {
    /// Streams `mic`, then `other`, then `mic` again through one process of
    /// `adapter` (on the audio clock) and throws an `AdapterFailure`
    /// (`protocolViolation`) when the two traces of `mic` differ: state
    /// leaked from one stream into the next. Returns the trace of `mic`.
    @discardableResult
    public static func check(_ adapter: ProcessASRAdapter, mic: MicSource, other: MicSource) throws -> EmissionTrace {
        let pool = EnginePool(name: adapter.name, command: adapter.command, limits: adapter.limits, capacity: 1)
        defer { pool.shutdown() }
        let reused = ProcessASRAdapter(name: adapter.name, command: adapter.command, sampleRate: adapter.sampleRate,
                                       language: adapter.language, limits: adapter.limits, pool: pool)
        let first = try reused.transcribe(mic, clock: .audio)
        _ = try reused.transcribe(other, clock: .audio)
        let again = try reused.transcribe(mic, clock: .audio)
        guard first != again else { return first }
        let before = TraceJSONL.lines(first).split(separator: "\n").map(String.init)
        let after = TraceJSONL.lines(again).split(separator: "\n").map(String.init)
        let index = zip(before, after).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(before.count, after.count)
        func line(_ lines: [String]) -> String { index < lines.count ? lines[index] : "(no event)" }
        throw AdapterFailure(
            adapter: adapter.name, kind: .protocolViolation,
            problem: "leaks state between streams: the same audio gave a different trace after another stream "
                + "in the same process (event \(index + 1): \(line(before)) then \(line(after)))")
    }
}
