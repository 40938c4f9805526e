import FourierTransforms
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

/// The feature analysis of one recording in three streaming passes.
///
/// 1. `survey`: what can only be known from the whole track — every mic
///    frame's level (the noise level is the mode of their histogram, the
///    speech gate sits under the loud ones), the far-end's level range and
///    the echo path delay (`EchoDelayEstimator`). Levels need no FFT.
/// 2. `noiseSpectrum`: the mic's noise spectrum, from the frames whose
///    level lies near the noise mode — only those are transformed, and
///    in a long recording only those of an even sample of its blocks
///    (`noiseBlockStride`).
/// 3. `decisions`: the VAD against that noise, the active speech level
///    and — with the far-end delayed by the echo path so both tracks
///    share one frame grid — the echo.
///
/// Decoding is cheaper than an FFT, so the mic is read up to three times
/// (six when pass 1's noise lay on speech: `reanalysisNoiseDB`). The caller
/// feeds equal-length, time-aligned blocks (pass 2: the mic's, one in
/// `noiseBlockStride`; a missing far-end or AEC sample is 0). Memory is
/// fixed by the rate and the 1 s delay search, not the length.
///
/// State marked `@exclusivity(unchecked)` is touched by one thread only
/// (each thread of a pass owns its part, see `decideBlock`) and never
/// re-entered, so accesses never overlap; the checks cost 3 % of the CPU.
public final class FeatureAnalysis {
    /// The passes, in order.
    public enum Pass: Int, CaseIterable, Sendable {
        case survey, noiseSpectrum, decisions

        /// Whether the pass reads the far-end and AEC output tracks.
        public var readsReferenceTracks: Bool { self != .noiseSpectrum }
    }

    public let sampleRate: Int
    public let hasFarEnd: Bool
    public let hasAECOutput: Bool
    public static let frameMs = 25.0
    public static let hopMs = 10.0
    /// The segments' hangover, and the cells after the last speech
    /// decision whose level still counts in the segment level behind
    /// `snr.db` (`blendSpeechLevel`), when pass 1 found no speech level to
    /// cut the edges for (`segmentEdges`).
    public static let hangoverCells = 10
    /// Consecutive speech decisions that open a segment.
    public static let onsetCells = 2
    /// Longest pause inside a segment, in cells: a stop closure or a breath
    /// within a phrase is not a turn boundary (the eval's truth bridges the
    /// same 100 ms).
    public static let bridgeCells = 10

    public private(set) var pass = Pass.survey
    /// Pass 2 reads one block of the mic in this many (set by
    /// `begin(.noiseSpectrum)`, skipping the others undecoded): a long
    /// recording's noise spectrum comes from an even sample of its blocks.
    public private(set) var noiseBlockStride = 1
    /// Noise frames past which pass 2 samples the blocks: half a minute of
    /// noise, whose mean has converged (bin standard error 0.08 dB).
    public static let noiseSpectrumFrames = 3_000
    private let geometry: FrameGeometry
    /// The current pass's frames of each track.
    private var mic: BlockSpectra
    private var far: BlockSpectra?
    private var aec: BlockSpectra?
    private let noiseEstimator: NoiseFloorEstimator
    @exclusivity(unchecked) private var farLevels = LevelHistogram()
    private let delayEstimator: EchoDelayEstimator?
    /// A block of each track with non-finite samples read as 0.
    private var cleanBlocks: [UnsafeMutableBufferPointer<Float>] = []
    /// Tracks (0 mic, 1 far-end, 2 AEC output) the survey found NaN or
    /// infinite samples in.
    private var tracksWithNonFinite = Set<Int>()
    private var samples = 0
    private var nonFinite = 0
    private var clipped = 0

    // Decision-pass state, set by `begin(.decisions)`.
    private var noise: NoiseFloor?
    private var vad: VoiceActivityDetector?
    /// From the first steady stretch `louderNoiseDB` or more over the floor on, a
    /// copy of the VAD and its smoother judging each frame against the noise as
    /// the last steady stretch found it: the level and pause statistics' decisions.
    /// The segments keep the floor's: a word under a louder stretch is still speech.
    @exclusivity(unchecked) private var stepped: (vad: VoiceActivityDetector, smoother: LikelihoodSmoother)?
    private var decisionScale = DecisionScale(noisePower: 0, threshold: 0)
    /// Set by `begin(.decisions)`, when the recording's SNR is known.
    @exclusivity(unchecked) private var segmenter = SpeechSegmenter(hangoverFrames: FeatureAnalysis.hangoverCells,
                                                                    minimumOnsetFrames: FeatureAnalysis.onsetCells)
    /// Speech power (frame power less the noise) below which a frame is
    /// not active speech: P.56's 15.9 dB under the active level that pass 1
    /// reads; 0 when pass 1 found no level.
    private var activityFloor = 0.0
    @exclusivity(unchecked) private var speechLevel = ActiveSpeechLevel()
    private var lastSpeechCell = Int.min / 2
    @exclusivity(unchecked) private var smoother = LikelihoodSmoother(radius: FeatureAnalysis.smoothingRadius, cap: 0.5)
    private var decidedCells = 0
    /// Frames each side of the centred LLR average.
    public static let smoothingRadius = 2
    /// The averaged LLR's threshold: lower than a single frame's, since the
    /// average of five noise frames fluctuates less.
    private var smoothedThreshold = 0.1
    private var segmentLevelSum = 0.0
    private var segmentCells = 0
    @exclusivity(unchecked) private var pauseTracker = PauseTracker(marginCells: FeatureAnalysis.pauseMarginCells)
    @exclusivity(unchecked) private var steadyNoise: SteadyNoiseDetector?
    /// The sustained tones the segments leave out (pass 3).
    @exclusivity(unchecked) private var sustainedTones: SustainedToneDetector?
    /// For each recent frame that ends a steady stretch, how far over the
    /// noise floor it stands (dB), by frame index modulo its size: the
    /// smoothed decisions come `smoothingRadius` late.
    @exclusivity(unchecked) private var steadyRises = [Double?](repeating: nil, count: 16)
    /// A steady stretch this far over the noise floor is the noise
    /// stepping louder, never speech, dB: more than the steady floor's
    /// own band levels wander over 310 ms.
    public static let louderNoiseDB = 3.0
    /// Cells a frame must be from any clear speech to measure the noise.
    public static let pauseMarginCells = 5
    /// Mean log-likelihood ratio of clear speech (about 1.8 dB frame SNR). At
    /// 1.0 faint words at 2.5 dB SNR fell into the pauses (SNR bias −0.31 dB,
    /// −0.11 at 0.6); at 0.5 a babble's loud moments broke them (features.md).
    public static let pauseBreakingRatio = 0.6
    /// Below this SNR (pass 1's, dB) the segments hear at `faintSpeechScale` of the
    /// VAD's thresholds, where the syllables it missed lie (features.md, round 8).
    public static let faintSpeechSNR = 5.0
    public static let faintSpeechScale = 0.2
    /// Below this SNR (pass 1's, dB) the segments leave out sustained tones; above it no
    /// noise passes the VAD at length, and a monotone voice can hold a vowel 200 ms (round 16).
    public static let sustainedToneSNR = 20.0
    /// From this SNR up (pass 1's, dB) a frame under P.56's activity floor breaks a pause only
    /// `quietBreakRiseDB` over the noise: a music note 20 dB under the speech is noise (round 9).
    public static let quietBreakSNR = 10.0
    public static let quietBreakRiseDB = 12.0
    /// Cells after clear speech within which a frame the VAD hears clearly
    /// but the speech gate refuses is the word's tail, not noise.
    public static let tailCells = 5
    /// The last cell of clear speech or its tail.
    private var lastClearCell = Int.min / 2
    private var echoAnalyzer: EchoAnalyzer?
    private var delay: (lag: Int, significance: Double)?
    /// Far-end frames at or above this level are active (transformed, as
    /// long as `EvidenceThinning` keeps them).
    private var farActiveLevel = 0.0
    /// Active far-end frames met so far, transformed or thinned out.
    private var farActiveSeen = 0
    /// Active far-end frames whose spectra all go into the coherence
    /// before `EvidenceThinning` thins them: two minutes of playback.
    public static let fullCoherenceFrames = 12_000
    /// Mean square of the undelayed far-end per 10 ms cell, for the block
    /// being measured and the block before: double talk without a
    /// detectable echo is judged on the far-end's own timeline, not at a
    /// lag that is noise.
    @exclusivity(unchecked) private var farCells = CellLevels()
    private var previousFarCells = CellLevels()
    private var farCellSum = 0.0
    private var farCellFill = 0
    /// The VAD's view of the block's mic frames, in order.
    @exclusivity(unchecked) private var micFrames: [MicFrame] = []
    /// Frames quieter than this are never speech: 25 dB under the loud frames
    /// (95th percentile) is below any syllable of the talker, so a quiet
    /// babble or hum that fluctuates past the VAD's noise model is not.
    private var speechGate = 0.0
    public static let speechGateDB = 25.0
    private var cells = 0
    private var cellsDone = 0

    /// Whether a block's work is split over two threads. The numbers are
    /// the same either way; one thread suits a caller that already runs
    /// several analyses at once (`check --jobs N`).
    public let parallel: Bool

    /// The noise level (dB) the VAD starts from instead of pass 1's mode:
    /// the first analysis's `reanalysisNoiseDB`.
    public let noiseHintDB: Double?
    /// Set by `finish` when pass 1's noise lay on speech: the noise level
    /// (dB) the pauses hold (`PauseTracker.noiseUnderSpeech`) or that pass 1's
    /// levels hide (`hiddenNoiseSNR`), to analyse again from. Never set when
    /// the analysis started from a hint.
    public private(set) var reanalysisNoiseDB: Double?

    public init(sampleRate: Int, hasFarEnd: Bool, hasAECOutput: Bool, parallel: Bool = true, noiseHintDB: Double? = nil) {
        self.parallel = parallel
        self.noiseHintDB = noiseHintDB
        self.sampleRate = sampleRate
        self.hasFarEnd = hasFarEnd
        self.hasAECOutput = hasAECOutput
        geometry = FrameGeometry(sampleRate: sampleRate, frameMs: Self.frameMs, hopMs: Self.hopMs)
        // The survey wants levels of the frames wholly inside each track.
        mic = BlockSpectra(geometry: geometry, interiorOnly: true)
        far = hasFarEnd ? BlockSpectra(geometry: geometry, interiorOnly: true) : nil
        noiseEstimator = NoiseFloorEstimator(binCount: geometry.fftSize / 2 + 1, windowEnergy: geometry.windowEnergy,
                                             modeHintDB: noiseHintDB)
        delayEstimator = hasFarEnd ? EchoDelayEstimator(sampleRate: sampleRate) : nil
    }

    deinit {
        for buffer in cleanBlocks { buffer.deallocate() }
    }

    /// Cell length in samples.
    public var hop: Int { geometry.hop }

    /// Starts the next pass (`survey` is under way from the start).
    public func begin(_ next: Pass) {
        precondition(next.rawValue == pass.rawValue + 1, "passes run in order")
        pass = next
        switch next {
        case .survey:
            break
        case .noiseSpectrum:
            cells = (samples + hop - 1) / hop
            noiseEstimator.beginSpectra()
            noiseBlockStride = max(1, noiseEstimator.spectrumFrames / Self.noiseSpectrumFrames)
            mic = BlockSpectra(geometry: geometry, interiorOnly: true)
        case .decisions:
            beginDecisions()
        }
    }

    /// Feeds the next time-aligned blocks of the current pass (the same
    /// audio each pass; `far` and `aec` only in passes that read them).
    public func push(mic micBlock: UnsafeBufferPointer<Float>, far farBlock: UnsafeBufferPointer<Float>? = nil,
                     aec aecBlock: UnsafeBufferPointer<Float>? = nil) {
        precondition(farBlock == nil || farBlock!.count == micBlock.count, "far-end block must match the mic block")
        precondition(aecBlock == nil || aecBlock!.count == micBlock.count, "AEC block must match the mic block")
        let micClean = clean(micBlock, track: 0)
        let farClean = farBlock.map { clean($0, track: 1) }
        let aecClean = aecBlock.map { clean($0, track: 2) }
        switch pass {
        case .survey: survey(micClean, farClean)
        case .noiseSpectrum: measureNoise(micClean)
        case .decisions: decideBlock(micClean, farClean, aecClean, count: micBlock.count)
        }
    }

    /// The block with NaN and infinite samples read as 0: itself when it
    /// holds none, as every block read from a file does, else a cleaned
    /// copy. The survey looks at every sample (and counts the mic's, with
    /// clipping); later passes read the same audio, so they look again
    /// only at a track the survey found such a sample in.
    private func clean(_ block: UnsafeBufferPointer<Float>, track: Int) -> UnsafeBufferPointer<Float> {
        let holdsNonFinite: Bool
        if pass == .survey {
            let census = FrameKernels.census(block)
            if track == 0 {
                nonFinite += census.nonFinite
                clipped += census.clipped
                samples += block.count
            }
            holdsNonFinite = census.nonFinite > 0
            if holdsNonFinite { tracksWithNonFinite.insert(track) }
        } else {
            holdsNonFinite = tracksWithNonFinite.contains(track) && FrameKernels.census(block).nonFinite > 0
        }
        guard holdsNonFinite else { return block }
        while cleanBlocks.count <= track { cleanBlocks.append(.allocate(capacity: 0)) }
        if cleanBlocks[track].count < block.count {
            cleanBlocks[track].deallocate()
            cleanBlocks[track] = .allocate(capacity: block.count)
        }
        let out = UnsafeMutableBufferPointer(rebasing: cleanBlocks[track][0..<block.count])
        for (k, v) in block.enumerated() { out[k] = v.isFinite ? v : 0 }
        return UnsafeBufferPointer(out)
    }

    /// Pass 1: mic levels on one thread; the far-end's levels and the
    /// delay search beside them.
    private func survey(_ micBlock: UnsafeBufferPointer<Float>, _ farBlock: UnsafeBufferPointer<Float>?) {
        inParallel(farBlock != nil, micBlock.count) { track in
            if track == 0 {
                mic.load(micBlock)
                mic.compute(0..<mic.frameCount, slot: 0, transform: .none)
                for j in 0..<mic.frameCount { noiseEstimator.add(level: mic.frames.level(j)) }
                mic.consume()
            } else if let farBlock, let far {
                far.load(farBlock)
                far.compute(0..<far.frameCount, slot: 0, transform: .none)
                for j in 0..<far.frameCount { farLevels.add(power: max(far.frames.level(j), NoiseFloor.digitalSilence)) }
                far.consume()
                delayEstimator?.push(mic: micBlock, far: farBlock)
            }
        }
    }

    /// Pass 2: the frames near the noise level, transformed on both
    /// threads, summed in order. Sampled blocks (`noiseBlockStride`) are
    /// pieces of their own: only the frames wholly inside each count.
    private func measureNoise(_ micBlock: UnsafeBufferPointer<Float>) {
        if noiseBlockStride > 1 {
            mic = BlockSpectra(geometry: geometry, interiorOnly: true)
            noiseEstimator.beginPiece()
        }
        mic.load(micBlock)
        let frames = mic.frameCount
        let wanted = noiseEstimator.wantsSpectrum
        inParallel(true, micBlock.count) { track in
            mic.compute(track == 0 ? 0..<(frames / 2) : (frames / 2)..<frames, slot: track, transform: .when(wanted))
        }
        for j in 0..<frames {
            noiseEstimator.add(level: mic.frames.level(j), power: mic.frames.isTransformed(j) ? mic.frames.power(j) : nil)
        }
        mic.consume()
    }

    /// Runs `body(0)` and, when there is a second part, `body(1)` — on two
    /// threads when the analysis is parallel and the block is worth it,
    /// else one after the other.
    private func inParallel(_ twoParts: Bool, _ count: Int, _ body: (Int) -> Void) {
        if parallel && twoParts && count >= 8 * hop {
            withoutActuallyEscaping(body) { body in
                let parts = DisjointParts(body: body)
                DispatchQueue.concurrentPerform(iterations: 2) { parts.body($0) }
            }
        } else {
            body(0)
            if twoParts { body(1) }
        }
    }

    /// Fixes the noise floor and the echo delay; sets up pass 3.
    private func beginDecisions() {
        noise = noiseEstimator.estimate()
        if let loud = noiseEstimator.levels.percentile(0.95) {
            speechGate = pow(10, (loud - Self.speechGateDB) / 10)
        }
        if let noise {
            let vad = VoiceActivityDetector(noise: noise, sampleRate: sampleRate, fftSize: geometry.fftSize)
            self.vad = vad
            decisionScale = DecisionScale(noisePower: noise.power, threshold: vad.threshold)
            steadyNoise = SteadyNoiseDetector(noise: noise, sampleRate: sampleRate, fftSize: geometry.fftSize)
            let level = Self.firstPassActiveLevel(noiseEstimator.levels, noisePower: noise.power)
            activityFloor = level.map { $0 * pow(10, -ActiveSpeechLevel.marginDB / 10) } ?? 0
            let snr = level.map { Self.firstPassSNR(activeLevel: $0, noisePower: noise.power) }
            let edges = Self.segmentEdges(estimatedSNR: snr)
            if let snr, snr < Self.faintSpeechSNR { decisionScale.segmentScale = Self.faintSpeechScale }
            if let snr, snr < Self.sustainedToneSNR {
                sustainedTones = SustainedToneDetector(sampleRate: sampleRate, fftSize: geometry.fftSize)
            }
            if let snr, snr >= Self.quietBreakSNR {
                decisionScale.pauseFloor = min(activityFloor, noise.power * (pow(10, Self.quietBreakRiseDB / 10) - 1))
            }
            segmenter = SpeechSegmenter(hangoverFrames: edges.hangover, minimumOnsetFrames: Self.onsetCells,
                                        preRollFrames: edges.preRoll, bridgeFrames: Self.bridgeCells)
        }
        mic = BlockSpectra(geometry: geometry, keepsBins: hasFarEnd)
        // The AEC output is read for its level only.
        aec = hasAECOutput ? BlockSpectra(geometry: geometry) : nil
        far = nil
        guard hasFarEnd else { return }
        delay = delayEstimator?.estimate()
        // Far-end frames are active within 30 dB of its loud frames.
        let loud = farLevels.percentile(0.95) ?? -200
        farActiveLevel = max(pow(10, (loud - 30) / 10), 1e-10)
        // The far-end delayed by the echo path, on the mic's grid.
        far = BlockSpectra(geometry: geometry, delay: delay?.lag ?? 0, keepsBins: true)
        echoAnalyzer = EchoAnalyzer(sampleRate: sampleRate, fftSize: geometry.fftSize,
                                    noisePower: noise?.power ?? 0, farActiveLevel: farActiveLevel)
    }

    /// Pass 3 for one block, pipelined over two threads: one measures this
    /// block — most of the mic's frames, the delayed far-end's (transformed
    /// when active), the AEC output's levels — while the other transforms
    /// the first third of the mic's frames and runs the VAD and the echo
    /// statistics over the block before, which every track keeps as
    /// `previous` (a third balances the two). Each thread touches only its
    /// own frames and state, and neither waits for the other, so the two
    /// may also run one after the other.
    private func decideBlock(_ micBlock: UnsafeBufferPointer<Float>, _ farBlock: UnsafeBufferPointer<Float>?,
                             _ aecBlock: UnsafeBufferPointer<Float>?, count: Int) {
        mic.load(micBlock)
        let frames = mic.frameCount, end = mic.firstIndex + frames
        let share = frames / 3
        inParallel(true, count) { track in
            if track == 0 {
                mic.compute(0..<share, slot: 0)
                decideMic(mic.previous)
                accumulateEcho(mic.previous, far?.previous, aec?.previous)
            } else {
                mic.compute(share..<frames, slot: 1)
                frameReferences(farBlock, aecBlock, end: end)
            }
        }
        mic.consume()
        far?.consume()
        aec?.consume()
        swap(&farCells, &previousFarCells)
    }

    /// The VAD over a block's mic frames, in order: each frame's likelihood
    /// ratio and raw decision (kept for the echo statistics), and the
    /// smoothed decisions behind the segments and levels.
    private func decideMic(_ frames: BlockFrames) {
        micFrames.removeAll(keepingCapacity: true)
        // Read once a block: per frame, the VAD, the noise (its spectrum
        // array) and the smoother's callback context were retained and
        // released, 4 % of the bench hour's profile.
        let vad = self.vad, scale = decisionScale
        for j in 0..<frames.frameCount {
            let index = frames.firstIndex + j
            guard index < cells else { return }
            cellsDone = index + 1
            let level = frames.level(j)
            var frame = MicFrame(index: index, level: level)
            if let vad {
                let ratio = vad.logLikelihoodRatio(frames.power(j))
                let steppedRatio = stepped?.vad.logLikelihoodRatio(frames.power(j)) ?? ratio
                let rise = steadyNoise?.push(frames.power(j))
                steadyRises[index % steadyRises.count] = rise
                if let rise {
                    let gain = rise >= Self.louderNoiseDB ? Float(pow(10, rise / 10)) : 1
                    if stepped == nil && gain != 1 { stepped = (vad.copy(), smoother) }
                    stepped?.vad.noiseGain = gain
                }
                sustainedTones?.push(frames.power(j))
                frame.ratio = ratio
                // The echo statistics want this frame's decision now; the
                // segments and levels can wait for the smoothed one.
                frame.heardNow = ratio > scale.threshold
                let steppedFrame = stepped?.smoother.push(ratio: steppedRatio, level: level)
                if let smoothed = smoother.push(ratio: ratio, level: level) { decide(smoothed, steppedFrame ?? smoothed, scale) }
            }
            micFrames.append(frame)
        }
    }

    /// The delayed far-end's frames (transformed when active), the
    /// undelayed far-end's cell levels and the AEC output's levels, on the
    /// mic's frames of this block.
    private func frameReferences(_ farBlock: UnsafeBufferPointer<Float>?, _ aecBlock: UnsafeBufferPointer<Float>?, end: Int) {
        if let farBlock, let far {
            // Keep a few cells of the last block: its last frame's cell
            // may be looked up by this block's first frame.
            let keep = min(previousFarCells.levels.count, 8)
            farCells.base = previousFarCells.base + previousFarCells.levels.count - keep
            farCells.levels.removeAll(keepingCapacity: true)
            farCells.levels.append(contentsOf: previousFarCells.levels.suffix(keep))
            recordFarCells(farBlock)
            far.load(farBlock)
            far.limit(toFramesBefore: end)
            // Only active frames are compared bin by bin (the 1 % margin
            // keeps rounding from skipping one at the threshold), and of
            // a long recording's only those `EvidenceThinning` keeps: the
            // coherence is an average that has long converged.
            let active = 0.99 * farActiveLevel
            far.compute(0..<far.frameCount, slot: 0, transform: .when { level in
                guard level >= active else { return false }
                defer { self.farActiveSeen += 1 }
                return EvidenceThinning.keeps(self.farActiveSeen, full: Self.fullCoherenceFrames)
            })
        }
        if let aecBlock, let aec {
            aec.load(aecBlock)
            aec.limit(toFramesBefore: end)
            aec.compute(0..<aec.frameCount, slot: 0, transform: .none)
        }
    }

    /// The echo statistics of a block's frames (`decideMic` has run on
    /// the mic's), in order.
    private func accumulateEcho(_ mic: BlockFrames, _ far: BlockFrames?, _ aec: BlockFrames?) {
        guard let echoAnalyzer, let far, vad != nil else { return }
        let cells = previousFarCells
        for (j, frame) in micFrames.enumerated() {
            // The ERL counts every frame the VAD hears: a far-end echo under a loud near talker is under the gate.
            echoAnalyzer.add(micLevel: frame.level, micBins: mic.bins(j), farLevel: far.level(j), farBins: far.bins(j),
                             aecLevel: aec?.level(j), micActive: frame.heardNow)
            let cell = frame.index - cells.base
            if cell >= 0 && cell < cells.levels.count {
                echoAnalyzer.addUndelayed(farLevel: cells.levels[cell], micActive: frame.heardNow && frame.level >= speechGate)
            }
        }
    }

    /// Ends pass 3 and returns the features.
    public func finish() -> AudioFeatures {
        precondition(pass == .decisions, "finish after the decision pass")
        // Flush: zeros until every cell's frame is decided (a block's
        // frames are decided while the next one is measured).
        let zeros = [Float](repeating: 0, count: hop)
        zeros.withUnsafeBufferPointer { z in
            var guardCount = 0
            while cellsDone < cells && guardCount < 10_000 {
                decideBlock(z, far != nil ? z : nil, aec != nil ? z : nil, count: hop)
                guardCount += 1
            }
        }
        if vad != nil {
            while let smoothed = smoother.flush() { decide(smoothed, stepped?.smoother.flush() ?? smoothed, decisionScale) }
        }
        segmenter.finish(totalFrames: cells)
        let cellSeconds = Double(hop) / Double(sampleRate)
        var features = AudioFeatures(cellCount: cells, cellSeconds: cellSeconds, noise: noise, speechPower: nil,
                                     snrDB: nil, speechRatio: nil, speechSegments: [], echo: nil,
                                     nonFiniteSamples: nonFinite, clippedSamples: clipped, samples: samples)
        if vad != nil && cells > 0 {
            var segments = segmenter.segments
            pauseTracker.finish()
            if let noise {
                var moments = (energy: 0.0, frames: 0)
                // The noise between words, once the VAD has found them; the
                // first pass's mode only when the recording has no pause.
                let silenceIsNoise = noise.power <= NoiseFloor.digitalSilence
                let pauses = pauseTracker.noise(silenceIsNoise: silenceIsNoise)
                func measure(noisePower: Double) {
                    features.noise = NoiseFloor(power: noisePower, spectrum: noise.spectrum)
                    let segment = segmentCells > 0 ? segmentLevelSum / Double(segmentCells) - noisePower : nil
                    guard let active = speechLevel.level(noisePower: noisePower) else {
                        (features.speechPower, features.snrDB, segments) = (nil, nil, segmenter.segments)
                        return
                    }
                    let level = Self.blendSpeechLevel(active: active, segment: segment, noisePower: noisePower)
                    features.speechPower = level
                    features.snrDB = 10 * log10(level / noisePower)
                    let split = Self.wordSegments(segmenter, speechPower: level, noisePower: noisePower,
                                                  noiseReach: pauses?.reach ?? .infinity)
                    (segments, moments) = (split.words, (split.noiseEnergy, split.noiseFrames))
                }
                measure(noisePower: pauses.map { max($0.power / Double($0.frames), NoiseFloor.digitalSilence) } ?? noise.power)
                // The segments that are the noise's loud moments are noise too (a narrow
                // noise has none: those are faint words; docs/features.md, round 14).
                if let pauses, !pauses.narrow, moments.frames > 0 {
                    let power = (pauses.power + moments.energy) / Double(pauses.frames + moments.frames)
                    measure(noisePower: max(power, NoiseFloor.digitalSilence))
                }
                if noiseHintDB == nil {
                    let readLow = (features.snrDB ?? .infinity) < Self.hiddenNoiseSNR
                    reanalysisNoiseDB = pauseTracker.noiseUnderSpeech(silenceIsNoise: silenceIsNoise, modelPower: noise.power)
                        ?? (readLow ? noiseEstimator.modeDB.flatMap(noiseEstimator.levels.hiddenNoisePeak(under:)) : nil)
                }
            }
            if var tones = sustainedTones { segments = SustainedToneDetector.removingTones(from: segments, tones: tones.finish()) }
            features.speechSegments = segments
            features.speechRatio = Double(segments.reduce(0) { $0 + $1.count }) / Double(cells)
        }
        if hasFarEnd {
            // Pass 3 aligned the far-end at the correlation's argmax, so the
            // coherence there is the evidence whether that lag is an echo.
            // Only far-end single talk is evidence: a near talker louder
            // than the echo drowns the coherence of the whole recording.
            let singleTalk = echoAnalyzer?.singleTalkCoherence
            let detected = EchoDetection.isDetectable(significance: delay?.significance, coherence: singleTalk?.value,
                                                      farActiveFrames: singleTalk?.frames ?? 0)
            var echo = echoAnalyzer?.result(hasAECOutput: hasAECOutput, echoDetected: detected) ?? EchoMeasures()
            echo.delaySignificance = delay?.significance
            if let delay, detected {
                echo.delayMs = Double(delay.lag) * 1_000 / Double(sampleRate)
            }
            features.echo = echo
        }
        return features
    }

    /// Runs the passes once, `feed(pass)` pushing the recording's blocks
    /// for each (the survey's too), and finishes.
    public func run(feed: (Pass) throws -> Void) rethrows -> AudioFeatures {
        for pass in Pass.allCases {
            if pass != .survey { begin(pass) }
            try feed(pass)
        }
        return finish()
    }

    /// The features of one recording: runs the passes, `feed(analysis,
    /// pass)` pushing the recording's blocks for each, and once more from
    /// the pauses' noise when pass 1's lay on speech.
    public static func analyze(sampleRate: Int, hasFarEnd: Bool, hasAECOutput: Bool, parallel: Bool = true,
                               feed: (FeatureAnalysis, Pass) throws -> Void) rethrows -> AudioFeatures {
        var hint: Double? = nil
        while true {
            let analysis = FeatureAnalysis(sampleRate: sampleRate, hasFarEnd: hasFarEnd, hasAECOutput: hasAECOutput,
                                           parallel: parallel, noiseHintDB: hint)
            let features = try analysis.run { try feed(analysis, $0) }
            // An analysis from a hint sets none: at most two runs.
            guard let again = analysis.reanalysisNoiseDB else { return features }
            hint = again
        }
    }

    /// Mean squares of the undelayed far-end per whole 10 ms cell.
    private func recordFarCells(_ block: UnsafeBufferPointer<Float>) {
        var offset = 0
        while offset < block.count {
            let n = min(hop - farCellFill, block.count - offset)
            farCellSum += FrameKernels.energy(block.baseAddress! + offset, count: n)
            farCellFill += n
            offset += n
            if farCellFill == hop {
                farCells.levels.append(farCellSum / Double(hop))
                farCellSum = 0
                farCellFill = 0
            }
        }
    }

    /// The SNR (dB) under which a first analysis looks for a noise peak its
    /// mode hid (`LevelHistogram.hiddenNoisePeak`): one that took the talker
    /// for the noise reads him a few dB over it.
    public static let hiddenNoiseSNR = 10.0

    /// The speech level behind `snr.db`: below about 10 dB SNR the VAD
    /// misses the quiet frames and the P.56 level of those it finds runs
    /// high (by up to `activeOverReadDB`); the mean speech power from each
    /// decision to the segments' hangover (`segmentEdges`) keeps their
    /// energy. Below 3 dB (as P.56 reads it) that segment level, raised by
    /// `segmentLevelOffsetDB`, above 11 dB P.56's, a blend in dB between,
    /// never further under P.56's than its over-read (round 18).
    static func blendSpeechLevel(active: Double, segment: Double?, noisePower: Double) -> Double {
        guard let segment, segment > 0 else { return active }
        let activeDB = 10 * log10(active)
        let weight = min(max((activeDB - 10 * log10(noisePower) - 3) / 8, 0), 1)
        let db = weight * activeDB + (1 - weight) * (10 * log10(segment) + segmentLevelOffsetDB)
        return pow(10, max(db, activeDB - activeOverReadDB) / 10)
    }
    /// P.56's over-read of the VAD's frames at −3 dB SNR (the segment level,
    /// which subtracts a noise read high where pauses held words, can collapse).
    public static let activeOverReadDB = 4.0

    /// The segments that hold words, and the Σ level and count of the others' frames: a segment whose
    /// loudest frame lies `burstUnderSpeechDB` or more under the speech level, less than
    /// `burstOverNoiseDB` over the noise and under the level the noise's own frames reach
    /// (`PauseTracker.noise`, its `reach`) is the noise's loud moment.
    static func wordSegments(_ segmenter: SpeechSegmenter, speechPower: Double, noisePower: Double,
                             noiseReach: Double = .infinity) -> (words: [Range<Int>], noiseEnergy: Double, noiseFrames: Int) {
        let bar = min(speechPower * pow(10, -burstUnderSpeechDB / 10), noisePower * pow(10, burstOverNoiseDB / 10), noiseReach)
        var split: (words: [Range<Int>], noiseEnergy: Double, noiseFrames: Int) = ([], 0, 0)
        for (segment, (peak, energy)) in zip(segmenter.segments, zip(segmenter.peaks, segmenter.energies)) {
            if peak >= bar { split.words.append(segment); continue }
            split.noiseEnergy += energy
            split.noiseFrames += segment.count
        }
        return split
    }
    public static let burstUnderSpeechDB = 5.0, burstOverNoiseDB = 15.0

    /// How far a mean over every cell of the words lies under their P.56
    /// level, which leaves out the cells 15.9 dB under it: 0.75 dB on the
    /// tuning voices' clean speech; the tuning draws chose 0.5.
    public static let segmentLevelOffsetDB = 0.5

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
    /// 10 ms cell (clean espeak speech: 15 dB from its P.56 activity floor to
    /// 4 dB over −3 dB SNR noise takes 10 cells at the end, 6 at the start).
    public static let offsetDecayDB = 1.5
    public static let onsetRiseDB = 2.5

    /// How much pass 1's SNR reads high per dB under 12 dB, where it misses
    /// the quiet syllables: +5.9 dB where it said 3, +2.7 at 5, +0.9 at 8.5
    /// (widened tuning part; the least-squares slope through (12, 0): 0.53).
    public static let firstPassSNRBias = 0.5

    /// Pass 1's SNR `10·log10(A₁/P_noise)`, less its bias below 12 dB: the
    /// SNR the segment edges are cut for.
    static func firstPassSNR(activeLevel: Double, noisePower: Double) -> Double {
        let snr = 10 * log10(activeLevel / noisePower)
        return snr - firstPassSNRBias * max(0, 12 - snr)
    }

    /// Hangover and pre-roll for the recording's estimated SNR S: P.56 counts
    /// a frame within 15.9 dB of the active level, the VAD hears it from
    /// `detectionFloorDB` frame SNR up, so below S ≈ 12 dB a word's edges
    /// spend `15.9 + detectionFloorDB − S` dB inaudible — at `offsetDecayDB`
    /// per cell at the end, `onsetRiseDB` at the start (S ≥ −10 dB; with no
    /// speech level the fixed 100 ms hangover).
    static func segmentEdges(estimatedSNR: Double?) -> (preRoll: Int, hangover: Int) {
        guard let snr = estimatedSNR else { return (0, hangoverCells) }
        let lostDB = max(ActiveSpeechLevel.marginDB + detectionFloorDB - max(snr, -10), 0)
        return (Int((lostDB / onsetRiseDB).rounded()), Int((lostDB / offsetDecayDB).rounded()))
    }

    /// The smoothed decisions for one frame, `smoother.radius` late: the segments'
    /// against the noise floor, the statistics' against the noise as it stands (`stepped`).
    private func decide(_ frame: LikelihoodSmoother.Frame, _ stepped: LikelihoodSmoother.Frame, _ scale: DecisionScale) {
        let level = frame.level
        // A steady stretch is the noise, even where the VAD took it for speech
        // (a noise that steps louder for seconds passes the VAD); one that
        // stands over the floor is not speech either.
        let steadyRise = steadyRises[decidedCells % steadyRises.count]
        let louderNoise = (steadyRise ?? 0) >= Self.louderNoiseDB
        func heard(_ frame: LikelihoodSmoother.Frame, _ share: Double) -> Bool {
            let t = share * smoothedThreshold
            return !louderNoise && level >= speechGate && (frame.ratio > share * scale.threshold || (frame.ratio > t && frame.mean > t))
        }
        let speech = heard(stepped, 1)
        // Segments hold active speech in P.56's sense, heard at their share of
        // the thresholds; the SNR's level and pause statistics at the full ones.
        segmenter.push(heard(frame, scale.segmentScale) && level - scale.noisePower >= activityFloor, level: level)
        if speech { speechLevel.add(power: level); lastSpeechCell = decidedCells }
        // The segment level counts the segments' hangover: the word tails
        // the VAD cannot hear at the estimated SNR.
        if decidedCells - lastSpeechCell <= segmenter.hangoverFrames { segmentLevelSum += level; segmentCells += 1 }
        // Only clear speech breaks a pause: a babble's loud moments rarely pass
        // this ratio. A word's decay is speech however far down: a frame heard
        // clearly within `tailCells` of clear speech, or of such a frame, breaks
        // it too; babble away from it does not (docs/features.md, "P_noise").
        let heardClearly = stepped.ratio > Self.pauseBreakingRatio
        let clear = speech && heardClearly && level - scale.noisePower >= scale.pauseFloor
        if clear || (heardClearly && decidedCells - lastClearCell <= Self.tailCells) { lastClearCell = decidedCells }
        pauseTracker.push(level: level, speech: lastClearCell == decidedCells, steady: steadyRise != nil)
        decidedCells += 1
    }
}

/// A block's two halves, handed to two threads. `@unchecked Sendable`:
/// each call gets its own part index, and every body given to
/// `inParallel` touches only that part's frames and buffer slot, so the
/// two threads share no mutable memory; `concurrentPerform` returns only
/// after both finished.
private struct DisjointParts: @unchecked Sendable {
    let body: (Int) -> Void
}

/// What a decision in pass 3 is judged against: pass 2's noise power, the
/// VAD's threshold, the segments' share of it, and what breaks a pause.
private struct DecisionScale {
    var noisePower: Double
    var threshold: Double
    var segmentScale = 1.0
    var pauseFloor = -Double.infinity
}

/// The VAD's view of one mic frame in pass 3, computed on the VAD's thread.
private struct MicFrame {
    var index: Int
    var level: Double
    var ratio = 0.0
    var heardNow = false
}

/// Levels of consecutive 10 ms cells, cell `base + i` at `i`.
private struct CellLevels {
    var base = 0
    var levels: [Double] = []
}
