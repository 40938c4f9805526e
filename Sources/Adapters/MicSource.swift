import FixtureAudio

/// The audio an ASR adapter hears: a recording on disk, streamed, or
/// samples already in memory (a mixed full-duplex mic).
public enum MicSource: Sendable {
    /// Any file libsndfile decodes; mixed down to mono.
    case file(String)
    /// Mono samples in [-1, 1] at `sampleRate`.
    case samples([Float], sampleRate: Int)
}

/// Cuts a mic source into fixed 20 ms PCM16 chunks at the adapter's rate,
/// streaming: memory stays bounded whatever the recording's length.
public final class MicChunker {
    /// 20 ms, the chunk length of the adapter protocol (docs/adapters.md).
    public static let chunkMilliseconds = 20

    public let sampleRate: Int
    /// Samples per full chunk (the last one may be shorter).
    public let chunkSamples: Int
    private let reader: AudioReader?
    private var memory: [Float]
    private var memoryOffset = 0
    private let resampler: SincResampler
    private var pending: [Float] = []
    private var pendingOffset = 0
    private var drained = false
    private var block = [Float](repeating: 0, count: 8_192)

    public init(source: MicSource, sampleRate: Int) throws {
        self.sampleRate = sampleRate
        chunkSamples = max(1, (sampleRate * Self.chunkMilliseconds + 500) / 1000)
        switch source {
        case .file(let path):
            let reader = try AudioReader(path: path)
            self.reader = reader
            memory = []
            resampler = SincResampler(inRate: reader.info.sampleRate, outRate: sampleRate)
        case .samples(let samples, let rate):
            reader = nil
            memory = samples
            resampler = SincResampler(inRate: rate, outRate: sampleRate)
        }
    }

    /// The next chunk, or nil at the end of the audio.
    public func next() throws -> [Int16]? {
        while pending.count - pendingOffset < chunkSamples, !drained {
            try refill()
        }
        let available = pending.count - pendingOffset
        guard available > 0 else { return nil }
        let take = min(chunkSamples, available)
        let chunk = PCM16.quantize(pending[pendingOffset..<pendingOffset + take])
        pendingOffset += take
        if pendingOffset > 65_536 {
            pending.removeFirst(pendingOffset)
            pendingOffset = 0
        }
        return chunk
    }

    private func refill() throws {
        let input: ArraySlice<Float>
        if let reader {
            let got = try block.withUnsafeMutableBufferPointer { try reader.readMono(into: $0) }
            input = block[0..<got]
        } else {
            let end = min(memory.count, memoryOffset + block.count)
            input = memory[memoryOffset..<end]
            memoryOffset = end
        }
        if input.isEmpty {
            pending.append(contentsOf: resampler.flush())
            drained = true
            reader?.close()
            memory = []
        } else {
            pending.append(contentsOf: resampler.process(input))
        }
    }
}
