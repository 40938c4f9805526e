import FileFormats
import XCTest
@testable import SignalFeatures

/// The VAD finds speech where it is, in coloured and tonal noise, and the
/// segmenter's hangover and onset rules work frame by frame.
final class VoiceActivityTests: XCTestCase {
    func testBurstsAreFoundAtTheirTimesWithHangover() {
        for rate in [8_000, 16_000, 44_100, 48_000] {
            let count = rate * 5
            let tone = Synthetic.toneBursts(count: count, rate: rate, hz: 500, power: 1e-3,
                                            on: [(1.0, 2.0), (3.0, 3.5)])
            let features = Synthetic.analyze(mic: mix(tone, Synthetic.whiteNoise(count: count, power: 1e-5, seed: 11)), rate: rate)
            XCTAssertEqual(features.speechSegments.count, 2, "rate \(rate): \(features.speechSegments)")
            guard features.speechSegments.count == 2 else { continue }
            // At 20 dB SNR nothing of the bursts is inaudible: no hangover.
            let hangover = FeatureAnalysis.segmentEdges(estimatedSNR: 20).hangover
            XCTAssertEqual(hangover, 0)
            // Starts within 2 cells; ends at the burst end plus the hangover.
            XCTAssertEqual(Double(features.speechSegments[0].lowerBound), 100, accuracy: 2, "rate \(rate)")
            XCTAssertEqual(Double(features.speechSegments[0].upperBound), Double(200 + hangover), accuracy: 3, "rate \(rate)")
            XCTAssertEqual(Double(features.speechSegments[1].lowerBound), 300, accuracy: 2, "rate \(rate)")
            XCTAssertEqual(Double(features.speechSegments[1].upperBound), Double(350 + hangover), accuracy: 3, "rate \(rate)")
            XCTAssertEqual(try XCTUnwrap(features.speechRatio), Double(150 + 2 * hangover) / 500, accuracy: 0.03, "rate \(rate)")
        }
    }

    func testMainsHumAloneIsNotSpeech() {
        let rate = 16_000, count = rate * 4
        // 50 Hz and harmonics, loud, plus a little white noise.
        let hum = (0..<count).map { n -> Float in
            let t = Double(n) / Double(rate)
            return Float((1...6).reduce(0.0) { $0 + 0.05 * pow(0.7, Double($1)) * sin(2 * Double.pi * 50 * Double($1) * t) })
        }
        let features = Synthetic.analyze(mic: mix(hum, Synthetic.whiteNoise(count: count, power: 1e-7, seed: 3)), rate: rate)
        XCTAssertLessThan(try XCTUnwrap(features.speechRatio), 0.05)
    }

    func testSpeechInHumIsFound() {
        let rate = 16_000, count = rate * 4
        let hum = (0..<count).map { n -> Float in
            let t = Double(n) / Double(rate)
            return Float((1...6).reduce(0.0) { $0 + 0.05 * pow(0.7, Double($1)) * sin(2 * Double.pi * 50 * Double($1) * t) })
        }
        let tone = Synthetic.toneBursts(count: count, rate: rate, hz: 1_000, power: 3e-4, on: [(1.0, 2.5)])
        let features = Synthetic.analyze(mic: mix(hum, tone), rate: rate)
        XCTAssertEqual(features.speechSegments.count, 1, "\(features.speechSegments)")
        XCTAssertEqual(Double(features.speechSegments.first?.lowerBound ?? -1), 100, accuracy: 2)
    }

    func testMainsHumIsNotSpeechBetweenWords() throws {
        // 50 Hz hum with seven overtones at 8 kHz: a 25 ms frame holds 1¼
        // periods, so on a 10 ms hop every other frame is 6 dB louder, in
        // another spectral shape (the overtones beat). Harmonic "words"
        // 2.5 dB over it, far apart. Judged on single frames the noise was
        // the quiet frames', every loud one was speech, and one segment
        // ran from the first word to the end (speech ratio 0.9, SNR −5 dB).
        let rate = 8_000, count = rate * 10
        let hum = (0..<count).map { n -> Float in
            let t = Double(n) / Double(rate)
            return Float((0..<8).reduce(0.0) { $0 + 0.02 * pow(0.7, Double($1)) * sin(2 * Double.pi * 50 * Double($1 + 1) * t + Double($1)) })
        }
        let humPower = Synthetic.meanPower(hum)
        let words = [(1.0, 1.6), (4.0, 4.5), (7.5, 8.2)]
        var speech = [Float](repeating: 0, count: count)
        for harmonic in 1...10 {
            let tone = Synthetic.toneBursts(count: count, rate: rate, hz: 170 * Double(harmonic),
                                            power: humPower * pow(10, 0.25) / 10, on: words)
            for k in 0..<count { speech[k] += tone[k] }
        }
        let features = Synthetic.analyze(mic: mix(hum, speech), rate: rate)
        XCTAssertEqual(features.speechSegments.count, 3, "\(features.speechSegments)")
        XCTAssertEqual(try XCTUnwrap(features.speechRatio), 0.18, accuracy: 0.06)
        XCTAssertEqual(Synthetic.db(try XCTUnwrap(features.noise).power), Synthetic.db(humPower), accuracy: 0.5)
        XCTAssertEqual(try XCTUnwrap(features.snrDB), 2.5, accuracy: 1.5)
    }

    func testSegmenterHangoverBridgesShortPausesAndOnsetDropsBlips() {
        var segmenter = SpeechSegmenter(hangoverFrames: 3, minimumOnsetFrames: 2)
        // frames: 0-1 blip of one, 5-9 speech, 11 speech (pause of 1 < 3:
        // bridged), 20-21 speech; total 30.
        let speech: Set<Int> = [1, 5, 6, 7, 8, 9, 11, 20, 21]
        for frame in 0..<30 { segmenter.push(speech.contains(frame), level: Double(frame % 10)) }
        segmenter.finish(totalFrames: 30)
        XCTAssertEqual(segmenter.segments, [5..<15, 20..<25])
        // Each segment's loudest speech frame: the blip's is nobody's.
        XCTAssertEqual(segmenter.peaks, [9, 1])
        // Each segment's Σ level over all its frames, hangover included.
        XCTAssertEqual(segmenter.energies, [45, 10])
    }

    func testQuietBurstsGetAnSNRDependentHangoverAndPreRoll() {
        let rate = 16_000, count = rate * 5
        // 500 Hz bursts 3 dB over a white noise. Pass 1 reads 3 dB, which
        // for speech means about −1.5 dB (it misses the quiet syllables):
        // 13.4 dB of a word's edges would be inaudible, so segments get 9
        // cells of hangover and 5 of pre-roll (the bursts themselves have
        // sharp edges).
        let tone = Synthetic.toneBursts(count: count, rate: rate, hz: 500, power: 2e-5,
                                        on: [(1.0, 2.0), (3.0, 3.5)])
        let features = Synthetic.analyze(mic: mix(tone, Synthetic.whiteNoise(count: count, power: 1e-5, seed: 11)), rate: rate)
        let edges = FeatureAnalysis.segmentEdges(estimatedSNR: FeatureAnalysis.firstPassSNR(activeLevel: 2e-5, noisePower: 1e-5))
        XCTAssertEqual(edges.hangover, 9)
        XCTAssertEqual(edges.preRoll, 5)
        XCTAssertEqual(features.speechSegments.count, 2, "\(features.speechSegments)")
        guard features.speechSegments.count == 2 else { return }
        for (segment, (start, end)) in zip(features.speechSegments, [(100, 200), (300, 350)]) {
            XCTAssertEqual(Double(segment.lowerBound), Double(start - edges.preRoll), accuracy: 2, "\(segment)")
            XCTAssertEqual(Double(segment.upperBound), Double(end + edges.hangover), accuracy: 3, "\(segment)")
        }
    }

    func testAFaintSyllableAtLowSNRIsInTheSegments() {
        let rate = 16_000, count = rate * 5
        // A 500 Hz burst 3 dB over a white noise, then a 700 Hz one 14 dB
        // under it (11 dB under the noise): active in P.56's sense. At the
        // VAD's own thresholds no frame of it is heard; at a fifth of them
        // (pass 1 reads under 5 dB) it makes the second segment, its first
        // frames aside.
        let loud = Synthetic.toneBursts(count: count, rate: rate, hz: 500, power: 2e-5, on: [(1.0, 2.0)])
        let faint = Synthetic.toneBursts(count: count, rate: rate, hz: 700, power: 8e-7, on: [(3.0, 3.5)])
        let features = Synthetic.analyze(mic: mix(loud, faint, Synthetic.whiteNoise(count: count, power: 1e-5, seed: 11)),
                                         rate: rate)
        XCTAssertEqual(features.speechSegments.count, 2, "\(features.speechSegments)")
        guard let second = features.speechSegments.last, features.speechSegments.count == 2 else { return }
        XCTAssertGreaterThanOrEqual(second.clamped(to: 300..<350).count, 40, "\(second)")
    }

    func testFirstPassSNRIsCorrectedOnlyBelow12dB() {
        func snr(_ db: Double) -> Double { FeatureAnalysis.firstPassSNR(activeLevel: pow(10, db / 10), noisePower: 1) }
        XCTAssertEqual(snr(3), -1.5, accuracy: 1e-9)
        XCTAssertEqual(snr(12), 12, accuracy: 1e-9)
        XCTAssertEqual(snr(25), 25, accuracy: 1e-9)
    }

    func testSegmentEdgesFollowTheInaudibleDecibels() {
        // ≥ 15.9 − 4 dB SNR: every active frame is heard.
        XCTAssertEqual(FeatureAnalysis.segmentEdges(estimatedSNR: 11.9).hangover, 0)
        XCTAssertEqual(FeatureAnalysis.segmentEdges(estimatedSNR: 40).preRoll, 0)
        // 15 dB unheard at −3.1 dB: 10 cells at 1.5 dB per cell, 6 at 2.5.
        XCTAssertEqual(FeatureAnalysis.segmentEdges(estimatedSNR: -3.1).hangover, 10)
        XCTAssertEqual(FeatureAnalysis.segmentEdges(estimatedSNR: -3.1).preRoll, 6)
        // Floored at −10 dB; no level: the fixed 100 ms hangover.
        XCTAssertEqual(FeatureAnalysis.segmentEdges(estimatedSNR: -40).hangover,
                       FeatureAnalysis.segmentEdges(estimatedSNR: -10).hangover)
        XCTAssertEqual(FeatureAnalysis.segmentEdges(estimatedSNR: nil).hangover, FeatureAnalysis.hangoverCells)
        XCTAssertEqual(FeatureAnalysis.segmentEdges(estimatedSNR: nil).preRoll, 0)
    }

    func testSegmenterPreRollAndBridge() {
        var segmenter = SpeechSegmenter(hangoverFrames: 1, minimumOnsetFrames: 2, preRollFrames: 2, bridgeFrames: 3)
        // 5-6 speech → [3, 8); 12-13 starts at 10, 2 after 8: bridged;
        // 25-26 → [23, 28), 15 after 15: a new segment; 29 (one frame)
        // continues it; total 40.
        let speech: Set<Int> = [5, 6, 12, 13, 25, 26, 29]
        for frame in 0..<40 { segmenter.push(speech.contains(frame), level: Double(frame % 10)) }
        segmenter.finish(totalFrames: 40)
        XCTAssertEqual(segmenter.segments, [3..<15, 23..<31])
        // A bridged run adds to the segment's peak, it does not replace it.
        XCTAssertEqual(segmenter.peaks, [6, 9])
        // The pre-roll's frames count in the energy, pushed before the segment opened.
        XCTAssertEqual(segmenter.energies, [52, 42])
    }

    func testASegmentQuietBesideTheSpeechAndNearTheNoiseIsNoWord() {
        var segmenter = SpeechSegmenter(hangoverFrames: 0, minimumOnsetFrames: 1)
        for peak in [2.0, 0.1, 0.5] { segmenter.push(true, level: peak); segmenter.push(false) }
        segmenter.finish(totalFrames: 6)
        // Speech at 1, noise at 0.01: 0.1 is 10 dB under the one and 10 dB
        // over the other, a babble's loud moment; 0.5 is within 5 dB of the
        // speech. 40 dB under the speech, 0.1 is 30 dB over the noise: a word.
        XCTAssertEqual(FeatureAnalysis.wordSegments(segmenter, speechPower: 1, noisePower: 0.01).words, [0..<1, 4..<5])
        XCTAssertEqual(FeatureAnalysis.wordSegments(segmenter, speechPower: 1, noisePower: 1e-4).words, [0..<1, 2..<3, 4..<5])
    }

    func testABurstWithinTheNoisesReachIsLeftOutOfTheSegments() {
        let rate = 16_000, count = rate * 6
        // 500 Hz bursts 20 dB over a noise, and one between them 7 dB over it
        // (13 dB under the bursts: active in P.56's sense, and heard). Over a
        // rough white noise (its level alternates 3 dB every 40 ms) the quiet
        // burst lies within the level the noise's own frames reach
        // (`PauseTracker.noise`, its `reach`): it is the noise's loud moment, and
        // the ratio counts only the words. Over white noise, whose frames
        // never reach it, it is a word (round 18: a held-out voice's quiet
        // words over pink noise were taken for its loud moments).
        let loud = Synthetic.toneBursts(count: count, rate: rate, hz: 500, power: 1e-3, on: [(1.0, 2.0), (4.0, 5.0)])
        let quiet = Synthetic.toneBursts(count: count, rate: rate, hz: 700, power: 1e-5 * pow(10, 0.7), on: [(2.8, 3.1)])
        let white = Synthetic.whiteNoise(count: count, power: 1e-5, seed: 5)
        let rough = white.enumerated().map { n, x in x * (n / (rate / 25) % 2 == 0 ? 1.16 : 0.81) }
        let overRough = Synthetic.analyze(mic: mix(loud, quiet, rough), rate: rate).speechSegments
        XCTAssertEqual(overRough.count, 2, "\(overRough)")
        XCTAssertFalse(overRough.contains { $0.overlaps(280..<310) }, "\(overRough)")
        let features = Synthetic.analyze(mic: mix(loud, quiet, white), rate: rate)
        XCTAssertEqual(features.speechSegments.count, 3, "\(features.speechSegments)")
        XCTAssertTrue(features.speechSegments.contains { $0.overlaps(280..<310) }, "\(features.speechSegments)")
        let held = features.speechSegments.reduce(0) { $0 + $1.count }
        XCTAssertEqual(try XCTUnwrap(features.speechRatio), Double(held) / 600, accuracy: 0.01)
    }

    func testSegmenterPreRollStopsAtThePreviousSegmentAndTheStart() {
        var segmenter = SpeechSegmenter(hangoverFrames: 2, minimumOnsetFrames: 2, preRollFrames: 5, bridgeFrames: 0)
        // 1-2 → [0, 5) (pre-roll cut at 0); 11-12 → would start at 6, one
        // frame after 5 with no bridge: a new segment from 6.
        let speech: Set<Int> = [1, 2, 11, 12]
        for frame in 0..<20 { segmenter.push(speech.contains(frame)) }
        segmenter.finish(totalFrames: 20)
        XCTAssertEqual(segmenter.segments, [0..<5, 6..<15])
    }

    func testSegmentIsCutAtTheEndOfTheRecording() {
        var segmenter = SpeechSegmenter(hangoverFrames: 10, minimumOnsetFrames: 1)
        for frame in 0..<5 { segmenter.push(frame >= 3) }
        segmenter.finish(totalFrames: 5)
        XCTAssertEqual(segmenter.segments, [3..<5])
    }

    func testSmootherCentresTheAverage() {
        var smoother = LikelihoodSmoother(radius: 1)
        var out: [LikelihoodSmoother.Frame] = []
        for (i, r) in [0.0, 3, 0, 0].enumerated() {
            if let frame = smoother.push(ratio: r, level: Double(i)) { out.append(frame) }
        }
        XCTAssertEqual(out.count, 3, "a frame comes out once its right-hand neighbour is in")
        while let frame = smoother.flush() { out.append(frame) }
        XCTAssertEqual(out.map(\.ratio), [0, 3, 0, 0])
        XCTAssertEqual(out.map(\.mean), [1.5, 1, 1, 0])
        XCTAssertEqual(out.map(\.level), [0, 1, 2, 3])
    }

    func testANoiseSteppedLouderAndStayingThereIsNotSpeech() {
        // White noise 12 dB louder from 3 s to 7 s; tone "words" 20 dB over
        // the quiet noise at 0.5–1.5 s and 5.5–6.5 s. The VAD hears the
        // louder noise as speech against its noise model; once it has held
        // steady for 310 ms (from 3.31 s) it is the noise stepping louder.
        let rate = 16_000, count = rate * 8
        let quiet = 1e-4
        let noise = Synthetic.steppedNoise(count: count, rate: rate, power: quiet, louder: 3..<7, seed: 41)
        let words = Synthetic.toneBursts(count: count, rate: rate, hz: 440, power: 100 * quiet,
                                         on: [(0.5, 1.5), (5.5, 6.5)])
        let features = Synthetic.analyze(mic: mix(words, noise), rate: rate)
        let steadyLouder = 340..<540
        let heard = features.speechSegments.reduce(0) { $0 + $1.clamped(to: steadyLouder).count }
        XCTAssertLessThan(heard, 10, "\(features.speechSegments)")
    }

    func testPauseTrackerKeepsOnlyFramesClearOfSpeech() {
        var tracker = PauseTracker(marginCells: 1)
        // levels 1…7, speech at index 3 (level 4): frames 2, 3, 4 are not pauses.
        for (i, s) in [false, false, false, true, false, false, false].enumerated() {
            tracker.push(level: Double(i + 1), speech: s, steady: false)
        }
        tracker.finish()
        XCTAssertEqual(tracker.frames, 4)
        XCTAssertEqual(try XCTUnwrap(tracker.meanNoise()), (1 + 2 + 6 + 7) / 4.0, accuracy: 1e-12)
    }

    func testPauseTrackerKeepsASteadyFrameNextToSpeech() {
        var tracker = PauseTracker(marginCells: 1)
        // As above, but frame 4 (level 5) ends a steady stretch: it is noise
        // although speech is next to it.
        for (i, s) in [false, false, false, true, false, false, false].enumerated() {
            tracker.push(level: Double(i + 1), speech: s, steady: i == 4)
        }
        tracker.finish()
        XCTAssertEqual(tracker.frames, 5)
        XCTAssertEqual(try XCTUnwrap(tracker.meanNoise()), (1 + 2 + 5 + 6 + 7) / 5.0, accuracy: 1e-12)
    }

    func testPauseTrackerLeavesOutAQuietSoundFarOverTheNoise() {
        // Pauses of level 1 with loud moments 4.8 dB over it (a babble's),
        // and five frames 20 dB over it (a breath between words): the
        // breath is not the noise, the loud moments are.
        var tracker = PauseTracker(marginCells: 1)
        let levels = (0..<100).map { i -> Double in i % 20 == 7 ? 100 : (i % 4 == 0 ? 3 : 1) }
        for level in levels { tracker.push(level: level, speech: false, steady: false) }
        tracker.finish()
        XCTAssertEqual(tracker.frames, 100)
        let quiet = levels.filter { $0 < 100 }
        XCTAssertEqual(try XCTUnwrap(tracker.meanNoise()), quiet.reduce(0, +) / Double(quiet.count), accuracy: 1e-9)
    }

    func testPauseTrackerCutsWordsItMissedOutOfANarrowNoise() throws {
        // A white noise's frames within ±0.2 dB of 1, and one frame in
        // twelve 3 dB over it (a word the VAD missed at low SNR): the noise
        // is 1, not 0.33 dB over it. A hum's frames alternate 5 dB apart
        // and are all its own.
        func noise(_ levels: [Double]) throws -> Double {
            var tracker = PauseTracker(marginCells: 1)
            for level in levels { tracker.push(level: level, speech: false, steady: false) }
            tracker.finish()
            return try XCTUnwrap(tracker.meanNoise())
        }
        let white = (0..<120).map { i -> Double in i % 12 == 5 ? 2 : [0.96, 1, 1.04][i % 3] }
        XCTAssertEqual(try noise(white), 1, accuracy: 0.01)
        let hum = (0..<120).map { i -> Double in i % 2 == 0 ? 0.5 : 1.5 }
        XCTAssertEqual(try noise(hum), 1, accuracy: 1e-9)
    }

    func testPausesHoldingATalkersQuietFramesGiveTheNoiseUnderThem() throws {
        // Pass 1's noise lay on speech, so the VAD heard only the talker's
        // loud frames: the pauses hold the noise (levels within ±1.5 dB of
        // 1) and his quiet frames, 8–28 dB over it. Their noise is 1.
        var random = SeededRandom(seed: 17)
        let noise = (0..<300).map { _ in pow(10, 0.15 * random.gaussian()) }
        let quietSpeech = (0..<300).map { _ in pow(10, 0.8 + 2 * random.unit()) }
        func tracker(_ levels: [Double]) -> PauseTracker {
            var tracker = PauseTracker(marginCells: 1)
            for level in levels { tracker.push(level: level, speech: false, steady: false) }
            tracker.finish()
            return tracker
        }
        let both = tracker(zip(noise, quietSpeech).flatMap { [$0, $1] })
        let mean = try XCTUnwrap(both.meanNoise())
        let modelDB = 10 * log10(mean) + PauseTracker.modelGapDB + 1
        XCTAssertEqual(try XCTUnwrap(both.noiseUnderSpeech(silenceIsNoise: false, modelPower: pow(10, modelDB / 10))),
                       0, accuracy: 0.5)
        // A model only a little over the pauses is a noise they read low (a
        // babble's), not speech; pauses of noise alone do not spread so far.
        XCTAssertNil(both.noiseUnderSpeech(silenceIsNoise: false, modelPower: pow(10, (modelDB - 2) / 10)))
        XCTAssertNil(tracker(noise).noiseUnderSpeech(silenceIsNoise: false, modelPower: 1e3))
    }

    /// A held note at the words' level is music, not speech: the segments
    /// hold the words (whose pitch swings) and leave the note out, though
    /// the VAD hears every frame of both (docs/features.md, round 16). At
    /// 30 dB SNR no noise passes the VAD at length, and a held spectrum is
    /// left in (a monotone voice holds a vowel's that long).
    func testAHeldNoteIsLeftOutOfTheSegmentsUnder20dBSNR() {
        let rate = 16_000, count = rate * 6
        var note = [Float](repeating: 0, count: count)
        for harmonic in 1...6 {
            let tone = Synthetic.toneBursts(count: count, rate: rate, hz: 220 * Double(harmonic),
                                            power: 1e-3 * pow(0.5, Double(harmonic)), on: [(3.0, 4.5)], swing: 0)
            for k in 0..<count { note[k] += tone[k] }
        }
        let words = Synthetic.toneBursts(count: count, rate: rate, hz: 300, power: 1e-3, on: [(1.0, 2.0), (5.0, 5.5)])
        let noisy = Synthetic.analyze(mic: mix(words, note, Synthetic.whiteNoise(count: count, power: 3e-5, seed: 61)), rate: rate)
        XCTAssertLessThan(try XCTUnwrap(noisy.snrDB), FeatureAnalysis.sustainedToneSNR)
        XCTAssertEqual(noisy.speechSegments.count, 2, "\(noisy.speechSegments)")
        XCTAssertFalse(noisy.speechSegments.contains { $0.overlaps(310..<440) }, "\(noisy.speechSegments)")
        XCTAssertTrue(noisy.speechSegments.contains { $0.contains(150) }, "\(noisy.speechSegments)")
        XCTAssertTrue(noisy.speechSegments.contains { $0.contains(520) }, "\(noisy.speechSegments)")
        let clean = Synthetic.analyze(mic: mix(words, note, Synthetic.whiteNoise(count: count, power: 1e-6, seed: 61)), rate: rate)
        XCTAssertTrue(clean.speechSegments.contains { $0.contains(370) }, "\(clean.speechSegments)")
    }
}

private extension PauseTracker {
    /// The mean power of the pause frames the noise's mean keeps.
    func meanNoise() -> Double? {
        noise(silenceIsNoise: false).map { $0.power / Double($0.frames) }
    }
}
