import FileFormats
import XCTest
@testable import SignalFeatures

/// `SustainedToneDetector` on power spectra drawn bin by bin from the
/// exponential distribution a Gaussian noise's `|X[k]|²` follows (16 kHz,
/// 512-point frames, 1 per bin), with a held note's peaks added where it sounds.
final class SustainedToneDetectorTests: XCTestCase {
    func tones(frames: Int, heldDuring held: [Range<Int>], seed: UInt64) -> [Range<Int>] {
        var rng = SeededRandom(seed: seed)
        var detector = SustainedToneDetector(sampleRate: 16_000, fftSize: 512)
        for t in 0..<frames {
            var power = (0..<257).map { _ in -Float(log(max(rng.unit(), 1e-12))) }
            if held.contains(where: { $0.contains(t) }) {
                for bin in [14, 28, 42, 56] { power[bin] += 100 }  // 440 Hz and its overtones
            }
            power.withUnsafeBufferPointer { detector.push($0) }
        }
        return detector.finish()
    }

    func testASpectrumHeld600msIsATone() {
        XCTAssertEqual(tones(frames: 300, heldDuring: [50..<110], seed: 1), [50..<110])
    }

    func testASpectrumHeld150msIsAVowelNotATone() {
        XCTAssertEqual(tones(frames: 300, heldDuring: [200..<215], seed: 2), [])
    }

    func testNoiseAloneHoldsNoSpectrum() {
        XCTAssertEqual(tones(frames: 500, heldDuring: [], seed: 3), [])
    }

    func testAToneRunningToTheEndIsClosedByFinish() {
        XCTAssertEqual(tones(frames: 200, heldDuring: [150..<200], seed: 4), [150..<200])
    }

    func testTonesAreCutOutOfTheSegmentsTheyOverlap() {
        let cut = SustainedToneDetector.removingTones(from: [10..<50, 60..<100, 120..<130, 140..<141],
                                                      tones: [0..<15, 30..<40, 45..<70, 125..<126, 128..<129, 200..<300])
        // 126..<128 and 129..<130 are tones' edges; 140..<141 was never cut.
        XCTAssertEqual(cut, [15..<30, 40..<45, 70..<100, 120..<125, 140..<141])
        XCTAssertEqual(SustainedToneDetector.removingTones(from: [10..<50], tones: []), [10..<50])
        XCTAssertEqual(SustainedToneDetector.removingTones(from: [10..<50], tones: [0..<60]), [])
    }
}
