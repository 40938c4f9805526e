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
