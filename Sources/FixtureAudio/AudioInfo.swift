/// What a decoded audio file is: its clock, layout and encoding.
public struct AudioInfo: Equatable, Sendable {
    /// Frames per second.
    public var sampleRate: Int
    /// Interleaved channels per frame.
    public var channels: Int
    /// Frames in the file (one frame holds one sample per channel).
    public var frames: Int64
    /// Container, e.g. `WAV`, `FLAC`, `AIFF`.
    public var format: String
    /// Sample encoding, e.g. `PCM_16`, `PCM_24`, `FLOAT`.
    public var subtype: String

    public init(sampleRate: Int, channels: Int, frames: Int64, format: String, subtype: String) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.frames = frames
        self.format = format
        self.subtype = subtype
    }

    /// Length in seconds.
    public var durationSeconds: Double { Double(frames) / Double(sampleRate) }
}
