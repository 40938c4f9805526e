import Foundation

/// Everything the feature analysis measured on one recording.
public struct AudioFeatures: Sendable, Equatable {
    /// Decision cells (10 ms) covering the recording.
    public var cellCount: Int
    /// Cell length, seconds.
    public var cellSeconds: Double
    /// The mic's noise floor, nil when no full analysis frame fits.
    public var noise: NoiseFloor?
    /// Active speech level (P.56 style) of the speech frames, noise removed.
    public var speechPower: Double?
    public var segmentSpeechPower: Double? = nil
    /// `10·log10(speechPower / noise.power)`.
    public var snrDB: Double?
    /// Fraction of cells inside speech segments; nil when no VAD ran.
    public var speechRatio: Double?
    /// Speech segments in cells, `[start, end)`.
    public var speechSegments: [Range<Int>]
    /// Echo measures, when a far-end track was given.
    public var echo: EchoMeasures?
    /// NaN or infinite input samples, read as 0.
    public var nonFiniteSamples: Int
    /// Samples at or beyond ±0.999 of full scale.
    public var clippedSamples: Int
    /// Real samples analysed.
    public var samples: Int
}

/// The feature analysis of one recording in two streaming passes.
///
/// Pass 1 learns what can only be known from the whole track: the mic's
/// noise floor (`NoiseFloorEstimator`), the far-end's level range and the
/// echo path delay (`EchoDelayEstimator`). Pass 2 runs the VAD against that
/// noise, measures the active speech level, and — with the far-end delayed
/// by the echo path so both tracks share one frame grid — the echo. The
/// caller reads the files and feeds equal-length, time-aligned blocks; a
/// missing far-end or AEC sample is 0. Memory is fixed by the sample rate
/// and the 1 s delay search, never by the recording's length.
public final class FeatureAnalysis {
    public let sampleRate: Int
    public let hasFarEnd: Bool
    public let hasAECOutput: Bool
    public static let frameMs = 25.0
    public static let hopMs = 10.0
    /// Raw-decision hangover and onset for segments, in cells.
    public static let hangoverCells = 10
    public static let onsetCells = 2

    private var mic: FrameStream
    private var far: FrameStream?
    private var aec: FrameStream?
    private let noiseEstimator: NoiseFloorEstimator
    private var farLevels = LevelHistogram()
    private let delayEstimator: EchoDelayEstimator?
    /// Cell-sized chunks: mic, far-end, AEC output, delayed far-end.
    private let scratch: [UnsafeMutableBufferPointer<Float>]
    private var samples = 0
    private var nonFinite = 0
    private var clipped = 0

    // Pass 2 state, set by `beginSecondPass`.
    private var noise: NoiseFloor?
    private var vad: VoiceActivityDetector?
    private var segmenter = SpeechSegmenter(hangoverFrames: FeatureAnalysis.hangoverCells,
                                            minimumOnsetFrames: FeatureAnalysis.onsetCells)
    private var speechLevel = ActiveSpeechLevel()
    private var lastSpeechCell = Int.min / 2
    private var smoother = LikelihoodSmoother(radius: FeatureAnalysis.smoothingRadius, cap: 0.5)
    private var decidedCells = 0
    /// Frames each side of the centred LLR average.
    public static let smoothingRadius = 2
    /// The averaged LLR's threshold: lower than a single frame's, since the
    /// average of five noise frames fluctuates less.
    private var smoothedThreshold = 0.1
    private var segmentLevelSum = 0.0
    private var segmentCells = 0
    private var pauseTracker = PauseTracker(marginCells: FeatureAnalysis.pauseMarginCells)
    /// Cells a frame must be from any clear speech to measure the noise.
    public static let pauseMarginCells = 5
    /// Mean log-likelihood ratio of clear speech (about 4 dB frame SNR).
    public static let pauseBreakingRatio = 1.0
    private var echoAnalyzer: EchoAnalyzer?
    private var delay: (lag: Int, significance: Double)?
    /// The far-end's last `lag` samples, a ring (raw: per-sample access to
    /// a class's array property pays an exclusivity check).
    private var farDelayLine = UnsafeMutableBufferPointer<Float>(start: nil, count: 0)
    /// Mean square of the undelayed far-end per 10 ms cell, by cell number
    /// modulo the ring: double talk without a detectable echo is judged on
    /// the far-end's own timeline, not at a lag that is noise.
    private var farCellLevels = [Double](repeating: 0, count: 8)
    private var farCellsPushed = 0
    private var delayCursor = 0
    private var secondPass = false
    /// Frames quieter than this are never speech: 25 dB under the loud
    /// frames (95th percentile) is below any syllable of the talker, so a
    /// quiet babble or hum that fluctuates past the VAD's noise model
    /// between words is not taken for them.
    private var speechGate = 0.0
    public static let speechGateDB = 25.0
    private var cells = 0
    private var cellsDone = 0

    public init(sampleRate: Int, hasFarEnd: Bool, hasAECOutput: Bool) {
        self.sampleRate = sampleRate
        self.hasFarEnd = hasFarEnd
        self.hasAECOutput = hasAECOutput
        mic = FrameStream(sampleRate: sampleRate, frameMs: Self.frameMs, hopMs: Self.hopMs)
        // Pass 1 wants only the far-end's levels: no transform.
        far = hasFarEnd ? FrameStream(sampleRate: sampleRate, frameMs: Self.frameMs, hopMs: Self.hopMs,
                                      computesPower: false, minimumTransformLevel: .infinity) : nil
        noiseEstimator = NoiseFloorEstimator(binCount: mic.power.count, windowEnergy: mic.windowEnergy)
        delayEstimator = hasFarEnd ? EchoDelayEstimator(sampleRate: sampleRate) : nil
        let hop = mic.stft.hop
        scratch = (0..<4).map { _ in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: hop)
            buffer.initialize(repeating: 0)
            return buffer
        }
    }

    deinit {
        for buffer in scratch { buffer.deallocate() }
        farDelayLine.deallocate()
    }

    /// Cell length in samples.
    public var hop: Int { mic.stft.hop }

    /// Feeds the next aligned blocks of the first pass.
    public func pushFirstPass(mic micBlock: UnsafeBufferPointer<Float>, far farBlock: UnsafeBufferPointer<Float>? = nil) {
        precondition(!secondPass, "first pass after the second")
        forEachChunk(micBlock, farBlock, nil, counting: true) { m, f, _ in
            if let f { delayEstimator?.push(mic: m, far: f) }
            mic.push(m)
            if let f { far?.push(f) }
            if mic.ready {
                mic.take()
                if mic.interior {
                    mic.power.withUnsafeBufferPointer { noiseEstimator.add(level: mic.level, power: $0) }
                }
            }
            if let far, far.ready {
                far.take()
                if far.interior { farLevels.add(power: max(far.level, NoiseFloor.digitalSilence)) }
            }
        }
    }

    /// Ends pass 1: fixes the noise floor and the echo delay.
    public func beginSecondPass() {
        precondition(!secondPass, "second pass already begun")
        secondPass = true
        cells = (samples + hop - 1) / hop
        noise = noiseEstimator.estimate()
        if let loud = noiseEstimator.levels.percentile(0.95) {
            speechGate = pow(10, (loud - Self.speechGateDB) / 10)
        }
        if let noise {
            vad = VoiceActivityDetector(noise: noise, sampleRate: sampleRate, fftSize: mic.stft.fftSize)
        }
        mic = FrameStream(sampleRate: sampleRate, frameMs: Self.frameMs, hopMs: Self.hopMs)
        // The AEC output is read for its level only.
        aec = hasAECOutput ? FrameStream(sampleRate: sampleRate, frameMs: Self.frameMs, hopMs: Self.hopMs,
                                         computesPower: false, minimumTransformLevel: .infinity) : nil
        if hasFarEnd {
            delay = delayEstimator?.estimate()
            let lag = delay?.lag ?? 0
            if lag > 0 {
                farDelayLine = .allocate(capacity: lag)
                farDelayLine.initialize(repeating: 0)
            }
            // Far-end frames are active within 30 dB of its loud frames.
            let loud = farLevels.percentile(0.95) ?? -200
            let active = max(pow(10, (loud - 30) / 10), 1e-10)
            // Only active far-end frames are compared bin by bin (the 1 %
            // margin keeps rounding from skipping one at the threshold).
            far = FrameStream(sampleRate: sampleRate, frameMs: Self.frameMs, hopMs: Self.hopMs,
                              computesPower: false, minimumTransformLevel: 0.99 * active)
            echoAnalyzer = EchoAnalyzer(sampleRate: sampleRate, fftSize: mic.stft.fftSize,
                                        noisePower: noise?.power ?? 0, farActiveLevel: active)
        }
    }

    /// Feeds the next aligned blocks of the second pass (the same audio).
    public func pushSecondPass(mic micBlock: UnsafeBufferPointer<Float>,
                               far farBlock: UnsafeBufferPointer<Float>? = nil,
                               aec aecBlock: UnsafeBufferPointer<Float>? = nil) {
        precondition(secondPass, "call beginSecondPass first")
        forEachChunk(micBlock, farBlock, aecBlock, counting: false) { m, f, a in
            mic.push(m)
            if let f {
                recordFarCell(f)
                far?.push(delayed(f))
            }
            if let a { aec?.push(a) }
            analyzeReadyFrame()
        }
    }

    /// Ends pass 2 and returns the features.
    public func finish() -> AudioFeatures {
        // Flush: zeros until every cell has its frame.
        let zeros = [Float](repeating: 0, count: hop)
        zeros.withUnsafeBufferPointer { z in
            var guardCount = 0
            while cellsDone < cells && guardCount < 10_000 {
                mic.push(z, real: false)
                if far != nil {
                    recordFarCell(z)
                    far?.push(delayed(z), real: false)
                }
                aec?.push(z, real: false)
                analyzeReadyFrame()
                guardCount += 1
            }
        }
        if let noise, let vad { smoother.finish { decide($0, $1, $2, noise: noise, vad: vad) } }
        segmenter.finish(totalFrames: cells)
        let cellSeconds = Double(hop) / Double(sampleRate)
        var features = AudioFeatures(cellCount: cells, cellSeconds: cellSeconds, noise: noise,
                                     speechPower: nil, snrDB: nil, speechRatio: nil,
                                     speechSegments: [], echo: nil,
                                     nonFiniteSamples: nonFinite, clippedSamples: clipped, samples: samples)
        if vad != nil && cells > 0 {
            features.speechSegments = segmenter.segments
            features.speechRatio = Double(segmenter.speechFrames) / Double(cells)
            pauseTracker.finish()
            if let noise {
                // The noise between words, once the VAD has found them; the
                // first pass's mode only when the recording has no pause.
                let noisePower = pauseTracker.meanPower.map { max($0, NoiseFloor.digitalSilence) } ?? noise.power
                features.noise = NoiseFloor(power: noisePower, spectrum: noise.spectrum)
                let segment = segmentCells > 0 ? segmentLevelSum / Double(segmentCells) - noisePower : nil
                features.segmentSpeechPower = segment
                if let active = speechLevel.level(noisePower: noisePower) {
                    let level = Self.blendSpeechLevel(active: active, segment: segment, noisePower: noisePower)
                    features.speechPower = level
                    features.snrDB = 10 * log10(level / noisePower)
                }
            }
        }
        if hasFarEnd {
            // Pass 2 aligned the far-end at the correlation's argmax, so the
            // coherence there is the evidence whether that lag is an echo.
            let coherence = echoAnalyzer?.coherence
            let detected = EchoDetection.isDetectable(significance: delay?.significance, coherence: coherence,
                                                      farActiveFrames: echoAnalyzer?.farActiveFrames ?? 0)
            var echo = echoAnalyzer?.result(hasAECOutput: hasAECOutput, echoDetected: detected) ?? EchoMeasures()
            echo.delaySignificance = delay?.significance
            if let delay, detected {
                echo.delayMs = Double(delay.lag) * 1_000 / Double(sampleRate)
            }
            features.echo = echo
        }
        return features
    }

    private func analyzeReadyFrame() {
        guard mic.ready else { return }
        mic.take()
        far?.take()
        aec?.take()
        guard mic.index < cells else { return }
        cellsDone = mic.index + 1
        guard let vad, let noise else { return }
        let ratio = mic.power.withUnsafeBufferPointer { vad.logLikelihoodRatio($0) }
        // The echo statistics want this frame's decision now; the segments
        // and levels can wait for the smoothed one.
        let speechNow = mic.level >= speechGate && ratio > vad.threshold
        smoother.push(ratio: ratio, level: mic.level) { decide($0, $1, $2, noise: noise, vad: vad) }
        if let far, let echoAnalyzer {
            echoAnalyzer.add(micLevel: mic.level, micBins: mic.bins, farLevel: far.level, farBins: far.bins,
                             aecLevel: aec?.level, micActive: speechNow)
            if mic.index < farCellsPushed && mic.index >= farCellsPushed - farCellLevels.count {
                echoAnalyzer.addUndelayed(farLevel: farCellLevels[mic.index % farCellLevels.count], micActive: speechNow)
            }
        }
    }

    private func recordFarCell(_ chunk: UnsafeBufferPointer<Float>) {
        var sum = 0.0
        for v in chunk { sum += Double(v) * Double(v) }
        farCellLevels[farCellsPushed % farCellLevels.count] = chunk.isEmpty ? 0 : sum / Double(chunk.count)
        farCellsPushed += 1
    }

    /// The speech level behind `snr.db`.
    ///
    /// The P.56 active level needs every frame within 15.9 dB of it, and
    /// below about 10 dB SNR the VAD no longer finds the quiet ones: the
    /// level of the loud frames it does find runs high (+4 dB at −3 dB
    /// SNR). The mean speech power inside the VAD segments (hangover
    /// included) keeps the quiet frames' energy but also some pause, and
    /// runs about 1 dB low at every SNR. So below 3 dB (as P.56 reads it)
    /// the segment level is used, above 11 dB the P.56 level, and between
    /// them a blend in dB.
    static func blendSpeechLevel(active: Double, segment: Double?, noisePower: Double) -> Double {
        guard let segment, segment > 0 else { return active }
        let activeSNR = 10 * log10(active / noisePower)
        let weight = min(max((activeSNR - 3) / 8, 0), 1)
        let db = weight * 10 * log10(active) + (1 - weight) * 10 * log10(segment)
        return pow(10, db / 10)
    }

    /// The smoothed decision for one frame, `smoother.radius` late.
    private func decide(_ ratio: Double, _ mean: Double, _ level: Double, noise: NoiseFloor, vad: VoiceActivityDetector) {
        let speech = level >= speechGate && (ratio > vad.threshold || (ratio > smoothedThreshold && mean > smoothedThreshold))
        segmenter.push(speech)
        if speech { speechLevel.add(power: level); lastSpeechCell = decidedCells }
        if decidedCells - lastSpeechCell <= Self.hangoverCells { segmentLevelSum += level; segmentCells += 1 }
        // Only clear speech breaks a pause: a babble's loud moments pass the
        // VAD's threshold but rarely this one, and leaving them out of the
        // pauses under-read the babble's power by 2–5 dB.
        pauseTracker.push(level: level, speech: speech && ratio > Self.pauseBreakingRatio)
        decidedCells += 1
    }

    /// The far-end delayed by the echo path: a ring of `lag` samples.
    private func delayed(_ chunk: UnsafeBufferPointer<Float>) -> UnsafeBufferPointer<Float> {
        let line = farDelayLine
        guard !line.isEmpty else { return chunk }
        let out = scratch[3]
        var cursor = delayCursor
        for k in 0..<chunk.count {
            out[k] = line[cursor]
            line[cursor] = chunk[k]
            cursor += 1
            if cursor == line.count { cursor = 0 }
        }
        delayCursor = cursor
        return UnsafeBufferPointer(rebasing: out[0..<chunk.count])
    }

    /// Walks aligned blocks in cell-sized chunks with non-finite samples
    /// read as 0, so that at most one frame completes per chunk and track.
    private func forEachChunk(_ m: UnsafeBufferPointer<Float>, _ f: UnsafeBufferPointer<Float>?,
                              _ a: UnsafeBufferPointer<Float>?, counting: Bool,
                              _ body: (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>?, UnsafeBufferPointer<Float>?) -> Void) {
        precondition(f == nil || f!.count == m.count, "far-end block must match the mic block")
        precondition(a == nil || a!.count == m.count, "AEC block must match the mic block")
        var offset = 0
        while offset < m.count {
            let n = min(hop, m.count - offset)
            let mc = chunk(m, offset, n, slot: 0, counting: counting)
            let fc = f.map { chunk($0, offset, n, slot: 1, counting: false) }
            let ac = a.map { chunk($0, offset, n, slot: 2, counting: false) }
            body(mc, fc, ac)
            offset += n
        }
        if counting { samples += m.count }
    }

    private func chunk(_ source: UnsafeBufferPointer<Float>, _ offset: Int, _ n: Int, slot: Int, counting: Bool) -> UnsafeBufferPointer<Float> {
        let dst = scratch[slot]
        for k in 0..<n {
            let v = source[offset + k]
            if v.isFinite {
                dst[k] = v
                if counting && abs(v) >= 0.999 { clipped += 1 }
            } else {
                dst[k] = 0
                if counting { nonFinite += 1 }
            }
        }
        return UnsafeBufferPointer(rebasing: dst[0..<n])
    }
}
