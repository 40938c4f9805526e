import Adapters

/// An ASR stream that adds the scene's noise to every chunk on its way to
/// the engine, and keeps what it sent: in a full-duplex scene the mic
/// depends on when the agent is cancelled, so the noise is added live and
/// the mic file is exactly the audio the recognizer heard.
final class NoisyASRStream: ASRStream {
    private let inner: ASRStream
    private let noise: [Float]
    private var position = 0
    /// Every sample sent, in order: the mic track.
    private(set) var sent: [Int16] = []

    init(_ inner: ASRStream, noise: [Float]) {
        self.inner = inner
        self.noise = noise
    }

    var sampleRate: Int { inner.sampleRate }

    func send(_ chunk: [Int16]) throws -> [ASRReply] {
        let clean = PCM16.floats(chunk)
        let end = position + clean.count
        let padded = end <= noise.count ? noise[position..<end]
            : ArraySlice(noise[min(position, noise.count)...] + [Float](repeating: 0, count: end - max(position, noise.count)))
        let noisy = SceneMix.addNoise(clean[...], padded)
        position = end
        sent += noisy
        return try inner.send(noisy)
    }

    func idle(until deadline: UInt64) throws -> [ASRReply] { try inner.idle(until: deadline) }
    func finish() throws -> [ASRReply] { try inner.finish() }
    func close() { inner.close() }
}
