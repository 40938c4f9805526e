import FileFormats
import XCTest
@testable import SignalFeatures

/// The constant-memory statistics behind the noise floor and the speech
/// level, on hand-computed cases.
final class LevelStatisticsTests: XCTestCase {
    func testPercentileIsNearestRankOnBinCentres() {
        var histogram = LevelHistogram(floorDB: -100, ceilingDB: 0, resolutionDB: 1)
        for db in [-60.0, -50, -40, -30] { histogram.add(power: pow(10, (db + 0.5) / 10)) }
        XCTAssertEqual(try XCTUnwrap(histogram.percentile(0.5)), -49.5, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(histogram.percentile(1.0)), -29.5, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(histogram.percentile(0.01)), -59.5, accuracy: 1e-9)
    }

    func testZeroAndHugePowersLandInTheEndBins() {
        var histogram = LevelHistogram(floorDB: -100, ceilingDB: 0, resolutionDB: 1)
        histogram.add(power: 0)
        histogram.add(power: 1e6)
        XCTAssertEqual(histogram.counts.first, 1)
        XCTAssertEqual(histogram.counts.last, 1)
    }

    func testModeOfANarrowPeakIsItsLevel() {
        var histogram = LevelHistogram()
        // 300 frames at −40 dB ±0.2, 100 louder frames spread −30…−5 dB.
        for i in 0..<300 { histogram.add(power: pow(10, (-40 + 0.4 * (Double(i % 5) / 4 - 0.5)) / 10)) }
        for i in 0..<100 { histogram.add(power: pow(10, (-30 + 0.25 * Double(i)) / 10)) }
        XCTAssertEqual(try XCTUnwrap(histogram.noiseMode()), -40, accuracy: 0.3)
    }

    func testASeparatedLowPeakIsTheNoiseThoughUnderHalfTheSpeechPeak() {
        // A noise 40 dB under the talker with little pause: 120 frames at
        // −70 dB, 400 speech frames in a narrow −31…−29 dB cluster and
        // 100 spread over −45…−30 dB. The noise peak is well under half the
        // speech's; "lowest peak at least half as tall" took the speech.
        var histogram = LevelHistogram()
        for i in 0..<120 { histogram.add(power: pow(10, (-70 + 0.4 * (Double(i % 5) / 4 - 0.5)) / 10)) }
        for i in 0..<400 { histogram.add(power: pow(10, (-31 + 2 * Double(i % 9) / 8) / 10)) }
        for i in 0..<100 { histogram.add(power: pow(10, (-45 + 0.15 * Double(i)) / 10)) }
        XCTAssertEqual(try XCTUnwrap(histogram.noiseMode(upTo: 1.0)), -70, accuracy: 0.3)
    }

    func testASeparatedLowPeakIsTheNoiseUnderQuietSyllablesTallerThanIt() {
        // A talker who rarely pauses over a quiet music: 60 frames spread
        // over −56…−50 dB (the music), 120 quiet syllables over −41…−39 dB
        // and 400 speech frames over −36…−20 dB. The music's peak, a
        // quarter as tall as the syllables', is parted from them by a
        // valley, 11 dB under them (15 dB were required: noise −40 dB).
        var histogram = LevelHistogram()
        for i in 0..<60 { histogram.add(power: pow(10, (-56 + 6 * Double(i) / 59) / 10)) }
        for i in 0..<120 { histogram.add(power: pow(10, (-41 + 2 * Double(i) / 119) / 10)) }
        for i in 0..<400 { histogram.add(power: pow(10, (-36 + 16 * Double(i) / 399) / 10)) }
        XCTAssertEqual(try XCTUnwrap(histogram.noiseMode()), -53, accuracy: 1.0)
    }

    func testABabbleSpreadFlatUnderATalkersPeakIsTheNoiseThoughItsValleyIsShallow() {
        // Frames per dB from −56 dB up, as a tuning case gave them (festival
        // over six-talker babble at 17.5 dB SNR, the babble at −42 dBFS).
        // The babble's hump peaks near −42 dB and dips only to two thirds of
        // that before the talker's peak, 13 dB over it: a valley under half
        // the hump's height was required, and the noise read −31 dB.
        let counts = [2, 2, 4, 8, 8, 6, 10, 15, 11, 21, 24, 23, 40, 33, 43, 29, 33, 38, 36, 21, 25, 27, 24,
                      28, 36, 41, 71, 99, 75, 52, 34, 28, 16, 12, 10, 17, 28, 12, 20, 6, 4]
        var histogram = LevelHistogram()
        for (k, count) in counts.enumerated() {
            for i in 0..<count { histogram.add(power: pow(10, (-56 + Double(k) + Double(i) / Double(count)) / 10)) }
        }
        XCTAssertEqual(try XCTUnwrap(histogram.noiseMode()), -42, accuracy: 2)
    }

    func testAStepOfTheNoiseUnder10dBBelowIsNotTheNoiseAlone() {
        // A noise that steps: 60 frames at −60 dB, 300 at −52 dB. The low
        // step is separated but only 8 dB under: the tall peak stands.
        var histogram = LevelHistogram()
        for i in 0..<60 { histogram.add(power: pow(10, (-60 + 0.4 * (Double(i % 5) / 4 - 0.5)) / 10)) }
        for i in 0..<300 { histogram.add(power: pow(10, (-52 + 0.4 * (Double(i % 5) / 4 - 0.5)) / 10)) }
        XCTAssertEqual(try XCTUnwrap(histogram.noiseMode(upTo: 1.0)), -52, accuracy: 0.3)
    }

    /// Adds `count` levels spread evenly over `[low, high)` dB.
    private func spread(_ histogram: inout LevelHistogram, _ count: Int, from low: Double, to high: Double) {
        for i in 0..<count { histogram.add(power: pow(10, (low + (high - low) * (Double(i) + 0.5) / Double(count)) / 10)) }
    }

    /// An even-voiced talker with few pauses over a wide noise: the noise
    /// rises to its peak at −46 dB over `noiseWidth` dB (`noiseFrames`
    /// frames); the talker's quiet flank climbs from −40 dB and passes
    /// that peak's height 8 dB over it, and his `talkerFrames` loudest
    /// frames lie over `talkerWidth` dB from −31. No valley parts the noise
    /// 10 dB from anything taller, so `noiseMode` takes the talker.
    private func evenTalkerOverWideNoise(noiseFrames: Int = 150, noiseWidth: Int = 10, talkerFrames: Int = 400,
                                         talkerWidth: Double = 6) -> LevelHistogram {
        var histogram = LevelHistogram()
        let half = noiseWidth / 2
        for k in 0..<noiseWidth {
            let perDB = Double(noiseFrames) / Double(half * half) * Double(k < half ? k + 1 : noiseWidth - k)
            spread(&histogram, Int(perDB.rounded()), from: -46 - Double(half) + Double(k), to: -45 - Double(half) + Double(k))
        }
        for (k, count) in [10, 20, 35, 40, 40, 40, 40, 40, 40].enumerated() {
            spread(&histogram, count, from: -40 + Double(k), to: -39 + Double(k))
        }
        spread(&histogram, talkerFrames, from: -31, to: -31 + talkerWidth)
        return histogram
    }

    func testANoisePeakHiddenUnderAnEvenTalkersFlankIsFound() throws {
        let histogram = evenTalkerOverWideNoise()
        let mode = try XCTUnwrap(histogram.noiseMode())
        XCTAssertGreaterThan(mode, -32)
        XCTAssertEqual(try XCTUnwrap(histogram.hiddenNoisePeak(under: mode)), -46, accuracy: 1)
    }

    func testTooFewFramesUnderTheModeHideNoNoisePeak() throws {
        // A talker spread over 18 dB: the same noise is 9 % of the sounding
        // frames, under `hiddenShare`.
        let histogram = evenTalkerOverWideNoise(talkerFrames: 1_200, talkerWidth: 18)
        let mode = try XCTUnwrap(histogram.noiseMode())
        XCTAssertGreaterThan(mode, -32)
        XCTAssertNil(histogram.hiddenNoisePeak(under: mode))
    }

    func testALowPeakFarUnderTheModesHeightIsNoHiddenNoisePeak() throws {
        // The talker's loudest frames within 1 dB: the noise's peak is under
        // `hiddenHeightShare` of his, though 21 % of the frames lie under.
        let histogram = evenTalkerOverWideNoise(talkerWidth: 1)
        let mode = try XCTUnwrap(histogram.noiseMode())
        XCTAssertGreaterThan(mode, -32)
        XCTAssertNil(histogram.hiddenNoisePeak(under: mode))
    }

    func testATunesDecaysUnderTheModeAreNoHiddenNoisePeak() throws {
        // A tune's decays spread over −60…−38 dB, denser toward the top
        // (more notes overlap there): a quarter of the frames lie 10 dB or
        // more under the mode, as tall there as a hidden noise would be,
        // but rising to that limit with no peak or valley.
        var histogram = LevelHistogram()
        for k in 0..<22 { spread(&histogram, 2 + 28 * k / 21, from: -60 + Double(k), to: -59 + Double(k)) }
        for k in 0..<7 { spread(&histogram, 30 + 6 * k, from: -38 + Double(k), to: -37 + Double(k)) }
        spread(&histogram, 400, from: -31, to: -25)
        let mode = try XCTUnwrap(histogram.noiseMode())
        XCTAssertGreaterThan(mode, -32)
        XCTAssertNil(histogram.hiddenNoisePeak(under: mode))
    }

    func testActiveLevelExcludesFramesMoreThan15_9dBBelowIt() {
        var level = ActiveSpeechLevel()
        // Three frames at power 1 and one at 0.01 (−20 dB): the quiet one
        // is under 1/39 and out, so the level is exactly 1.
        for p in [1.0, 1, 1, 0.01] { level.add(power: p) }
        XCTAssertEqual(try XCTUnwrap(level.level(noisePower: 0)), 1, accuracy: 0.01)
        // With a frame at 0.1 (−10 dB) it is in: (3 + 0.1) / 4.
        var second = ActiveSpeechLevel()
        for p in [1.0, 1, 1, 0.1] { second.add(power: p) }
        XCTAssertEqual(try XCTUnwrap(second.level(noisePower: 0)), 3.1 / 4, accuracy: 0.01)
    }

    func testActiveLevelRemovesTheNoiseFromEachFrame() {
        var level = ActiveSpeechLevel()
        for p in [1.1, 1.1, 0.1] { level.add(power: p) }
        // Noise 0.1: speech powers 1, 1, 0 → level 1.
        XCTAssertEqual(try XCTUnwrap(level.level(noisePower: 0.1)), 1, accuracy: 0.01)
        XCTAssertNil(ActiveSpeechLevel().level(noisePower: 0.1))
    }

    func testNoiseFloorOfWhiteNoiseHasItsPowerAndAFlatSpectrum() {
        let rate = 16_000
        let features = Synthetic.analyze(mic: Synthetic.whiteNoise(count: rate * 3, power: 1e-3, seed: 8), rate: rate)
        let noise = try! XCTUnwrap(features.noise)
        XCTAssertEqual(Synthetic.db(noise.power), -30, accuracy: 0.2)
        // Interior bins of a white noise's mean spectrum sit within ±1 dB of
        // their mean (≈ 300 frames averaged per bin).
        let interior = Array(noise.spectrum[10..<(noise.spectrum.count - 10)])
        let mean = interior.reduce(0, +) / Float(interior.count)
        for value in interior { XCTAssertEqual(Synthetic.db(Double(value / mean)), 0, accuracy: 1.0) }
    }

    /// The noise window may span level groups no frame fell in: the
    /// spectrum is the mean over the frames of every group it holds.
    func testNoiseSpectrumOverLevelGroupsWithAGap() {
        let shape: [Float] = [1, 2, 3, 4]
        let estimator = NoiseFloorEstimator(binCount: shape.count, windowEnergy: 1)
        let quiet = pow(10, -6.25)
        let levels = [Double](repeating: 1e-6, count: 100) + [Double](repeating: quiet, count: 30)
            + [Double](repeating: 1e-3, count: 10)
        for level in levels { estimator.add(level: level) }
        estimator.beginSpectra()
        // −62.5 dB and −60 dB frames, nothing in the groups between.
        XCTAssertEqual(estimator.spectrumGroups.map { $0.count }, 4)
        XCTAssertTrue(estimator.wantsSpectrum(level: quiet))
        XCTAssertFalse(estimator.wantsSpectrum(level: 1e-3))
        for level in levels where estimator.wantsSpectrum(level: level) {
            let power = shape.map { $0 * Float(level) }
            power.withUnsafeBufferPointer { estimator.add(level: level, power: $0) }
        }
        let noise = estimator.estimate()!
        XCTAssertEqual(noise.power, (100e-6 + 30 * quiet) / 130, accuracy: 1e-12)
        for (got, want) in zip(noise.spectrum, shape) {
            XCTAssertEqual(Double(got), Double(want) * noise.power, accuracy: 1e-5 * noise.power)
        }
    }

    /// 0.4 s of exact zeros in a babble whose levels spread over 24 dB:
    /// the zeros are one bin, the babble's frames a few per bin, so the
    /// zeros were the lowest tall peak and the noise digital silence.
    func testADropoutOfDigitalSilenceIsNotTheNoiseMode() throws {
        let estimator = NoiseFloorEstimator(binCount: 4, windowEnergy: 1)
        let babble = (0..<600).map { pow(10, (-70 + 24 * Double($0) / 600) / 10) }
        for level in babble.prefix(300) { estimator.add(level: level) }
        for _ in 0..<40 { estimator.add(level: 0) }
        for level in babble.suffix(300) { estimator.add(level: level) }
        estimator.beginSpectra()
        let noise = try XCTUnwrap(estimator.estimate())
        XCTAssertGreaterThan(10 * log10(noise.power), -71)
        XCTAssertLessThan(10 * log10(noise.power), -46)
    }

    /// Levels that alternate frame by frame (a hum beating with the hop)
    /// are judged in pairs: the noise is their mean, not the quiet half;
    /// levels that wander at random are judged frame by frame.
    func testAlternatingLevelsAreJudgedInPairs() throws {
        let alternating = NoiseFloorEstimator(binCount: 4, windowEnergy: 1)
        for k in 0..<600 { alternating.add(level: k % 2 == 0 ? 1e-4 : 4e-4) }
        alternating.beginSpectra()
        XCTAssertTrue(alternating.judgesPairs)
        XCTAssertEqual(try XCTUnwrap(alternating.estimate()).power, 2.5e-4, accuracy: 1e-9)

        var random = SeededRandom(seed: 3)
        let wandering = NoiseFloorEstimator(binCount: 4, windowEnergy: 1)
        for _ in 0..<600 { wandering.add(level: 1e-4 * pow(10, random.gaussian() / 10)) }
        wandering.beginSpectra()
        XCTAssertFalse(wandering.judgesPairs)
    }

    /// A hum under a talker who seldom pauses: its frames split between two
    /// levels 4 dB apart, too broad a peak beside the talker's levels 10–14
    /// dB above, so the frames' mode is the talker's (the noise read 12 dB
    /// high). The pairs' mode, 10 dB or more under it, is the hum's, and
    /// the noise is judged on pairs.
    func testAHumSplitUnderSpeechIsFoundByItsPairs() throws {
        var random = SeededRandom(seed: 5)
        let estimator = NoiseFloorEstimator(binCount: 4, windowEnergy: 1)
        var humFrames = 0
        for k in 0..<2_000 {
            if k % 100 < 20 {
                estimator.add(level: humFrames % 2 == 0 ? 1e-5 : 2.5e-5)
                humFrames += 1
            } else {
                estimator.add(level: pow(10, (-36 + 3 * random.gaussian()) / 10))
            }
        }
        XCTAssertEqual(try XCTUnwrap(estimator.levels.noiseMode()), -36, accuracy: 1)
        estimator.beginSpectra()
        XCTAssertTrue(estimator.judgesPairs)
        XCTAssertEqual(10 * log10(try XCTUnwrap(estimator.estimate()).power), 10 * log10(1.75e-5), accuracy: 0.1)
    }
}
