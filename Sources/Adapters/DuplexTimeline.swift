/// The sound field of a full-duplex session on one sample clock: the
/// agent's playback, its echo into the mic, and the user's voice.
///
/// Pure and causal: the mic at sample `n` depends only on playback before
/// `n`, so cancelling playback at a chunk boundary changes the mic from
/// there on (the room tail still rings out briefly, as a real room does).
public struct DuplexTimeline: Sendable {
    public let sampleRate: Int
    /// What the agent would play, at `sampleRate`.
    public let farEnd: [Float]
    /// Sample at which playback starts.
    public let playStart: Int
    /// The user's voice alone, at `sampleRate`.
    public let nearEnd: [Float]
    /// Sample at which the user starts speaking.
    public let userOnset: Int
    public let echoTaps: [EchoPath.Tap]
    /// Length of the session: everything rings out, then `trailingSamples`.
    public let totalSamples: Int
    /// Where playback was cut off, once cancelled.
    public private(set) var stopSample: Int?

    public init(sampleRate: Int, farEnd: [Float], playStart: Int, nearEnd: [Float], userOnset: Int,
                echo: EchoPath, trailingSamples: Int) {
        self.sampleRate = sampleRate
        self.farEnd = farEnd
        self.playStart = max(0, playStart)
        self.nearEnd = nearEnd
        self.userOnset = max(0, userOnset)
        echoTaps = echo.taps(sampleRate: sampleRate)
        let ringOut = echoTaps.map(\.delaySamples).max() ?? 0
        totalSamples = max(self.playStart + farEnd.count + ringOut, nearEnd.isEmpty ? 0 : self.userOnset + nearEnd.count)
            + max(0, trailingSamples)
    }

    /// The sample where playback ends unless cancelled.
    public var naturalEnd: Int { playStart + farEnd.count }

    /// The sample where playback actually ends.
    public var playbackEnd: Int { min(naturalEnd, stopSample ?? Int.max) }

    /// True while `sample` is being played.
    public func isPlaying(at sample: Int) -> Bool { sample >= playStart && sample < playbackEnd }

    /// Cuts playback off at `sample` (the first one not played). Only the
    /// first cancel counts.
    public mutating func cancel(at sample: Int) {
        if stopSample == nil { stopSample = max(playStart, sample) }
    }

    /// The loudspeaker signal at `sample`.
    public func played(_ sample: Int) -> Float {
        isPlaying(at: sample) ? farEnd[sample - playStart] : 0
    }

    /// The user's voice at `sample`.
    public func user(_ sample: Int) -> Float {
        let index = sample - userOnset
        return index >= 0 && index < nearEnd.count ? nearEnd[index] : 0
    }

    /// Mic samples for `range`: echo of what was played plus the user.
    public func mic(_ range: Range<Int>) -> [Float] {
        range.map { n in
            var sample = user(n)
            for tap in echoTaps { sample += tap.gain * played(n - tap.delaySamples) }
            return sample
        }
    }

    /// The whole far-end track as played (cut off at a cancel).
    public var farEndTrack: [Float] { (0..<totalSamples).map(played) }

    /// The whole near-end track on the session timeline.
    public var nearEndTrack: [Float] { (0..<totalSamples).map(user) }
}
