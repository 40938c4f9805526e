import FixtureAudio
import Foundation
import XCTest
@testable import TimelineView

/// Min/max per column, against hand-computed columns, whatever the block
/// boundaries, and from a file as from its samples.
final class AudioEnvelopeTests: XCTestCase {
    func envelope(_ samples: [Float], rate: Int = 1000, columnMs: Double, blocks: [Int]? = nil) -> AudioEnvelope {
        var accumulator = EnvelopeAccumulator(sampleRate: rate, columnMs: columnMs)
        var rest = samples[...]
        for size in blocks ?? [samples.count] where !rest.isEmpty {
            accumulator.add(Array(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        if !rest.isEmpty { accumulator.add(Array(rest)) }
        return accumulator.finish()
    }

    func testWholeColumnsAndAPartialLastColumn() {
        // 1 kHz, 4 ms columns: samples 0–3, 4–7, then 8 alone.
        let samples: [Float] = [0.1, -0.2, 0.3, 0.0, 0.5, 0.5, -0.5, 0.2, 0.9]
        let result = envelope(samples, columnMs: 4)
        XCTAssertEqual(result.minimum, [-0.2, -0.5, 0.9])
        XCTAssertEqual(result.maximum, [0.3, 0.5, 0.9])
        XCTAssertEqual(result.durationMs, 9)
        XCTAssertEqual(result.peak, 0.9)
    }

    func testFractionalColumnsSplitAtTheCeilingOfTheirBoundary() {
        // 2.5 samples per column: boundaries at ceil(2.5)=3, 5, ceil(7.5)=8, 10.
        let samples = (0..<10).map(Float.init)
        let result = envelope(samples, columnMs: 2.5)
        XCTAssertEqual(result.minimum, [0, 3, 5, 8])
        XCTAssertEqual(result.maximum, [2, 4, 7, 9])
    }

    func testBlockBoundariesDoNotChangeTheEnvelope() {
        let samples = (0..<997).map { Float(sin(Double($0) * 0.37)) * Float($0 % 13) / 13 }
        let whole = envelope(samples, columnMs: 7.3)
        for blocks in [[1, 2, 3, 5, 8, 13, 21, 34, 55, 89], Array(repeating: 7, count: 200), [996]] {
            XCTAssertEqual(envelope(samples, columnMs: 7.3, blocks: blocks), whole, "blocks \(blocks.prefix(3))…")
        }
        XCTAssertEqual(whole.minimum.count, Int((997 / 7.3).rounded(.up)))
    }

    func testColumnsNarrowerThanASampleDrawAsSilence() {
        // 1 kHz with 0.5 ms columns: every other column holds no sample.
        let result = envelope([0.5, -0.5], columnMs: 0.5)
        XCTAssertEqual(result.maximum, [0.5, 0, -0.5])
        XCTAssertEqual(result.minimum, [0.5, 0, -0.5])
    }

    func testLongStreamKeepsOneColumnPerPixel() throws {
        // A minute at 16 kHz in reused 16 k blocks: 760 columns, no more.
        var accumulator = EnvelopeAccumulator(sampleRate: 16_000, columnMs: 60_000.0 / 760)
        let block = (0..<16_000).map { Float($0 % 100) / 100 - 0.5 }
        for _ in 0..<60 { accumulator.add(block) }
        let result = accumulator.finish()
        XCTAssertEqual(result.maximum.count, 760)
        XCTAssertEqual(result.durationMs, 60_000)
        XCTAssertEqual(try XCTUnwrap(result.maximum.max()), 0.49, accuracy: 1e-6)
        XCTAssertEqual(result.minimum.min(), -0.5)
    }

    func testReadingAFileMatchesItsSamples() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tone.wav").path
        let samples = (0..<40_000).map { Float(sin(Double($0) * 0.01)) * 0.5 }
        try AudioWriter.write(path: path, samples: samples, sampleRate: 16_000, encoding: .wavFloat)
        let fromFile = try AudioEnvelope.read(path: path, columnMs: 10)
        XCTAssertEqual(fromFile, envelope(samples, rate: 16_000, columnMs: 10))
        XCTAssertEqual(fromFile.maximum.count, 250)
        XCTAssertEqual(fromFile.durationMs, 2500)
    }
}
