import XCTest
@testable import SignalFeatures

/// Pass 1's mic frames computed in slices must be exactly the interior
/// frames `FrameStream` gives, whatever the block sizes and the split.
final class BlockSpectraTests: XCTestCase {
    func streamFrames(_ x: [Float], rate: Int) -> [(Double, [Float])] {
        let stream = FrameStream(sampleRate: rate, frameMs: 25, hopMs: 10)
        var frames: [(Double, [Float])] = []
        x.withUnsafeBufferPointer { all in
            var offset = 0
            while offset < all.count {
                let n = min(stream.stft.hop, all.count - offset)
                stream.push(UnsafeBufferPointer(rebasing: all[offset..<(offset + n)]))
                if stream.ready {
                    stream.take()
                    if stream.interior { frames.append((stream.level, stream.power)) }
                }
                offset += n
            }
        }
        return frames
    }

    func slicedFrames(_ x: [Float], rate: Int, blocks: [Int]) -> [(Double, [Float])] {
        let geometry = FrameStream(sampleRate: rate, frameMs: 25, hopMs: 10)
        let spectra = BlockSpectra(stft: geometry.stft, leadIn: geometry.leadIn)
        var frames: [(Double, [Float])] = []
        var offset = 0, b = 0
        while offset < x.count {
            let n = min(blocks[b % blocks.count], x.count - offset)
            spectra.load(count: n) { x[offset + $0] }
            let count = spectra.frameCount
            spectra.compute(count / 3..<count, slot: 1)
            spectra.compute(0..<(count / 3), slot: 0)
            spectra.consume { level, power in frames.append((level, Array(power))) }
            offset += n
            b += 1
        }
        return frames
    }

    func testPassTwoFramesEqualEveryStreamFrameWithItsBins() {
        let rate = 16_000
        let x = Synthetic.whiteNoise(count: rate * 2 + 77, power: 0.01, seed: 3)
        let stream = FrameStream(sampleRate: rate, frameMs: 25, hopMs: 10)
        var expected: [(Int, Double, [Float], [Float])] = []
        x.withUnsafeBufferPointer { all in
            var offset = 0
            while offset < all.count {
                let n = min(stream.stft.hop, all.count - offset)
                stream.push(UnsafeBufferPointer(rebasing: all[offset..<(offset + n)]))
                if stream.ready {
                    stream.take()
                    expected.append((stream.index, stream.level, stream.power, stream.bins.flatMap { [$0.0, $0.1] }))
                }
                offset += n
            }
        }
        let geometry = FrameStream(sampleRate: rate, frameMs: 25, hopMs: 10)
        let spectra = BlockSpectra(stft: geometry.stft, leadIn: geometry.leadIn, interiorOnly: false, keepsBins: true)
        var got: [(Int, Double, [Float], [Float])] = []
        var offset = 0
        for size in [1_000, 3, 16_384, 20_000] where offset < x.count {
            let n = min(size, x.count - offset)
            spectra.load(count: n) { x[offset + $0] }
            spectra.compute(0..<spectra.frameCount, slot: 0)
            for j in 0..<spectra.frameCount {
                got.append((spectra.firstIndex + j, spectra.level(j), Array(spectra.power(j)),
                            spectra.bins(j).flatMap { [$0.0, $0.1] }))
            }
            spectra.consume { _, _ in }
            offset += n
        }
        XCTAssertEqual(got.count, expected.count)
        XCTAssertEqual(got.first?.0, 0)
        for (g, e) in zip(got, expected) {
            XCTAssertEqual(g.0, e.0)
            XCTAssertEqual(g.1, e.1)
            XCTAssertEqual(g.2, e.2)
            XCTAssertEqual(g.3, e.3)
        }
    }

    func testSlicedFramesEqualTheStreamsInteriorFrames() {
        for rate in [8_000, 16_000, 44_100] {
            let x = Synthetic.whiteNoise(count: rate * 3 + 123, power: 0.01, seed: UInt64(rate))
            let expected = streamFrames(x, rate: rate)
            let got = slicedFrames(x, rate: rate, blocks: [37, 16_384, 5, 1_000, 20_000])
            XCTAssertEqual(got.count, expected.count, "rate \(rate)")
            XCTAssertGreaterThan(expected.count, 250)
            for (g, e) in zip(got, expected) {
                XCTAssertEqual(g.0, e.0, "rate \(rate)")
                XCTAssertEqual(g.1, e.1, "rate \(rate)")
            }
        }
    }
}
