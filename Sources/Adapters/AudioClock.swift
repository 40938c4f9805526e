import Traces

/// Drives an `ASRStream` over a mic source and stamps what it emits
/// (docs/adapters.md).
///
/// Audio clock: a reply that arrived before the `ack` of a chunk is stamped
/// with the audio time at the end of that chunk (samples sent ÷ rate), and
/// finals after `end` with the total audio duration — so the trace depends
/// only on the engine's output, never on the machine's speed. Wall clock:
/// chunk `k` is sent no earlier than `k · 20 ms` after the first, and every
/// reply is stamped with monotonic ms since the first chunk was sent; a
/// slower-than-real-time engine falls behind and its lag shows in `t_ms`.
public enum AudioClock {
    public static func run(_ stream: ASRStream, mic: MicSource, clock: TraceClock) throws -> EmissionTrace {
        try run(stream, chunker: MicChunker(source: mic, sampleRate: stream.sampleRate), clock: clock)
    }

    /// As `run(_:mic:clock:)`, with the mic already opened (at the stream's rate).
    public static func run(_ stream: ASRStream, chunker: MicChunker, clock: TraceClock) throws -> EmissionTrace {
        precondition(chunker.sampleRate == stream.sampleRate, "the mic must be chunked at the engine's rate")
        let rate = Double(stream.sampleRate)
        var events: [EmissionEvent] = []
        var samplesSent = 0
        let origin = MonotonicClock.nowNanoseconds()
        func stamp(_ replies: [ASRReply], audioMs: Double) {
            for reply in replies {
                var event = reply.event
                switch clock {
                case .audio: event.tMs = audioMs
                case .wall:
                    let received = reply.receivedNanoseconds
                    event.tMs = received > origin ? Double(received - origin) / 1e6 : 0
                }
                events.append(event)
            }
        }
        while let chunk = try chunker.next() {
            if clock == .wall {
                let due = origin + UInt64(Double(samplesSent) / rate * 1e9)
                stamp(try stream.idle(until: due), audioMs: Double(samplesSent) * 1000 / rate)
            }
            let replies = try stream.send(chunk)
            samplesSent += chunk.count
            stamp(replies, audioMs: Double(samplesSent) * 1000 / rate)
        }
        stamp(try stream.finish(), audioMs: Double(samplesSent) * 1000 / rate)
        return EmissionTrace(clock: clock, events: events)
    }
}
