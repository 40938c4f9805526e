import Traces

/// A streaming recognizer the harness can run a fixture's mic through.
public protocol ASRAdapter: Sendable {
    /// The adapter's name, as errors report it.
    var name: String { get }
    /// Streams `mic` through the engine and returns what it emitted, on the
    /// audio clock (deterministic) or the wall clock (`--clock wall`).
    func transcribe(_ mic: MicSource, clock: TraceClock) throws -> EmissionTrace
}

/// An ASR adapter that can also be driven chunk by chunk, which the
/// full-duplex replay needs: what the mic hears next depends on whether the
/// agent has already cancelled its playback.
public protocol StreamingASRAdapter: ASRAdapter {
    /// Starts an engine session.
    func openStream() throws -> ASRStream
}

/// One engine stream of the ASR protocol (docs/adapters.md).
public protocol ASRStream: AnyObject {
    /// The PCM rate the engine asked for (the `start` message's).
    var sampleRate: Int { get }
    /// Sends one chunk; returns what the engine emitted before its `ack`.
    func send(_ chunk: [Int16]) throws -> [ASRReply]
    /// Messages that arrive before `deadline` (monotonic ns) while no
    /// chunk is outstanding; used when pacing audio in real time.
    func idle(until deadline: UInt64) throws -> [ASRReply]
    /// Ends the stream; returns what the engine emitted before `done`.
    func finish() throws -> [ASRReply]
    /// Ends the session early and releases the engine.
    func close()
}

/// An emission as it came off the wire, with its monotonic arrival time.
public struct ASRReply: Equatable, Sendable {
    /// The event; `tMs` is set by whoever owns the clock.
    public var event: EmissionEvent
    /// `MonotonicClock.nowNanoseconds()` when the line was read.
    public var receivedNanoseconds: UInt64

    public init(event: EmissionEvent, receivedNanoseconds: UInt64) {
        self.event = event
        self.receivedNanoseconds = receivedNanoseconds
    }
}

/// Replays a recorded emission trace: the fixture's own `asr.trace`.
public struct RecordedASRAdapter: ASRAdapter {
    public let name: String
    public let trace: EmissionTrace

    public init(name: String = "recorded", trace: EmissionTrace) {
        self.name = name
        self.trace = trace
    }

    /// The recording, whatever the mic: it was made from that mic already.
    public func transcribe(_ mic: MicSource, clock: TraceClock) throws -> EmissionTrace { trace }
}
