import FileFormats
import Foundation
import StreamingMetrics

/// The SVG lanes of a timeline, top to bottom on one time axis.
extension TimelinePage {
    static func svg(_ timeline: Timeline) -> String {
        var canvas = TimelineCanvas(durationMs: timeline.durationMs)
        canvas.y = 26
        tracks(timeline, &canvas)
        speech(timeline, &canvas)
        asr(timeline, &canvas)
        tts(timeline, &canvas)
        turns(timeline, &canvas)
        let height = canvas.y + 8
        var axis = TimelineCanvas(durationMs: timeline.durationMs)
        for tick in ticks(durationMs: timeline.durationMs) {
            let x = axis.x(tick.ms)
            axis.line(x0: x, y0: 18, x1: x, y1: height, cls: "grid")
            axis.text(tick.label, x: x, y: 13, cls: "tick", anchor: "middle")
        }
        axis.line(x0: axis.plotLeft, y0: 18, x1: axis.plotRight, y1: 18, cls: "axis")
        let width = Markup.coordinate(TimelineLayout.width)
        return """
        <svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="\(width)" height="\(Markup.coordinate(height))" viewBox="0 0 \(width) \(Markup.coordinate(height))" role="img">
        \(axis.body)\(canvas.body)</svg>
        """
    }

    // MARK: - Axis

    struct Tick {
        var ms: Double
        var label: String
    }

    /// About ten ticks at 1-2-5 steps; labels in seconds, or m:ss past ten minutes.
    static func ticks(durationMs: Double) -> [Tick] {
        var step = 1.0
        outer: for exponent in 0...9 {
            for mantissa in [1.0, 2.0, 5.0] {
                step = mantissa * pow(10, Double(exponent))
                if durationMs / step <= 10 { break outer }
            }
        }
        let decimals = step >= 1000 ? 0 : step >= 100 ? 1 : step >= 10 ? 2 : 3
        var ticks: [Tick] = []
        var t = 0.0
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

    static func section(_ title: String, _ canvas: inout TimelineCanvas) {
        canvas.y += 6
        canvas.line(x0: 4, y0: canvas.y, x1: TimelineLayout.width - 4, y1: canvas.y, cls: "section-rule")
        canvas.text(title, x: 6, y: canvas.y + 13, cls: "section")
        canvas.y += 18
    }

    // MARK: - Audio

    static func tracks(_ timeline: Timeline, _ canvas: inout TimelineCanvas) {
        guard !timeline.tracks.isEmpty else { return }
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
                canvas.text("VAD not available: \(vad.failure ?? "unknown")", x: canvas.plotLeft + 4, y: canvas.y + 10, cls: "note")
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
        guard !timeline.utterances.isEmpty || !timeline.endpointerEvents.isEmpty else { return }
        let clock = timeline.asrClock.map { " (\($0.rawValue) clock)" } ?? ""
        section("ASR hypotheses\(clock)", &canvas)
        if !timeline.endpointerEvents.isEmpty {
            canvas.label("engine endpointer", y: canvas.y + 10)
            marks(timeline.endpointerEvents, y: canvas.y, cls: "endpointer", &canvas)
            canvas.y += 40
        }
        let rowHeight = 16.0
        for utterance in timeline.utterances {
            utteranceHeader(utterance, &canvas)
            let top = canvas.y
            for (i, row) in utterance.hypotheses.enumerated() {
                hypothesis(row, index: i, &canvas)
                canvas.y += rowHeight
            }
            // The stable-token line runs through the rows it refers to.
            if let stable = utterance.firstStableTokenMs {
                let x = canvas.x(stable)
                canvas.line(x0: x, y0: top - 14, x1: x, y1: canvas.y, cls: "stable-line")
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
            let latency = utterance.segment.map { " +" + Markup.milliseconds(stable - $0.startMs) } ?? ""
            labels.append((canvas.x(stable), "first stable token\(latency)", "stable-mark"))
        }
        if let final = utterance.finalMs {
            if let segment = utterance.segment {
                // Finalization delay: from the end of speech to the final.
                canvas.arrow(x0: canvas.x(segment.endMs), x1: canvas.x(final), y: y + 8, cls: "final-arrow",
                             title: "finalization delay \(Markup.milliseconds(final - segment.endMs))")
                labels.append((canvas.x(final), "final +\(Markup.milliseconds(final - segment.endMs)) after speech end", "final-mark"))
            } else {
                labels.append((canvas.x(final), "final", "final-mark"))
            }
        }
        // Two labels close together go on separate lines.
        canvas.y += 16
        var lastEnd = -Double.infinity
        for label in labels.sorted(by: { $0.x < $1.x }) {
            let width = TimelineCanvas.width(of: label.text)
            let start = min(label.x + 3, canvas.plotRight - width)
            if start < lastEnd + 8 { canvas.y += 13 }
            canvas.text(label.text, x: start, y: canvas.y + 9, cls: label.cls)
            lastEnd = start + width
        }
        canvas.y += 14
    }

    static func hypothesis(_ row: HypothesisRow, index: Int, _ canvas: inout TimelineCanvas) {
        let y = canvas.y
        let x = canvas.x(row.tMs)
        canvas.label("\(row.isFinal ? "final" : "partial \(index + 1)") @ \(Markup.milliseconds(row.tMs))", y: y + 11, cls: row.isFinal ? "lane-label strong" : "lane-label")
        canvas.rect(x0: x - 0.5, x1: x + 0.5, y: y + 1, height: 14, cls: row.isFinal ? "emit final" : "emit")

        var parts: [String] = []
        let stable = row.words[0..<row.stableCount].joined(separator: " ")
        let kept = row.words[row.stableCount..<row.keptCount].joined(separator: " ")
        let erased = row.words[row.keptCount...].joined(separator: " ")
        if !stable.isEmpty { parts.append("<tspan class=\"stable\">\(Markup.escape(stable))</tspan>") }
        if !kept.isEmpty { parts.append("<tspan>\(Markup.escape(kept))</tspan>") }
        if !erased.isEmpty { parts.append("<tspan class=\"erased\">\(Markup.escape(erased))</tspan>") }
        if parts.isEmpty { parts.append("<tspan class=\"note\">(empty)</tspan>") }
        let shown = row.words.isEmpty ? "(empty)" : row.words.joined(separator: " ")

        let width = TimelineCanvas.width(of: shown)
        let start = max(canvas.plotLeft + 2, min(x + 4, canvas.plotRight - width))
        var tip = "\(row.isFinal ? "final" : "partial") at \(Markup.milliseconds(row.tMs)): \(row.text)"
        if row.erasedCount > 0 { tip += " — next update erases \(row.erasedCount) word\(row.erasedCount == 1 ? "" : "s")" }
        canvas.markupText(parts.joined(separator: " "), x: start, y: y + 12, cls: row.isFinal ? "hyp final" : "hyp", title: tip)
    }

    /// Ticks for instants, labelled on two alternating lines where there
    /// is room; every tick keeps its label as hover text.
    static func marks(_ marks: [TimedMark], y: Double, cls: String, _ canvas: inout TimelineCanvas) {
        var lineEnds = [-Double.infinity, -Double.infinity]
        for mark in marks {
            let x = canvas.x(mark.tMs)
            canvas.rect(x0: x - 0.75, x1: x + 0.75, y: y, height: 12, cls: cls, title: "\(mark.label) at \(Markup.milliseconds(mark.tMs))")
            let width = TimelineCanvas.width(of: mark.label) * 0.85
            let (start, anchor) = canvas.labelPosition(x: x, width: width)
            let left = anchor == "end" ? start - width : start
            guard let line = lineEnds.firstIndex(where: { $0 + 4 < left }) else { continue }
            canvas.text(mark.label, x: start, y: y + 22 + Double(line) * 10, cls: "mark-label", anchor: anchor)
            lineEnds[line] = left + width
        }
    }
}
