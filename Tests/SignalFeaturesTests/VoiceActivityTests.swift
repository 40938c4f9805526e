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
            let hangover = FeatureAnalysis.hangoverCells
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

    func testSegmenterHangoverBridgesShortPausesAndOnsetDropsBlips() {
        var segmenter = SpeechSegmenter(hangoverFrames: 3, minimumOnsetFrames: 2)
        // frames: 0-1 blip of one, 5-9 speech, 11 speech (pause of 1 < 3:
        // bridged), 20-21 speech; total 30.
        let speech: Set<Int> = [1, 5, 6, 7, 8, 9, 11, 20, 21]
        for frame in 0..<30 { segmenter.push(speech.contains(frame)) }
        segmenter.finish(totalFrames: 30)
        XCTAssertEqual(segmenter.segments, [5..<15, 20..<25])
        XCTAssertEqual(segmenter.speechFrames, 15)
    }

    func testSegmentIsCutAtTheEndOfTheRecording() {
        var segmenter = SpeechSegmenter(hangoverFrames: 10, minimumOnsetFrames: 1)
        for frame in 0..<5 { segmenter.push(frame >= 3) }
        segmenter.finish(totalFrames: 5)
        XCTAssertEqual(segmenter.segments, [3..<5])
    }

    func testSmootherCentresTheAverage() {
        var smoother = LikelihoodSmoother(radius: 1)
        var out: [(Double, Double)] = []
        for (i, r) in [0.0, 3, 0, 0].enumerated() {
            smoother.push(ratio: r, level: Double(i)) { ratio, mean, _ in out.append((ratio, mean)) }
        }
        smoother.finish { ratio, mean, _ in out.append((ratio, mean)) }
        XCTAssertEqual(out.map(\.0), [0, 3, 0, 0])
        XCTAssertEqual(out.map(\.1), [1.5, 1, 1, 0])
    }

    func testPauseTrackerKeepsOnlyFramesClearOfSpeech() {
        var tracker = PauseTracker(marginCells: 1)
        // levels 1…7, speech at index 3 (level 4): frames 2, 3, 4 are not pauses.
        for (i, s) in [false, false, false, true, false, false, false].enumerated() {
            tracker.push(level: Double(i + 1), speech: s)
        }
        tracker.finish()
        XCTAssertEqual(tracker.frames, 4)
        XCTAssertEqual(try XCTUnwrap(tracker.meanPower), (1 + 2 + 6 + 7) / 4.0, accuracy: 1e-12)
    }
}
