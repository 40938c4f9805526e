import FixtureKit
import Foundation
import StreamingMetrics
import Traces

extension Timeline {
    /// Lays out a fixture from its manifest, the traces the run used, the
    /// audio envelopes, the VAD result and the metrics. Pure: the caller
    /// reads files or runs adapters (`Timeline.load` does both).
    public init(
        manifest: FixtureManifest,
        tracks: [TrackLane],
        traces: FixtureTraces,
        vad: VADLane? = nil,
        retrieval: RetrievalTrace? = nil,
        metrics: MetricSet,
        errors: [String] = []
    ) {
        fixtureID = manifest.id
        description = manifest.description
        slices = manifest.slices
        self.tracks = tracks
        annotatedSpeech = manifest.speech
        self.vad = vad
        if case .string(let bucket)? = metrics["snr.bucket"] { snrBucket = bucket }
        snrDb = metrics["snr.db"]?.number
        self.metrics = metrics
        self.errors = errors

        // The speech the metrics used: annotations, else the VAD (docs/formats.md).
        let speech = (manifest.speech ?? vad?.segments ?? []).sorted { $0.startMs < $1.startMs }

        asrClock = traces.emission?.clock
        utterances = traces.emission.map { Self.utterances($0, speech: speech) } ?? []
        reference = manifest.reference
        if let emission = traces.emission {
            utterances = Self.scored(utterances, trace: emission, reference: manifest.reference)
        }
        let finalTexts = utterances.compactMap { $0.hypotheses.last(where: \.isFinal)?.text }
        // Without an ASR trace there is nothing to find entities in (and
        // no metric): the page does not judge them.
        entities = traces.emission == nil ? [] : Self.entities(manifest.entities ?? [], reference: manifest.reference,
                                                               hypothesis: finalTexts.joined(separator: " "))
        endpointerEvents = traces.emission?.events.compactMap { event in
            switch event.kind {
            case .partial, .final: nil
            default: TimedMark(tMs: event.tMs, label: event.kind.name)
            }
        } ?? []
        let startDelayMs = manifest.tts?.startDelayMs ?? 0
        requests = traces.synthesis.map { Self.requests($0, startDelayMs: startDelayMs) } ?? []
        turns = traces.turns.map { Self.turns($0, speech: speech, budgetMs: manifest.bargeInBudgetMs) }
        if let turns { requests = Self.cutAtCancels(requests, playback: turns.playback) }
        self.retrieval = retrieval
        retrievalTopK = manifest.retrieval?.topK ?? GroundingMetrics.defaultTopK
        laneErrors = Self.laneErrors(manifest: manifest, tracks: tracks, traces: traces, retrieval: retrieval, errors: errors)

        userEndMs = Self.userEndMs(trackDurationsMs: tracks.map(\.envelope.durationMs), traces: traces,
                                   speech: speech + (vad?.segments ?? []))
        durationMs = max(Self.axisDurationMs(
            trackDurationsMs: tracks.map(\.envelope.durationMs),
            traces: traces,
            speech: speech + (vad?.segments ?? []),
            requests: requests), retrieval?.queries.map { max($0.tMs, $0.retrievalMs ?? 0, $0.answerMs ?? 0) }.max() ?? 0)
    }

    /// The end of the user's side: audio, speech and the ASR trace (on the
    /// audio clock). The audio lanes zoom to it.
    public static func userEndMs(trackDurationsMs: [Double], traces: FixtureTraces, speech: [SpeechSegment]) -> Double {
        var end = trackDurationsMs.max() ?? 0
        end = max(end, traces.emission?.events.last?.tMs ?? 0)
        end = max(end, speech.map(\.endMs).max() ?? 0)
        return max(end, 1)
    }

    /// The client's cancel ends playback: a request playing when the turn
    /// log says playback was cancelled plays nothing after that instant.
    static func cutAtCancels(_ requests: [RequestLane], playback: [PlaybackInterval]) -> [RequestLane] {
        let cancels = playback.filter { $0.reason == .cancel }.map(\.stopMs)
        return requests.map { request in
            var lane = request
            guard let first = lane.playing.first?.startMs, let last = lane.playing.last?.endMs,
                  let stop = cancels.first(where: { $0 > first && $0 < last }) else { return lane }
            lane.cancelledMs = stop
            var kept: [TimeSpan] = []
            for span in lane.playing {
                if span.endMs <= stop { kept.append(span); continue }
                if span.startMs < stop {
                    kept.append(TimeSpan(startMs: span.startMs, endMs: stop))
                    lane.unplayed.append(TimeSpan(startMs: stop, endMs: span.endMs))
                } else {
                    lane.unplayed.append(span)
                }
            }
            lane.playing = kept
            lane.underruns = lane.underruns.filter { $0.startMs < stop }.map { TimeSpan(startMs: $0.startMs, endMs: min($0.endMs, stop)) }
            return lane
        }
    }

    /// Why each lane the manifest asks for is missing, in the words of the
    /// error that stopped it (the error naming its file, else the first).
    static func laneErrors(manifest: FixtureManifest, tracks: [TrackLane], traces: FixtureTraces,
                           retrieval: RetrievalTrace?, errors: [String]) -> [String: String] {
        // Paths inside the fixture folder read shorter without it.
        let folder = manifest.folder.hasSuffix("/") ? manifest.folder : manifest.folder + "/"
        func reason(_ names: [String]) -> String {
            for name in names where !name.isEmpty {
                if let error = errors.first(where: { $0.contains(name) }) {
                    return folder == "/" ? error : error.replacingOccurrences(of: folder, with: "")
                }
            }
            return errors.first ?? "not available"
        }
        var lanes: [String: String] = [:]
        var roles: [(String, String)] = [("mic", manifest.audio.mic)]
        if let path = manifest.audio.farEnd { roles.append(("far_end", path)) }
        if let path = manifest.audio.nearEnd { roles.append(("near_end", path)) }
        if let path = manifest.audio.aecOut { roles.append(("aec_out", path)) }
        let missing = roles.filter { role in !tracks.contains { $0.role == role.0 } }
        if !missing.isEmpty {
            lanes["Audio"] = missing.map { "\($0.0): " + reason([$0.1, ($0.1 as NSString).lastPathComponent]) }.joined(separator: "; ")
        }
        if let asr = manifest.asr, traces.emission == nil {
            switch asr {
            case .trace(let file, _): lanes["ASR"] = reason([file.name, file.path])
            case .adapter(let name): lanes["ASR"] = reason([name, "adapter"])
            }
        }
        if let tts = manifest.tts, traces.synthesis == nil {
            switch tts.source {
            case .trace(let file): lanes["TTS"] = reason([file.name, file.path])
            case .adapter(let name, _): lanes["TTS"] = reason([name, "adapter"])
            }
        }
        if let turns = manifest.turns, traces.turns == nil { lanes["Turn taking"] = reason([turns.name, turns.path]) }
        if let rag = manifest.retrieval, retrieval == nil { lanes["Retrieval"] = reason([rag.trace.name, rag.trace.path]) }
        return lanes
    }

    /// The axis covers every track and every event, so nothing falls off
    /// the right edge (an engine may finalize after the audio ends).
    public static func axisDurationMs(trackDurationsMs: [Double], traces: FixtureTraces, speech: [SpeechSegment], requests: [RequestLane] = []) -> Double {
        var end = trackDurationsMs.max() ?? 0
        end = max(end, traces.emission?.events.last?.tMs ?? 0)
        end = max(end, traces.synthesis?.events.map(\.tMs).max() ?? 0)
        end = max(end, traces.turns?.events.last?.tMs ?? 0)
        end = max(end, speech.map(\.endMs).max() ?? 0)
        end = max(end, requests.flatMap { $0.playing.map(\.endMs) + $0.chunks.map(\.endMs) }.max() ?? 0)
        return max(end, 1)
    }

    static func utterances(_ trace: EmissionTrace, speech: [SpeechSegment]) -> [UtteranceLane] {
        let byUtt = Dictionary(grouping: trace.events.filter { $0.kind == .partial || $0.kind == .final }, by: \.utt)
        return byUtt.keys.sorted().map { utt in
            let events = byUtt[utt]!
            // docs/metrics.md order: the partials in time order, then the final.
            let updates = events.filter { $0.kind == .partial } + events.filter { $0.kind == .final }.prefix(1)
            let words = updates.map { UtteranceMetrics.words($0.text).map(String.init) }
            let rows = updates.indices.map { i in
                let later = words[(i + 1)...]
                let lcp = { (other: [String]) in UtteranceMetrics.commonPrefixLength(words[i].map { Substring($0) }, other.map { Substring($0) }) }
                return HypothesisRow(
                    tMs: updates[i].tMs,
                    isFinal: updates[i].kind == .final,
                    text: updates[i].text,
                    words: words[i],
                    stableCount: later.map(lcp).min() ?? words[i].count,
                    keptCount: later.first.map(lcp) ?? words[i].count)
            }
            let final = updates.last.flatMap { $0.kind == .final ? $0 : nil }
            // docs/metrics.md first stable token: the smallest j from which every
            // hypothesis starts with the final's first word.
            var stable: Int?
            if final != nil, let anchor = words.last?.first {
                for i in words.indices.reversed() {
                    guard words[i].first == anchor else { break }
                    stable = i
                }
            }
            return UtteranceLane(
                utt: utt,
                hypotheses: rows,
                segment: utt < speech.count ? speech[utt] : nil,
                firstStableTokenMs: stable.map { updates[$0].tMs },
                finalMs: final?.tMs)
        }
    }

    /// The finals' word confidences, each marked correct or wrong by the
    /// alignment `asr.confidence_ece` uses (`ConfidenceMetrics.scoredWords`
    /// over every final in utterance order against the reference).
    static func scored(_ lanes: [UtteranceLane], trace: EmissionTrace, reference: String?) -> [UtteranceLane] {
        let finals = trace.events.filter { $0.kind == .final }.sorted { $0.utt < $1.utt }
        guard finals.contains(where: { $0.words != nil }) else { return lanes }
        let scored = ConfidenceMetrics.scoredWords(finals: finals, reference: reference)
        // scoredWords skips what it cannot score; walk the same rules to
        // hand each final its share.
        var next = 0
        var byUtt: [Int: [WordScore]] = [:]
        for final in finals {
            guard let words = final.words else { continue }
            let tokens = words.map { EntityMetrics.normalizedWords($0.text) }
            let spells = tokens.flatMap { $0 } == EntityMetrics.normalizedWords(final.text)
            var scores: [WordScore] = []
            for (word, parts) in zip(words, tokens) {
                var correct: Bool?
                if spells, !parts.isEmpty, !scored.isEmpty, next < scored.count {
                    correct = scored[next].correct
                    next += 1
                }
                scores.append(WordScore(text: word.text, confidence: word.confidence, correct: correct))
            }
            if byUtt[final.utt] == nil { byUtt[final.utt] = scores }
        }
        return lanes.map { lane in
            var lane = lane
            if let scores = byUtt[lane.utt], let i = lane.hypotheses.lastIndex(where: \.isFinal) {
                lane.hypotheses[i].scores = scores
            }
            return lane
        }
    }

    /// Each entity located in the reference (its first occurrence, by
    /// normalized words) and found or missed in `hypothesis` exactly as
    /// `EntityMetrics.entityErrorRate` decides.
    static func entities(_ entities: [String], reference: String?, hypothesis: String) -> [EntityMark] {
        let hyp = EntityMetrics.normalizedWords(hypothesis)
        // Normalized reference words, each with the raw word it came from.
        var normalized: [String] = [], owner: [Int] = []
        for (i, word) in UtteranceMetrics.words(reference ?? "").enumerated() {
            for part in EntityMetrics.normalizedWords(String(word)) { normalized.append(part); owner.append(i) }
        }
        return entities.map { entity in
            let run = EntityMetrics.normalizedWords(entity)
            guard !run.isEmpty else { return EntityMark(text: entity, referenceWords: nil, found: nil) }
            var span: Range<Int>?
            if run.count <= normalized.count,
               let start = (0...(normalized.count - run.count)).first(where: { normalized[$0..<$0 + run.count].elementsEqual(run) }) {
                span = owner[start]..<(owner[start + run.count - 1] + 1)
            }
            return EntityMark(text: entity, referenceWords: span, found: EntityMetrics.containsRun(run, in: hyp))
        }
    }

    static func requests(_ trace: SynthesisTrace, startDelayMs: Double) -> [RequestLane] {
        let byReq = Dictionary(grouping: trace.events, by: \.req)
        return byReq.keys.sorted().map { req in
            var lane = RequestLane(req: req, chunks: [], playing: [], underruns: [])
            for event in byReq[req]! {
                switch event.kind {
                case .request(let text):
                    lane.requestMs = event.tMs
                    lane.text = text
                case .chunk(let d):
                    lane.chunks.append(TimeSpan(startMs: event.tMs, endMs: event.tMs + d))
                case .end:
                    lane.endMs = event.tMs
                case .other:
                    break
                }
            }
            (lane.playing, lane.underruns) = playback(lane.chunks, startDelayMs: startDelayMs)
            return lane
        }
    }

    /// docs/metrics.md playback model: starts `startDelayMs` after the first chunk
    /// and plays in real time; a chunk arriving after the buffer ran dry is
    /// an underrun from the moment it ran dry until the chunk arrived. The
    /// wait for the jitter buffer before the first chunk plays is not one.
    static func playback(_ chunks: [TimeSpan], startDelayMs: Double) -> (playing: [TimeSpan], underruns: [TimeSpan]) {
        guard let first = chunks.first else { return ([], []) }
        var end = first.startMs + startDelayMs
        var playing: [TimeSpan] = [], underruns: [TimeSpan] = []
        for chunk in chunks {
            let start: Double
            if chunk.startMs > end {
                underruns.append(TimeSpan(startMs: end, endMs: chunk.startMs))
                start = chunk.startMs
            } else {
                start = end
            }
            end = start + chunk.durationMs
            // Contiguous audio is one span, so the page draws one bar.
            if let last = playing.last, last.endMs == start {
                playing[playing.count - 1].endMs = end
            } else if chunk.durationMs > 0 {
                playing.append(TimeSpan(startMs: start, endMs: end))
            }
        }
        return (playing, underruns)
    }

    static func turns(_ log: TurnLog, speech: [SpeechSegment], budgetMs: Double) -> TurnLane {
        let events = log.events.map { event -> TimedMark in
            let label: String
            switch event.kind {
            case .ttsPlayStart: label = "tts_play_start"
            case .ttsPlayStop(let reason): label = "tts_play_stop" + (reason.map { " (\($0.rawValue))" } ?? "")
            case .vadStart: label = "vad_start"
            case .vadEnd: label = "vad_end"
            case .cancelSent: label = "cancel_sent"
            case .other(let name): label = name
            }
            return TimedMark(tMs: event.tMs, label: label)
        }
        var lane = TurnLane(playback: [], onsetsMs: speech.map(\.startMs), bargeIns: [], falseBargeInStopsMs: [],
                            events: events, budgetMs: budgetMs, violation: nil)
        do {
            lane.playback = try log.playbackIntervals()
        } catch {
            lane.violation = "\(error)"
            return lane
        }
        lane.bargeIns = TurnTakingMetrics.bargeIns(playback: lane.playback, segments: speech).map {
            BargeInMark(onsetMs: $0.onsetMs, stopMs: $0.playback.stopMs, succeeded: $0.succeeded(budgetMs: budgetMs))
        }
        lane.falseBargeInStopsMs = TurnTakingMetrics.falseBargeIns(playback: lane.playback, segments: speech).map(\.stopMs)
        return lane
    }
}
