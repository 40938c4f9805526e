import FileFormats
import Foundation
import StreamingMetrics

/// The SVG lanes of a timeline, top to bottom. The user's side (audio,
/// speech, ASR) and the agent's side (retrieval, TTS, turns) each zoom to
/// their own span when those differ a lot; an overview strip then shows
/// the full span and where each window sits in it.
extension TimelinePage {
    /// The windows the sections are drawn on.
    struct Windows {
        var user: TimeAxis
        var agent: TimeAxis
        var zoomed: Bool { user != agent }
    }

    static func windows(_ timeline: Timeline) -> Windows {
        let full = TimeAxis(startMs: 0, endMs: timeline.durationMs)
        // Zoom only when the user's side would be squeezed into less than
        // two thirds of the plot.
        guard timeline.userEndMs * 1.5 < timeline.durationMs else { return Windows(user: full, agent: full) }
        return Windows(user: TimeAxis(startMs: 0, endMs: timeline.userEndMs), agent: full)
    }

    static func svg(_ timeline: Timeline) -> String {
        let canvas = drawing(timeline)
        let height = canvas.y + 8
        let width = Markup.coordinate(TimelineLayout.width)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 \(width) \(Markup.coordinate(height))" preserveAspectRatio="xMinYMin meet" role="img">
        \(canvas.background)\(canvas.body)</svg>
        """
    }

    /// The whole drawing (what `svg` wraps; the tests read its text boxes).
    static func drawing(_ timeline: Timeline) -> TimelineCanvas {
        let windows = windows(timeline)
        var canvas = TimelineCanvas(axis: windows.user)
        canvas.y = 4
        if windows.zoomed { overview(timeline, windows, &canvas) }
        var group = axisRow(windows.user, zoomed: windows.zoomed, name: "audio · speech · ASR", &canvas)
        tracks(timeline, &canvas)
        speech(timeline, &canvas)
        asr(timeline, &canvas)
        if windows.zoomed {
            closeAxis(from: group, &canvas)
            canvas.y += 10
            var names: [String] = []
            if timeline.retrieval != nil || timeline.laneErrors["Retrieval"] != nil { names.append("retrieval") }
            if !timeline.requests.isEmpty || timeline.laneErrors["TTS"] != nil { names.append("TTS") }
            if timeline.turns != nil || timeline.laneErrors["Turn taking"] != nil { names.append("turns") }
            group = axisRow(windows.agent, zoomed: true, name: names.joined(separator: " · "), &canvas)
        }
        retrieval(timeline, &canvas)
        if zoomsRequests(timeline, axis: canvas.axis) {
            // Zoomed requests get their own ticks: the shared grid stops
            // above them and starts again for the turn lanes.
            closeAxis(from: group, &canvas)
            let shared = canvas.axis
            tts(timeline, &canvas)
            if timeline.turns != nil || timeline.laneErrors["Turn taking"] != nil {
                canvas.y += 10
                group = axisRow(shared, zoomed: true, name: "turns", &canvas)
            } else {
                group = (canvas.y, shared)
            }
        } else {
            tts(timeline, &canvas)
        }
        turns(timeline, &canvas)
        closeAxis(from: group, &canvas)
        return canvas
    }

    // MARK: - Axis

    struct Tick {
        var ms: Double
        var label: String
    }

    /// About ten ticks at 1-2-5 steps over `[startMs, endMs]`; labels in
    /// seconds, or m:ss past ten minutes.
    static func ticks(durationMs: Double, startMs: Double = 0) -> [Tick] {
        let span = max(durationMs - startMs, 1)
        var step = 1.0
        outer: for exponent in 0...9 {
            for mantissa in [1.0, 2.0, 5.0] {
                step = mantissa * pow(10, Double(exponent))
                if span / step <= 10 { break outer }
            }
        }
        let decimals = step >= 1000 ? 0 : step >= 100 ? 1 : step >= 10 ? 2 : 3
        var ticks: [Tick] = []
        var t = (startMs / step).rounded(.up) * step
        while t <= durationMs + step * 1e-9 {
            let label: String
            if durationMs >= 600_000 {
                let seconds = Int((t / 1000).rounded())
                label = String(format: "%d:%02d", seconds / 60, seconds % 60)
            } else {
                label = String(format: "%.\(decimals)f s", t / 1000)
            }
            ticks.append(Tick(ms: t, label: label))
            t += step
        }
        return ticks
    }

    /// Tick labels of `axis` and its rule; returns where its grid starts.
    static func axisRow(_ axis: TimeAxis, zoomed: Bool, name: String, _ canvas: inout TimelineCanvas) -> (y: Double, axis: TimeAxis) {
        canvas.axis = axis
        if zoomed {
            canvas.label("\(name)", y: canvas.y + 11, cls: "lane-label strong",
                         title: "zoomed to \(Markup.milliseconds(axis.startMs)) – \(Markup.milliseconds(axis.endMs))")
        }
        for tick in ticks(durationMs: axis.endMs, startMs: axis.startMs) {
            canvas.place(tick.label, near: canvas.x(tick.ms), rows: [canvas.y + 11], cls: "tick", gap: 0,
                         within: (canvas.plotLeft - 10)...(canvas.drawingRight - 1))
        }
        canvas.y += 16
        canvas.line(x0: canvas.plotLeft, y0: canvas.y, x1: canvas.plotRight, y1: canvas.y, cls: "axis")
        return (canvas.y, axis)
    }

    /// Grid lines of an axis group, from its rule to the current row.
    static func closeAxis(from group: (y: Double, axis: TimeAxis), _ canvas: inout TimelineCanvas) {
        let saved = canvas.axis
        canvas.axis = group.axis
        for tick in ticks(durationMs: group.axis.endMs, startMs: group.axis.startMs) {
            let x = canvas.x(tick.ms)
            canvas.backgroundLine(x0: x, y0: group.y, x1: x, y1: canvas.y, cls: "grid")
        }
        canvas.axis = saved
    }

    /// The full span with every event as a tick and the zoom windows marked.
    static func overview(_ timeline: Timeline, _ windows: Windows, _ canvas: inout TimelineCanvas) {
        canvas.axis = TimeAxis(startMs: 0, endMs: timeline.durationMs)
        let y = canvas.y
        canvas.label("full span", y: y + 20, cls: "lane-label strong",
                     title: "0 – \(Markup.milliseconds(timeline.durationMs)); the lanes below zoom in")
        for tick in ticks(durationMs: timeline.durationMs) {
            canvas.place(tick.label, near: canvas.x(tick.ms), rows: [y + 9], cls: "tick", gap: 0,
                         within: (canvas.plotLeft - 10)...(canvas.drawingRight - 1))
        }
        canvas.rect(x0: canvas.plotLeft, x1: canvas.plotRight, y: y + 12, height: 12, cls: "overview")
        // Events binned to the strip's columns: where things happen.
        var times: [Double] = timeline.tracks.map(\.envelope.durationMs)
        times += timeline.utterances.flatMap { $0.hypotheses.map(\.tMs) }
        times += timeline.requests.flatMap { $0.chunks.map(\.startMs) + [$0.requestMs].compactMap { $0 } }
        times += timeline.turns?.events.map(\.tMs) ?? []
        times += timeline.retrieval?.queries.flatMap { [$0.tMs, $0.retrievalMs, $0.answerMs].compactMap { $0 } } ?? []
        var columns = Set<Int>()
        for t in times { columns.insert(Int(canvas.x(t).rounded())) }
        for column in columns.sorted() {
            canvas.rect(x0: Double(column) - 0.5, x1: Double(column) + 0.5, y: y + 13, height: 10, cls: "overview-event")
        }
        let userX1 = canvas.x(windows.user.endMs)
        canvas.rect(x0: canvas.x(windows.user.startMs), x1: userX1, y: y + 12, height: 12, cls: "overview-window",
                    title: "audio, speech and ASR lanes: \(Markup.milliseconds(windows.user.startMs)) – \(Markup.milliseconds(windows.user.endMs))")
        canvas.place("audio · speech · ASR lanes", near: userX1, rows: [y + 35], cls: "overview-text")
        canvas.y = y + 42
    }

    static func section(_ title: String, _ canvas: inout TimelineCanvas) {
        canvas.y += 6
        canvas.line(x0: 4, y0: canvas.y, x1: TimelineLayout.width - 4, y1: canvas.y, cls: "section-rule")
        canvas.text(title, x: 6, y: canvas.y + 14, cls: "section")
        canvas.y += 20
    }

    /// Where a lane would be: why it could not be built.
    static func placeholder(_ reason: String, _ canvas: inout TimelineCanvas) {
        let text = "lane not built: " + reason
        let room = Int((canvas.plotRight - canvas.plotLeft - 8) / TimelineLayout.characterWidth)
        canvas.label("error", y: canvas.y + 11, cls: "lane-label error-text")
        canvas.text(TimelineCanvas.truncated(text, to: room), x: canvas.plotLeft + 4, y: canvas.y + 11, cls: "error-text", title: text)
        canvas.y += 18
    }

    /// A signed duration as a person reads it: `+540 ms`, `−540 ms`.
    static func signed(_ ms: Double) -> String {
        let rounded = (ms * 10).rounded() / 10
        if rounded < 0 { return "\u{2212}" + Markup.milliseconds(-rounded) }
        return "+" + Markup.milliseconds(rounded)
    }

    /// A duration that should not be negative; signed when it is.
    static func duration(_ ms: Double) -> String {
        ms < 0 ? signed(ms) : Markup.milliseconds(ms)
    }

    // MARK: - Audio

    static func tracks(_ timeline: Timeline, _ canvas: inout TimelineCanvas) {
        guard !timeline.tracks.isEmpty || timeline.laneErrors["Audio"] != nil else { return }
        section("Audio", &canvas)
        let height = 46.0
        for track in timeline.tracks {
            let envelope = track.envelope
            let peak = Double(envelope.peak)
            let mid = canvas.y + height / 2
            let peakText = peak > 0 ? String(format: "peak %.1f dBFS", 20 * log10(peak)) : "silent"
            canvas.label(track.role.replacingOccurrences(of: "_", with: "-"), y: mid - 2)
            canvas.label(peakText, y: mid + 11, cls: "lane-note")
            canvas.line(x0: canvas.plotLeft, y0: mid, x1: canvas.x(envelope.durationMs), y1: mid, cls: "baseline")
            if peak > 0, !envelope.maximum.isEmpty {
                // Each track is scaled to its own peak, so a quiet far-end
                // is still readable; the label gives its true level.
                let scale = (height / 2 - 2) / peak
                var top: [(Double, Double)] = [], bottom: [(Double, Double)] = []
                for i in envelope.maximum.indices {
                    let x = canvas.x((Double(i) + 0.5) * envelope.columnMs)
                    top.append((x, mid - Double(envelope.maximum[i]) * scale))
                    bottom.append((x, mid - Double(envelope.minimum[i]) * scale))
                }
                canvas.polygon(top + bottom.reversed(), cls: "wave wave-\(track.role)",
                               title: "\(track.role): \(peakText), \(String(format: "%.2f", envelope.durationMs / 1000)) s")
            }
            canvas.y += height + 4
        }
        if let reason = timeline.laneErrors["Audio"] { placeholder(reason, &canvas) }
    }

    // MARK: - Speech

    static func speech(_ timeline: Timeline, _ canvas: inout TimelineCanvas) {
        section("Speech", &canvas)
        let height = 12.0
        if let annotated = timeline.annotatedSpeech {
            canvas.label("speech (annotated)", y: canvas.y + 10)
            for segment in annotated {
                canvas.span(segment.startMs, segment.endMs, y: canvas.y, height: height, cls: "speech",
                            title: "annotated speech \(Markup.milliseconds(segment.startMs)) – \(Markup.milliseconds(segment.endMs))")
            }
            canvas.y += height + 6
        }
        if let vad = timeline.vad {
            canvas.label("VAD (\(vad.role.replacingOccurrences(of: "_", with: "-")))", y: canvas.y + 10)
            if let segments = vad.segments {
                for segment in segments {
                    canvas.span(segment.startMs, segment.endMs, y: canvas.y, height: height, cls: "vad",
                                title: "VAD speech \(Markup.milliseconds(segment.startMs)) – \(Markup.milliseconds(segment.endMs))")
                }
                if segments.isEmpty { canvas.text("no speech detected", x: canvas.plotLeft + 4, y: canvas.y + 10, cls: "note") }
            } else {
                let text = "VAD not available: \(vad.failure ?? "unknown")"
                let room = Int((canvas.plotRight - canvas.plotLeft - 8) / TimelineLayout.characterWidth)
                canvas.text(TimelineCanvas.truncated(text, to: room), x: canvas.plotLeft + 4, y: canvas.y + 10, cls: "note", title: text)
            }
            canvas.y += height + 6
        }
        canvas.label("SNR", y: canvas.y + 10)
        let snr: String
        switch (timeline.snrBucket, timeline.snrDb) {
        case let (bucket?, db?): snr = "bucket \(bucket) dB (estimate \(String(format: "%.1f", db)) dB over the whole mic track)"
        case let (bucket?, nil): snr = "bucket \(bucket) dB"
        case let (nil, db?): snr = String(format: "estimate %.1f dB", db)
        case (nil, nil): snr = "not measured"
        }
        canvas.rect(x0: canvas.plotLeft, x1: canvas.plotRight, y: canvas.y, height: height + 2, cls: timeline.snrBucket == nil ? "snr-none" : "snr")
        canvas.text(snr, x: canvas.plotLeft + 4, y: canvas.y + 10, cls: "band-text")
        canvas.y += height + 8
    }

    // MARK: - ASR

    static func asr(_ timeline: Timeline, _ canvas: inout TimelineCanvas) {
        let failure = timeline.laneErrors["ASR"]
        guard !timeline.utterances.isEmpty || !timeline.endpointerEvents.isEmpty || failure != nil else { return }
        let clock = timeline.asrClock.map { " (\($0.rawValue) clock)" } ?? ""
        section("ASR hypotheses\(clock)", &canvas)
        if let failure { placeholder(failure, &canvas) }
        if !timeline.endpointerEvents.isEmpty {
            canvas.label("engine endpointer", y: canvas.y + 10)
            marks(timeline.endpointerEvents, y: canvas.y, cls: "endpointer", &canvas)
        }
        referenceRows(timeline, &canvas)
        let rowHeight = 16.0
        for utterance in timeline.utterances {
            utteranceHeader(utterance, &canvas)
            let top = canvas.y
            for (i, row) in utterance.hypotheses.enumerated() {
                hypothesis(row, index: i, &canvas)
                // A scored final keeps room for its confidence bars.
                canvas.y += row.scores == nil ? rowHeight : rowHeight + 6
            }
            // The stable-token line runs through the rows it refers to.
            if let stable = utterance.firstStableTokenMs {
                let x = canvas.x(stable)
                canvas.line(x0: x, y0: top - 4, x1: x, y1: canvas.y, cls: "stable-line")
            }
            canvas.y += 6
        }
    }

    static func utteranceHeader(_ utterance: UtteranceLane, _ canvas: inout TimelineCanvas) {
        let y = canvas.y
        canvas.label("utterance \(utterance.utt)", y: y + 11, cls: "lane-label strong")
        if let segment = utterance.segment {
            canvas.span(segment.startMs, segment.endMs, y: y + 3, height: 10, cls: "speech faint",
                        title: "matched user speech \(Markup.milliseconds(segment.startMs)) – \(Markup.milliseconds(segment.endMs))")
        }
        var labels: [(x: Double, text: String, cls: String)] = []
        if let stable = utterance.firstStableTokenMs {
            let latency = utterance.segment.map { " \(signed(stable - $0.startMs)) from speech start" } ?? ""
            labels.append((canvas.x(stable), "first stable token\(latency)", "stable-mark"))
        }
        if let final = utterance.finalMs {
            if let segment = utterance.segment {
                // Finalization delay: from the end of speech to the final.
                canvas.arrow(x0: canvas.x(segment.endMs), x1: canvas.x(final), y: y + 8, cls: "final-arrow",
                             title: "finalization delay \(signed(final - segment.endMs))")
                labels.append((canvas.x(final), "final \(signed(final - segment.endMs)) from speech end", "final-mark"))
            } else {
                labels.append((canvas.x(final), "final", "final-mark"))
            }
        }
        // Each label on the first row below the header where it is free.
        let rows = (0..<4).map { y + 26 + Double($0) * 12 }
        var used = -1
        for label in labels.sorted(by: { $0.x < $1.x }) {
            if let row = canvas.place(label.text, near: label.x, rows: rows, cls: label.cls) { used = max(used, row) }
        }
        canvas.y = y + 18 + Double(used + 1) * 12 + 4
    }

    static func hypothesis(_ row: HypothesisRow, index: Int, _ canvas: inout TimelineCanvas) {
        let y = canvas.y
        let x = canvas.x(row.tMs)
        canvas.label("\(row.isFinal ? "final" : "partial \(index + 1)") @ \(Markup.milliseconds(row.tMs))", y: y + 11, cls: row.isFinal ? "lane-label strong" : "lane-label")
        canvas.rect(x0: x - 0.5, x1: x + 0.5, y: y + 1, height: 14, cls: row.isFinal ? "emit final" : "emit")

        // The words, each with its class; cut to the side of the emission
        // tick with room, so the text never crosses it nor leaves the plot.
        // A final's scores shade its words when they are the row's words.
        let scores = row.scores.flatMap { $0.map(\.text) == row.words ? $0 : nil }
        var words: [(String, String?)] = []
        for (i, word) in row.words.enumerated() {
            var cls = i < row.stableCount ? "stable" : i < row.keptCount ? nil : "erased"
            if scores?[i].correct == false { cls = (cls.map { $0 + " " } ?? "") + "wrong" }
            words.append((word, cls))
        }
        let cls = row.isFinal ? "hyp final" : "hyp"
        let shown = row.words.isEmpty ? "(empty)" : row.words.joined(separator: " ")
        let room = canvas.room(at: x, cls: cls, gap: 4)
        let right = shown.count <= room.right || room.right >= room.left
        let limit = right ? room.right : room.left
        var kept: [(String, String?)] = []
        var count = 0
        let cut = shown.count > limit
        for word in words {
            let needed = count + (kept.isEmpty ? 0 : 1) + word.0.count
            // A cut row keeps room for " …".
            if cut && needed > limit - 2 { break }
            count = needed
            kept.append(word)
        }
        // Runs of one class become one tspan.
        var parts: [String] = []
        var run: [String] = [], runClass: String?? = nil
        func flush() {
            guard let cls = runClass else { return }
            let text = Markup.escape(run.joined(separator: " "))
            parts.append(cls.map { "<tspan class=\"\($0)\">\(text)</tspan>" } ?? "<tspan>\(text)</tspan>")
            run = []
        }
        for (word, wordClass) in kept {
            if runClass == nil || runClass! != wordClass { flush(); runClass = .some(wordClass) }
            run.append(word)
        }
        flush()
        var characters = count
        if cut {
            parts.append("<tspan class=\"note\">…</tspan>")
            characters += kept.isEmpty ? 1 : 2
        }
        if words.isEmpty {
            parts = ["<tspan class=\"note\">(empty)</tspan>"]
            characters = 7
        }
        var tip = "\(row.isFinal ? "final" : "partial") at \(Markup.milliseconds(row.tMs)): \(row.text)"
        if row.erasedCount > 0 { tip += " — next update erases \(row.erasedCount) word\(row.erasedCount == 1 ? "" : "s")" }
        if let all = row.scores { tip += " — confidence: " + all.map(scoreText).joined(separator: ", ") }
        guard characters <= max(limit, 1) else { return }
        canvas.markupText(parts.joined(separator: " "), characters: characters, x: right ? x + 4 : x - 4, y: y + 12,
                          cls: cls, anchor: right ? "start" : "end", title: tip)
        // A bar under each shown word, shaded by its confidence (the ECE
        // bin), red when the alignment marks it wrong; hover for the value.
        guard let scores else { return }
        let advance = TimelineLayout.advance(fontSize: TimelineCanvas.fontSize(cls))
        var left = right ? x + 4 : x - 4 - Double(characters) * advance
        for (i, (word, _)) in kept.enumerated() {
            let score = scores[i]
            let width = Double(word.count) * advance
            let bin = ConfidenceMetrics.bin(of: score.confidence)
            canvas.rect(x0: left, x1: left + width, y: y + 16, height: 3.5,
                        cls: "conf conf\(bin)\(score.correct == false ? " conf-wrong" : "")", title: scoreText(score))
            left += width + advance
        }
    }

    /// `card 0.30 wrong`: a word's confidence and what the alignment made of it.
    static func scoreText(_ score: WordScore) -> String {
        let verdict = score.correct.map { $0 ? " correct" : " wrong" } ?? ""
        return "\(score.text) \(String(format: "%.2f", score.confidence))\(verdict)"
    }

    // MARK: - Reference and entities

    /// The reference with its entity spans boxed, then each entity found
    /// or missed in the finals (what `asr.entity_error_rate` counts).
    static func referenceRows(_ timeline: Timeline, _ canvas: inout TimelineCanvas) {
        guard let reference = timeline.reference, !timeline.utterances.isEmpty else { return }
        let y = canvas.y
        canvas.label("reference", y: y + 12, cls: "lane-label strong")
        let words = UtteranceMetrics.words(reference).map(String.init)
        var inEntity = [Bool](repeating: false, count: words.count)
        for entity in timeline.entities {
            for i in entity.referenceWords ?? 0..<0 where i < words.count { inEntity[i] = true }
        }
        let advance = TimelineLayout.characterWidth
        let room = Int((canvas.plotRight - canvas.plotLeft - 8) / advance)
        let total = words.joined(separator: " ").count
        var kept = 0, count = 0
        for word in words {
            let needed = count + (kept == 0 ? 0 : 1) + word.count
            if total > room && needed > room - 2 { break }
            count = needed
            kept += 1
        }
        // A box behind each entity's shown words (adjacent entities stay
        // apart); runs of one kind are one tspan.
        let x0 = canvas.plotLeft + 4
        var starts: [Int] = [], position = 0
        for word in words { starts.append(position); position += word.count + 1 }
        for entity in timeline.entities {
            guard let span = entity.referenceWords, span.lowerBound < kept else { continue }
            let last = min(span.upperBound, kept) - 1
            let left = x0 + Double(starts[span.lowerBound]) * advance
            let right = x0 + Double(starts[last] + words[last].count) * advance
            canvas.rect(x0: left - 1.5, x1: right + 1.5, y: y + 1, height: 15, cls: "entity-box",
                        title: "entity “\(entity.text)”: \(entity.found.map { $0 ? "found" : "missed" } ?? "not counted")")
        }
        var parts: [String] = []
        var i = 0
        while i < kept {
            var j = i
            while j + 1 < kept && inEntity[j + 1] == inEntity[i] { j += 1 }
            let run = words[i...j].joined(separator: " ")
            if inEntity[i] {
                parts.append("<tspan class=\"entity\">\(Markup.escape(run))</tspan>")
            } else {
                parts.append("<tspan>\(Markup.escape(run))</tspan>")
            }
            i = j + 1
        }
        var characters = count
        if kept < words.count {
            parts.append("<tspan class=\"note\">…</tspan>")
            characters += kept == 0 ? 1 : 2
        }
        canvas.markupText(parts.joined(separator: " "), characters: characters, x: x0, y: y + 12, cls: "reference-text",
                          title: "reference: \(reference)")
        canvas.y = y + 20
        guard !timeline.entities.isEmpty else { return }
        entityRows(timeline.entities, &canvas)
    }

    /// `“four seven two nine” found`, `… missed` left to right, on up to
    /// three rows; the rest are counted in the gutter.
    static func entityRows(_ entities: [EntityMark], _ canvas: inout TimelineCanvas) {
        let counted = entities.compactMap(\.found)
        let missed = counted.filter { !$0 }.count
        let y = canvas.y
        canvas.label("entities \(counted.count - missed)/\(counted.count) found", y: y + 11, cls: "lane-label",
                     title: counted.isEmpty ? "no entity counted" : "asr.entity_error_rate = \(missed)/\(counted.count) missed")
        let rows = [y + 11, y + 23, y + 35]
        var row = 0, x = canvas.plotLeft + 4, hidden = 0
        for entity in entities {
            let verdict = entity.found.map { $0 ? "found" : "missed" } ?? "not counted"
            let text = "“\(TimelineCanvas.truncated(entity.text, to: 40))” \(verdict)"
            let width = TimelineCanvas.width(of: text, cls: "entity-verdict")
            if x + width > canvas.plotRight, x > canvas.plotLeft + 4 { row += 1; x = canvas.plotLeft + 4 }
            guard row < rows.count, x + width <= canvas.plotRight else { hidden += 1; continue }
            let cls = entity.found == false ? "entity-verdict entity-missed" : entity.found == true ? "entity-verdict entity-found" : "entity-verdict note"
            let why = entity.found == nil ? "normalizes to no words; not counted"
                : entity.found! ? "its words occur in a row in the finals" : "its words do not occur in a row in the finals"
            canvas.text(text, x: x, y: rows[row], cls: cls, title: "entity “\(entity.text)” \(verdict): \(why)")
            x += width + 14
        }
        if hidden > 0 { canvas.label("+\(hidden) more (hover)", y: y + 23, cls: "lane-note",
                                     title: entities.suffix(hidden).map { "\($0.text): \($0.found.map { $0 ? "found" : "missed" } ?? "not counted")" }.joined(separator: "; ")) }
        canvas.y = y + 16 + Double(hidden > 0 ? max(row, 1) : row) * 12 + 4
    }

    /// Ticks for instants, labelled on up to three lines where there is
    /// room; the rest are counted in the gutter, and every tick keeps its
    /// label as hover text. Advances the canvas past the lane.
    static func marks(_ marks: [TimedMark], y: Double, cls: String, _ canvas: inout TimelineCanvas) {
        let rows = [y + 22, y + 33, y + 44]
        var used = -1
        var hidden = 0
        for mark in marks {
            let x = canvas.x(mark.tMs)
            canvas.rect(x0: x - 0.75, x1: x + 0.75, y: y, height: 12, cls: cls, title: "\(mark.label) at \(Markup.milliseconds(mark.tMs))")
            if let row = canvas.place(mark.label, near: x, rows: rows, cls: "mark-label", gap: 2) {
                used = max(used, row)
            } else {
                hidden += 1
            }
        }
        if hidden > 0 { canvas.label("+\(hidden) unlabelled (hover)", y: y + 23, cls: "lane-note") }
        canvas.y = max(y + 16 + Double(used + 1) * 11, hidden > 0 ? y + 28 : 0) + 6
    }
}
