import XCTest
@testable import SignalFeatures

/// GCC-PHAT's block thinning on long recordings: which blocks are
/// correlated, and that the thinned sum still finds the delay.
final class EchoBlockThinningTests: XCTestCase {
    func testStrideDoublesWithEachDoublingOfTheBlockIndex() {
        // fullBlocks 4: 0–3 all; 4–7 every 2nd; 8–15 every 4th; 16–31 every 8th.
        let correlated = (0..<32).filter { EvidenceThinning.keeps($0, full: 4) }
        XCTAssertEqual(correlated, [0, 1, 2, 3, 4, 6, 8, 12, 16, 24])
    }

    func testLongRecordingCorrelatesFewBlocksAndFindsTheLag() {
        // 8 kHz, 100 ms search: blocks of 800 samples. 101 blocks of audio
        // complete 100 blocks (the first needs two blocks of mic), and the
        // remainder is the flushed partial block 100.
        let rate = 8_000, lag = 240, block = 800
        let count = 101 * block
        let far = Synthetic.whiteNoise(count: count, power: 0.01, seed: 7)
        let echo = [Float](repeating: 0, count: lag) + far.prefix(count - lag).map { $0 * 0.3 }
        let mic = mix(echo, Synthetic.whiteNoise(count: count, power: 1e-4, seed: 8))
        let estimator = EchoDelayEstimator(sampleRate: rate, maxDelayMs: 100, fullBlocks: 4)
        mic.withUnsafeBufferPointer { m in far.withUnsafeBufferPointer { f in estimator.push(mic: m, far: f) } }
        XCTAssertEqual(estimator.estimate()?.lag, lag)
        // Of blocks 0–99: 4 + 2 per doubling (4–7, 8–15, 16–31, 32–63,
        // 64–127 → 64 and 96); block 100 is off the stride of 32.
        XCTAssertEqual(estimator.blocks, 14)
    }

    func testShortRecordingCorrelatesEveryBlock() {
        let rate = 8_000, block = 800
        let far = Synthetic.whiteNoise(count: 10 * block, power: 0.01, seed: 9)
        let estimator = EchoDelayEstimator(sampleRate: rate, maxDelayMs: 100, fullBlocks: 128)
        far.withUnsafeBufferPointer { f in estimator.push(mic: f, far: f) }
        XCTAssertEqual(estimator.estimate()?.lag, 0)
        // Blocks 0–8 complete, then the flushed remainder.
        XCTAssertEqual(estimator.blocks, 10)
    }
}
