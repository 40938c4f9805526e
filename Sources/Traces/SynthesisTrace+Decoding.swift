import FileFormats
import Foundation

extension SynthesisTrace {
    /// Reads a TTS trace (SPEC §2) from `path`; errors name `file` and the line.
    public static func load(path: String, file: String? = nil) throws -> SynthesisTrace {
        try decode(lines: TraceLines.read(path: path, file: file ?? path))
    }

    /// Decodes a TTS trace from JSON Lines bytes.
    public static func decode(data: Data, file: String) throws -> SynthesisTrace {
        try decode(lines: TraceLines.split(data: data, file: file))
    }

    static func decode(lines: [TraceLine]) throws -> SynthesisTrace {
        var events: [SynthesisEvent] = []
        var requested = Set<Int>()
        var ended = Set<Int>()
        for line in lines {
            let name = try line.string("kind")
            let req = try line.optionalIndex("req") ?? 0
            let kind: SynthesisEvent.Kind
            switch name {
            case "request":
                guard requested.insert(req).inserted else { throw line.error("second request event for req \(req)") }
                kind = .request(text: try line.optionalString("text") ?? "")
            case "chunk":
                // Metrics need each chunk's request time, so order is checked here.
                guard requested.contains(req) else { throw line.error("chunk for req \(req) before its request event") }
                guard !ended.contains(req) else { throw line.error("chunk for req \(req) after its end event") }
                kind = .chunk(durationMs: try chunkDuration(line))
            case "end":
                guard requested.contains(req) else { throw line.error("end for req \(req) before its request event") }
                guard ended.insert(req).inserted else { throw line.error("second end event for req \(req)") }
                kind = .end
            default:
                kind = .other(name)
            }
            events.append(SynthesisEvent(tMs: line.tMs, req: req, kind: kind))
        }
        return SynthesisTrace(events: events)
    }

    /// A chunk's playable length in ms: `duration_ms`, or `samples` /
    /// `sample_rate` resolved here so metrics see one unit.
    private static func chunkDuration(_ line: TraceLine) throws -> Double {
        if let ms = try line.optionalNumber("duration_ms") {
            guard ms >= 0 else { throw line.error("negative \"duration_ms\" (\(JSONValue.format(number: ms)))") }
            return ms
        }
        let samples = line.object["samples"], rate = line.object["sample_rate"]
        guard let samples, let rate, !samples.isNull, !rate.isNull else {
            throw line.error("chunk needs \"duration_ms\" or \"samples\" and \"sample_rate\"")
        }
        guard let count = samples.numberValue else { throw line.error("\"samples\" must be a number") }
        guard count >= 0, count.rounded() == count else { throw line.error("\"samples\" must be a non-negative whole number") }
        guard let hz = rate.numberValue else { throw line.error("\"sample_rate\" must be a number") }
        guard hz > 0 else { throw line.error("\"sample_rate\" must be positive") }
        return count * 1000 / hz
    }
}
