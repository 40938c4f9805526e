import SpectralReference
import XCTest
@testable import SignalFeatures

/// Block-wise frames, computed in slices that may run on two threads, must
/// be the frames a plain streaming STFT gives on the same grid, whatever
/// the block sizes, the split, a delay or which frames are transformed.
final class BlockSpectraTests: XCTestCase {
    struct Frame: Equatable {
        var index: Int
        var level: Double
        var power: [Float]
        var bins: [Float]
    }

    /// The reference: `STFT` over `zeros` zeros then `x`, every frame.
    func streamFrames(_ x: [Float], geometry g: FrameGeometry, zeros: Int) -> [Frame] {
        let stft = STFT(frameLength: g.frameLength, hop: g.hop, fftSize: g.fftSize)
        var frames: [Frame] = []
        stft.push([Float](repeating: 0, count: zeros) + x) { f in
            let bins = Array(f.bins)
            frames.append(Frame(index: f.index, level: f.windowedEnergy / g.windowEnergy,
                                power: bins.map { $0.0 * $0.0 + $0.1 * $0.1 }, bins: bins.flatMap { [$0.0, $0.1] }))
        }
        return frames
    }

    func blockFrames(_ x: [Float], _ spectra: BlockSpectra, blocks: [Int], split: (Int) -> Int = { $0 / 3 },
                     limit: ((Int) -> Int)? = nil, transform: BlockSpectra.Transform = .all) -> [Frame] {
        var frames: [Frame] = []
        var offset = 0, b = 0
        while offset < x.count {
            let n = min(blocks[b % blocks.count], x.count - offset)
            x[offset..<(offset + n)].withUnsafeBufferPointer { spectra.load($0) }
            if let limit { spectra.limit(toFramesBefore: limit(spectra.firstIndex + spectra.frameCount)) }
            let count = spectra.frameCount
            spectra.compute(split(count)..<count, slot: 1, transform: transform)
            spectra.compute(0..<split(count), slot: 0, transform: transform)
            for j in 0..<count {
                let transformed = spectra.frames.isTransformed(j)
                frames.append(Frame(index: spectra.firstIndex + j, level: spectra.frames.level(j),
                                    power: transformed ? Array(spectra.frames.power(j)) : [],
                                    bins: spectra.frames.bins(j).flatMap { [$0.0, $0.1] }))
            }
            spectra.consume()
            offset += n
            b += 1
        }
        return frames
    }

    func assertSame(_ got: [Frame], _ expected: [Frame], _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, expected.count, context, file: file, line: line)
        for (g, e) in zip(got, expected) {
            XCTAssertEqual(g.index, e.index, context, file: file, line: line)
            // Levels are summed in SIMD lanes, the reference in order.
            XCTAssertEqual(g.level, e.level, accuracy: 1e-9 + 1e-6 * e.level, context, file: file, line: line)
            if !g.power.isEmpty { XCTAssertEqual(g.power, e.power, context, file: file, line: line) }
            if !g.bins.isEmpty { XCTAssertEqual(g.bins, e.bins, context, file: file, line: line) }
        }
    }

    func testEveryFrameFromTheLeadInWithItsBins() {
        let g = FrameGeometry(sampleRate: 16_000, frameMs: 25, hopMs: 10)
        let x = Synthetic.whiteNoise(count: 16_000 * 2 + 77, power: 0.01, seed: 3)
        let got = blockFrames(x, BlockSpectra(geometry: g, keepsBins: true), blocks: [1_000, 3, 16_384, 20_000])
        let expected = streamFrames(x, geometry: g, zeros: g.leadIn)
        XCTAssertEqual(got.first?.index, 0)
        XCTAssertEqual(got.count, (g.leadIn + x.count - g.frameLength) / g.hop + 1)
        XCTAssertTrue(got.allSatisfy { !$0.bins.isEmpty })
        assertSame(got, expected, "16 kHz")
    }

    func testInteriorFramesAtEveryRate() {
        for rate in [8_000, 16_000, 44_100] {
            let g = FrameGeometry(sampleRate: rate, frameMs: 25, hopMs: 10)
            let x = Synthetic.whiteNoise(count: rate * 3 + 123, power: 0.01, seed: UInt64(rate))
            let got = blockFrames(x, BlockSpectra(geometry: g, interiorOnly: true), blocks: [37, 16_384, 5, 1_000, 20_000])
            // Interior frames start at or after the audio's first sample.
            let first = (g.leadIn + g.hop - 1) / g.hop
            let expected = streamFrames(x, geometry: g, zeros: g.leadIn).filter { $0.index >= first }
                .enumerated().map { Frame(index: $0.offset, level: $0.element.level, power: $0.element.power, bins: []) }
            XCTAssertGreaterThan(expected.count, 250)
            assertSame(got, expected, "rate \(rate)")
        }
    }

    func testADelayedTrackIsTheSameTrackBehindMoreZeros() {
        let g = FrameGeometry(sampleRate: 8_000, frameMs: 25, hopMs: 10)
        let x = Synthetic.whiteNoise(count: 8_000 * 2, power: 0.01, seed: 9)
        let delay = 1_234
        // Held back to the undelayed track's frame count, as pass 3 does.
        let got = blockFrames(x, BlockSpectra(geometry: g, delay: delay, keepsBins: true), blocks: [700, 4_096],
                              limit: { _ in (g.leadIn + x.count - g.frameLength) / g.hop + 1 })
        let expected = Array(streamFrames(x, geometry: g, zeros: g.leadIn + delay).prefix(got.count))
        XCTAssertEqual(got.count, (g.leadIn + x.count - g.frameLength) / g.hop + 1)
        assertSame(got, expected, "delay \(delay)")
        // The delay really is there: the first frames hear only zeros.
        XCTAssertEqual(got[delay / g.hop - 3].level, 0)
        XCTAssertGreaterThan(got[delay / g.hop + 3].level, 0.005)
    }

    func testOnlyTheWantedFramesAreTransformed() {
        let g = FrameGeometry(sampleRate: 16_000, frameMs: 25, hopMs: 10)
        // Loud and quiet halves: only the loud frames are wanted.
        let x = Synthetic.whiteNoise(count: 16_000, power: 0.01, seed: 4) + Synthetic.whiteNoise(count: 16_000, power: 1e-6, seed: 5)
        let got = blockFrames(x, BlockSpectra(geometry: g, keepsBins: true), blocks: [4_000], transform: .when { $0 > 1e-3 })
        let expected = streamFrames(x, geometry: g, zeros: g.leadIn)
        assertSame(got, expected, "selective")
        let transformed = got.filter { !$0.bins.isEmpty }
        XCTAssertTrue(got.allSatisfy { $0.bins.isEmpty == ($0.level <= 1e-3) })
        XCTAssertGreaterThan(transformed.count, 90)
        XCTAssertLessThan(transformed.count, 110)
    }
}
