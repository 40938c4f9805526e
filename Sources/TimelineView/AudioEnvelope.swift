/// A track's waveform reduced to its minimum and maximum sample per
/// column of `columnMs`: what a page draws instead of the samples, so an
/// hour of audio becomes a few hundred numbers.
public struct AudioEnvelope: Equatable, Sendable {
    /// Milliseconds of audio per column.
    public var columnMs: Double
    /// Lowest sample of each column.
    public var minimum: [Float]
    /// Highest sample of each column.
    public var maximum: [Float]
    /// Length of the track.
    public var durationMs: Double

    public init(columnMs: Double, minimum: [Float], maximum: [Float], durationMs: Double) {
        self.columnMs = columnMs
        self.minimum = minimum
        self.maximum = maximum
        self.durationMs = durationMs
    }

    /// Largest absolute sample of the track (0 for silence).
    public var peak: Float {
        max(maximum.max() ?? 0, -(minimum.min() ?? 0), 0)
    }
}

/// Folds streamed mono blocks into envelope columns. Sample `n` belongs to
/// column `floor(n / framesPerColumn)`; memory is one pair per column,
/// whatever the length of the recording.
public struct EnvelopeAccumulator {
    public let sampleRate: Int
    public let columnMs: Double
    private let framesPerColumn: Double
    private var frame = 0
    private var boundary: Int
    private var low = Float.infinity, high = -Float.infinity
    private var minimum: [Float] = [], maximum: [Float] = []

    /// Columns of `columnMs` milliseconds at `sampleRate` frames per second.
    public init(sampleRate: Int, columnMs: Double) {
        precondition(sampleRate > 0 && columnMs > 0, "an envelope needs a positive rate and column width")
        self.sampleRate = sampleRate
        self.columnMs = columnMs
        framesPerColumn = Double(sampleRate) * columnMs / 1000
        boundary = Self.columnEnd(0, framesPerColumn)
    }

    /// The first frame of column `column + 1`.
    private static func columnEnd(_ column: Int, _ framesPerColumn: Double) -> Int {
        Int((Double(column + 1) * framesPerColumn).rounded(.up))
    }

    /// Adds the next block of consecutive samples.
    public mutating func add(_ block: UnsafeBufferPointer<Float>) {
        var i = 0
        while i < block.count {
            let take = min(block.count - i, boundary - frame)
            for j in i..<(i + take) {
                let s = block[j]
                if s < low { low = s }
                if s > high { high = s }
            }
            i += take
            frame += take
            if frame == boundary { closeColumn() }
        }
    }

    /// Adds samples held in an array (tests and short signals).
    public mutating func add(_ samples: [Float]) {
        samples.withUnsafeBufferPointer { add($0) }
    }

    private mutating func closeColumn() {
        // A column narrower than one sample holds none: draw it as silence.
        if low > high { low = 0; high = 0 }
        minimum.append(low)
        maximum.append(high)
        low = .infinity
        high = -.infinity
        boundary = Self.columnEnd(minimum.count, framesPerColumn)
    }

    /// The envelope of everything added; a last partial column is kept.
    public func finish() -> AudioEnvelope {
        var copy = self
        if copy.low <= copy.high { copy.closeColumn() }
        return AudioEnvelope(columnMs: columnMs, minimum: copy.minimum, maximum: copy.maximum,
                             durationMs: Double(frame) * 1000 / Double(sampleRate))
    }
}
