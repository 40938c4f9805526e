/// Bounds that keep a misbehaving adapter from hanging or exhausting the
/// harness.
public struct AdapterLimits: Sendable, Equatable {
    /// Used when `fixture-check.json` gives no `timeout_s`.
    public static let defaultTimeoutSeconds = 30.0
    /// Used when `fixture-check.json` gives no `startup_timeout_s`.
    public static let defaultStartupTimeoutSeconds = 120.0

    /// Longest silence tolerated while a reply is due (seconds).
    public var timeoutSeconds: Double
    /// Sessions (`"streams": "many"`): longest wait for `ready` after
    /// `start` — model loading — instead of `timeoutSeconds`.
    public var startupTimeoutSeconds: Double
    /// Longest stdout line, newline excluded. One TTS chunk of 10 s of
    /// 48 kHz audio is ~1.3 MB of base64, so 4 MiB leaves room.
    public var maxLineBytes: Int
    /// Most stdout bytes over the process's whole life.
    public var maxTotalBytes: Int
    /// Most messages accepted before one `ack` (a partial storm).
    public var maxMessagesPerChunk: Int
    /// Lines of stderr quoted in a failure.
    public var stderrTailLines: Int

    public init(
        timeoutSeconds: Double = AdapterLimits.defaultTimeoutSeconds,
        maxLineBytes: Int = 4 << 20,
        maxTotalBytes: Int = 256 << 20,
        maxMessagesPerChunk: Int = 10_000,
        stderrTailLines: Int = 20,
        startupTimeoutSeconds: Double = AdapterLimits.defaultStartupTimeoutSeconds
    ) {
        self.timeoutSeconds = timeoutSeconds
        self.startupTimeoutSeconds = startupTimeoutSeconds
        self.maxLineBytes = maxLineBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxMessagesPerChunk = maxMessagesPerChunk
        self.stderrTailLines = stderrTailLines
    }
}
