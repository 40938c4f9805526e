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
    /// Cells after the last speech decision whose level still counts in
    /// the segment level behind `snr.db` (`blendSpeechLevel`).
    public static let hangoverCells = 10
    /// Consecutive speech decisions that open a segment.
    public static let onsetCells = 2
    /// Longest pause inside a segment, in cells: a stop closure or a breath
    /// within a phrase is not a turn boundary (the eval's truth bridges the
    /// same 100 ms).
    public static let bridgeCells = 10

    private var mic: FrameStream
    private var far: FrameStream?
    private var aec: FrameStream?
    private let noiseEstimator: NoiseFloorEstimator
    /// Pass 1's mic frames, split between the two threads.
    private let micSpectra: BlockSpectra
    /// The first thread's share of a block's mic frames in pass 1 when
    /// the second also reads the far-end (its levels and GCC-PHAT).
    static let firstPassMicShare = 0.6
    /// Pass 2's mic frames (with bins for the echo statistics).
    private var secondPassSpectra: BlockSpectra?
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
    /// Set by `beginSecondPass`, when the recording's SNR is known.
    private var segmenter = SpeechSegmenter(hangoverFrames: FeatureAnalysis.hangoverCells,
                                            minimumOnsetFrames: FeatureAnalysis.onsetCells)
    /// Speech power (frame power less the noise) below which a frame is
    /// not active speech: P.56's 15.9 dB under the active level that pass 1
    /// reads; 0 when pass 1 found no level.
    private var activityFloor = 0.0
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
    /// Mean square of the undelayed far-end per 10 ms cell, cell
    /// `farCellBase + i` at `i`, for the current block (and a few cells
    /// before it): double talk without a detectable echo is judged on the
    /// far-end's own timeline, not at a lag that is noise.
    private var farCellLevels: [Double] = []
    private var farCellBase = 0
    private var farCellSum = 0.0
    private var farCellFill = 0
    // Pass 2's per-block frame records. The mic and the far-end (with the
    // AEC output) are framed on two threads, then combined in order.
    private var micFrames: [MicFrame] = []
    private var micBins: [(Float, Float)] = []
    private var farFrames: [FarFrame] = []
    private var farBins: [(Float, Float)] = []
    private var aecFrames: [(index: Int, level: Double)] = []
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
        micSpectra = BlockSpectra(stft: mic.stft, leadIn: mic.leadIn)
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
        precondition(farBlock == nil || farBlock!.count == micBlock.count, "far-end block must match the mic block")
        // The mic's frames are windowed and transformed on both threads;
        // the far-end's levels and delay go beside the second slice. The
        // noise estimator then takes the frames in order.
        micSpectra.load(count: micBlock.count) { k in
            let v = micBlock[k]
            guard v.isFinite else { nonFinite += 1; return 0 }
            if abs(v) >= 0.999 { clipped += 1 }
            return v
        }
        let frames = micSpectra.frameCount
        let split = Int(Double(frames) * (farBlock != nil ? Self.firstPassMicShare : 0.5))
        inParallel(true, micBlock.count) { track in
            if track == 0 {
                micSpectra.compute(0..<split, slot: 0)
            } else {
                micSpectra.compute(split..<frames, slot: 1)
                guard let farBlock else { return }
                if let far {
                    forEachChunk(farBlock, slot: 1) { f in
                        far.push(f)
                        if far.ready {
                            far.take()
                            if far.interior { farLevels.add(power: max(far.level, NoiseFloor.digitalSilence)) }
                        }
                    }
                }
                delayEstimator?.push(mic: micBlock, far: farBlock)
            }
        }
        micSpectra.consume { level, power in noiseEstimator.add(level: level, power: power) }
        samples += micBlock.count
    }

    /// Runs `body(0)` and `body(1)` on two threads when there is a second
    /// track and enough audio to be worth it, else one after the other.
    private func inParallel(_ twoTracks: Bool, _ count: Int, _ body: (Int) -> Void) {
        if twoTracks && count >= 8 * hop {
            DispatchQueue.concurrentPerform(iterations: 2) { body($0) }
        } else {
            body(0)
            if twoTracks { body(1) }
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
            let level = Self.firstPassActiveLevel(noiseEstimator.levels, noisePower: noise.power)
            activityFloor = level.map { $0 * pow(10, -ActiveSpeechLevel.marginDB / 10) } ?? 0
            let edges = Self.segmentEdges(estimatedSNR: level.map { 10 * log10($0 / noise.power) })
            segmenter = SpeechSegmenter(hangoverFrames: edges.hangover, minimumOnsetFrames: Self.onsetCells,
                                        preRollFrames: edges.preRoll, bridgeFrames: Self.bridgeCells)
        }
        mic = FrameStream(sampleRate: sampleRate, frameMs: Self.frameMs, hopMs: Self.hopMs)
        secondPassSpectra = BlockSpectra(stft: mic.stft, leadIn: mic.leadIn, interiorOnly: false,
                                         keepsBins: hasFarEnd)
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
        precondition(farBlock == nil || farBlock!.count == micBlock.count, "far-end block must match the mic block")
        precondition(aecBlock == nil || aecBlock!.count == micBlock.count, "AEC block must match the mic block")
        secondPassBlock(micBlock, farBlock, aecBlock, real: true)
    }

    /// Frames one block of every track — the mic's FFTs split between the
    /// two threads, the far-end and AEC output beside the second slice —
    /// then runs the VAD over the mic's frames in order and feeds them to
    /// the decisions and the echo statistics.
    private func secondPassBlock(_ micBlock: UnsafeBufferPointer<Float>, _ farBlock: UnsafeBufferPointer<Float>?,
                                 _ aecBlock: UnsafeBufferPointer<Float>?, real: Bool) {
        micFrames.removeAll(keepingCapacity: true)
        micBins.removeAll(keepingCapacity: true)
        farFrames.removeAll(keepingCapacity: true)
        farBins.removeAll(keepingCapacity: true)
        aecFrames.removeAll(keepingCapacity: true)
        guard let micSpectra = secondPassSpectra else { return }
        micSpectra.load(count: micBlock.count) { k in
            let v = micBlock[k]
            return v.isFinite ? v : 0
        }
        let frames = micSpectra.frameCount
        let otherTracks = (farBlock != nil && far != nil) || (aecBlock != nil && aec != nil)
        let split = frames / 2
        // Each thread transforms half the frames; the first to finish then
        // frames the far-end and AEC output, the second (when both halves
        // are there) runs the VAD over all frames in order. Nobody waits,
        // so the two may also run one after the other.
        let arrivals = ArrivalCounter()
        inParallel(true, micBlock.count) { track in
            micSpectra.compute(track == 0 ? 0..<split : split..<frames, slot: track)
            if arrivals.increment() == 1 {
                if otherTracks { frameFarAndAEC(farBlock, aecBlock, real: real) }
            } else {
                decideMic(micSpectra)
            }
        }
        micSpectra.consume { _, _ in }
        combineFrames()
    }

    /// The VAD's likelihood ratio of each of the block's mic frames, in order.
    private func decideMic(_ spectra: BlockSpectra) {
        let keepBins = echoAnalyzer != nil
        for j in 0..<spectra.frameCount {
            let index = spectra.firstIndex + j
            guard index < cells else { return }
            let level = spectra.level(j)
            var frame = MicFrame(index: index, level: level)
            if let vad {
                let ratio = vad.logLikelihoodRatio(spectra.power(j))
                frame.ratio = ratio
                // The echo statistics want this frame's decision now; the
                // segments and levels can wait for the smoothed one.
                frame.speechNow = level >= speechGate && ratio > vad.threshold
                if keepBins { micBins.append(contentsOf: spectra.bins(j)) }
            }
            micFrames.append(frame)
        }
    }

    private func frameFarAndAEC(_ farBlock: UnsafeBufferPointer<Float>?, _ aecBlock: UnsafeBufferPointer<Float>?, real: Bool) {
        if let farBlock, let far {
            // Keep a few cells of the last block: its last frame's cell
            // may be looked up by this block's first frame.
            let keep = min(farCellLevels.count, 8)
            farCellBase += farCellLevels.count - keep
            farCellLevels.removeFirst(farCellLevels.count - keep)
            forEachChunk(farBlock, slot: 1) { f in
                recordFarCells(f)
                far.push(delayed(f), real: real)
                guard far.ready else { return }
                far.take()
                farFrames.append(FarFrame(index: far.index, level: far.level, binsStart: far.bins.isEmpty ? -1 : farBins.count))
                farBins.append(contentsOf: far.bins)
            }
        }
        if let aecBlock, let aec {
            forEachChunk(aecBlock, slot: 2) { a in
                aec.push(a, real: real)
                guard aec.ready else { return }
                aec.take()
                aecFrames.append((aec.index, aec.level))
            }
        }
    }

    private func combineFrames() {
        let binCount = mic.stft.fftSize / 2 + 1
        var micBinsAt = 0
        micBins.withUnsafeBufferPointer { micBins in
            farBins.withUnsafeBufferPointer { farBins in
                for frame in micFrames {
                    cellsDone = frame.index + 1
                    guard let vad, let noise else { continue }
                    smoother.push(ratio: frame.ratio, level: frame.level) { decide($0, $1, $2, noise: noise, vad: vad) }
                    guard let echoAnalyzer else { continue }
                    let mb = UnsafeBufferPointer(rebasing: micBins[micBinsAt..<(micBinsAt + binCount)])
                    micBinsAt += binCount
                    if let first = farFrames.first, frame.index - first.index < farFrames.count {
                        let f = farFrames[frame.index - first.index]
                        let fb = f.binsStart < 0 ? UnsafeBufferPointer(start: nil, count: 0)
                            : UnsafeBufferPointer(rebasing: farBins[f.binsStart..<(f.binsStart + binCount)])
                        let aecLevel = aecFrames.first.map { aecFrames[frame.index - $0.index].level }
                        echoAnalyzer.add(micLevel: frame.level, micBins: mb, farLevel: f.level, farBins: fb,
                                         aecLevel: aecLevel, micActive: frame.speechNow)
                    }
                    let cell = frame.index - farCellBase
                    if cell >= 0 && cell < farCellLevels.count {
                        echoAnalyzer.addUndelayed(farLevel: farCellLevels[cell], micActive: frame.speechNow)
                    }
                }
            }
        }
    }

    /// Ends pass 2 and returns the features.
    public func finish() -> AudioFeatures {
        // Flush: zeros until every cell has its frame.
        let zeros = [Float](repeating: 0, count: hop)
        zeros.withUnsafeBufferPointer { z in
            var guardCount = 0
            while cellsDone < cells && guardCount < 10_000 {
                secondPassBlock(z, far != nil ? z : nil, aec != nil ? z : nil, real: false)
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

    /// Mean squares of the undelayed far-end per whole 10 ms cell.
    private func recordFarCells(_ chunk: UnsafeBufferPointer<Float>) {
        for v in chunk {
            farCellSum += Double(v) * Double(v)
            farCellFill += 1
            if farCellFill == hop {
                farCellLevels.append(farCellSum / Double(hop))
                farCellSum = 0
                farCellFill = 0
            }
        }
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

    /// Frames this far above the noise make pass 1's active-level
    /// estimate: a 25 ms frame of stationary noise is rarely 3 dB above its
    /// mean, so they are speech (or a babble's loud moments).
    public static let firstPassSpeechMarginDB = 3.0

    /// The active speech level (P.56, noise removed) of the frames at least
    /// `firstPassSpeechMarginDB` above the noise in pass 1's level
    /// histogram. Exact above ~12 dB SNR, where every active frame is that
    /// far above the noise; below, it misses the quiet ones and runs high
    /// (about +4 dB at −3 dB SNR).
    static func firstPassActiveLevel(_ levels: LevelHistogram, noisePower: Double) -> Double? {
        ActiveSpeechLevel.level(of: levels, noisePower: noisePower,
                                minimumPower: noisePower * pow(10, firstPassSpeechMarginDB / 10))
    }

    /// Frame SNR (speech power over noise power, dB) at which the VAD hears
    /// half the speech frames in broadband noise (−6 dB white, −3 dB pink,
    /// −7 dB brown, 0 dB babble, measured with Scripts/eval-features).
    public static let detectionFloorDB = -4.0
    /// How fast speech falls at a word's end and rises at its start, dB per
    /// 10 ms cell (clean espeak speech: 15 dB from its P.56 activity floor
    /// to 4 dB over −3 dB SNR noise takes 10 cells at the end, 6 at the
    /// start).
    public static let offsetDecayDB = 1.5
    public static let onsetRiseDB = 2.5

    /// Hangover and pre-roll for the recording's estimated SNR.
    ///
    /// The truth of a speech frame is P.56's: within 15.9 dB of the active
    /// level. The VAD hears a frame from about `detectionFloorDB` frame SNR
    /// up. At an SNR S above 15.9 + `detectionFloorDB` (≈ 12 dB) the two
    /// agree and a segment ends at its last speech frame; below it, every
    /// word's edges spend `15.9 + detectionFloorDB − S` dB inaudible before
    /// they drop out of the activity — that many dB at `offsetDecayDB` per
    /// cell at the end, `onsetRiseDB` at the start. S is taken no lower
    /// than −10 dB; with no speech level at all the old fixed 100 ms
    /// hangover holds.
    static func segmentEdges(estimatedSNR: Double?) -> (preRoll: Int, hangover: Int) {
        guard let snr = estimatedSNR else { return (0, hangoverCells) }
        let lostDB = max(ActiveSpeechLevel.marginDB + detectionFloorDB - max(snr, -10), 0)
        return (Int((lostDB / onsetRiseDB).rounded()), Int((lostDB / offsetDecayDB).rounded()))
    }

    /// The smoothed decision for one frame, `smoother.radius` late.
    private func decide(_ ratio: Double, _ mean: Double, _ level: Double, noise: NoiseFloor, vad: VoiceActivityDetector) {
        let speech = level >= speechGate && (ratio > vad.threshold || (ratio > smoothedThreshold && mean > smoothedThreshold))
        // Segments hold active speech in P.56's sense; the level and pause
        // statistics behind the SNR take every frame the VAD hears.
        segmenter.push(speech && level - noise.power >= activityFloor)
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

    /// Walks a block in cell-sized chunks with non-finite samples read as
    /// 0, so that at most one frame completes per chunk.
    private func forEachChunk(_ block: UnsafeBufferPointer<Float>, slot: Int, counting: Bool = false,
                              _ body: (UnsafeBufferPointer<Float>) -> Void) {
        var offset = 0
        while offset < block.count {
            let n = min(hop, block.count - offset)
            body(chunk(block, offset, n, slot: slot, counting: counting))
            offset += n
        }
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

/// A counter two threads increment under a lock: which one came first.
private final class ArrivalCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Increments and returns the new count.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}

/// The mic's part of one pass-2 frame, computed on the mic's thread.
private struct MicFrame {
    var index: Int
    var level: Double
    var ratio = 0.0
    var speechNow = false
}

/// The delayed far-end's part of one pass-2 frame: its level and where
/// its bins start in the block's bin store (-1: not transformed).
private struct FarFrame {
    var index: Int
    var level: Double
    var binsStart: Int
}
