/// A stretch of user speech on the mic timeline, in milliseconds: from an
/// annotation, or from the VAD when a fixture has none (the fixture manifest, docs/formats.md).
public struct SpeechSegment: Equatable, Hashable, Sendable {
    public var startMs: Double
    public var endMs: Double

    public init(startMs: Double, endMs: Double) {
        self.startMs = startMs
        self.endMs = endMs
    }

    public var durationMs: Double { endMs - startMs }
}
