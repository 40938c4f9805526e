import Adapters
import Foundation
import StreamingMetrics

/// The sound field of a synthetic scene on one sample clock, before noise:
/// the user's voice placed at its onset, and — when the agent speaks — its
/// playback and the echo of it at the mic. Pure.
public struct SceneMix: Sendable {
    public let sampleRate: Int
    /// Length of the mic track.
    public let totalSamples: Int
    /// The user's speech segment on the mic timeline, in samples.
    public let userSpeech: Range<Int>
    /// Playback and echo, when the agent speaks; the same model the
    /// full-duplex replay uses, so both kinds of scene sound alike.
    public let timeline: DuplexTimeline?
    private let user: [Float]

    /// A path so far down (300 dB) that it quantizes to silence: the
    /// timeline always has an echo path, a scene without echo uses this.
    public static let noEcho = EchoPath(delayMs: 0, attenuationDb: 300)

    /// - Parameters:
    ///   - user: the user's voice alone (already at `sampleRate`).
    ///   - agent: the agent's voice, its playback start, and the echo path.
    public init(sampleRate: Int, user: [Float], userOnset: Int, agent: (voice: [Float], playStart: Int, echo: EchoPath?)?, tailSamples: Int) {
        self.sampleRate = sampleRate
        self.user = user
        userSpeech = userOnset..<(userOnset + user.count)
        if let agent {
            let timeline = DuplexTimeline(sampleRate: sampleRate, farEnd: agent.voice, playStart: agent.playStart,
                                          nearEnd: user, userOnset: userOnset, echo: agent.echo ?? Self.noEcho,
                                          trailingSamples: tailSamples)
            self.timeline = timeline
            totalSamples = timeline.totalSamples
        } else {
            timeline = nil
            totalSamples = userOnset + user.count + tailSamples
        }
    }

    /// The user's voice alone on the mic timeline.
    public var nearEndTrack: [Float] {
        (0..<totalSamples).map { userSpeech.contains($0) ? user[$0 - userSpeech.lowerBound] : 0 }
    }

    /// What the mic hears before noise, with playback never cancelled.
    public var cleanMic: [Float] {
        timeline?.mic(0..<totalSamples) ?? nearEndTrack
    }

    /// `clean + noise`, sample by sample, on the 16-bit grid the WAV file
    /// holds, so the ASR adapter and the file see the same numbers.
    public static func addNoise(_ clean: ArraySlice<Float>, _ noise: ArraySlice<Float>) -> [Int16] {
        precondition(clean.count == noise.count, "noise must cover the chunk")
        return PCM16.quantize(zip(clean, noise).map { $0 + $1 })
    }
}
