import FixtureAudio

extension AudioEnvelope {
    /// Streams the file at `path` (mixed down to mono) into columns of
    /// `columnMs`. Memory stays flat: blocks are reused and only the
    /// per-column minimum and maximum are kept.
    public static func read(path: String, columnMs: Double) throws -> AudioEnvelope {
        let reader = try AudioReader(path: path)
        defer { reader.close() }
        var accumulator = EnvelopeAccumulator(sampleRate: reader.info.sampleRate, columnMs: columnMs)
        try reader.forEachMonoBlock { accumulator.add($0) }
        return accumulator.finish()
    }
}
