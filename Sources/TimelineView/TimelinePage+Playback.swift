import FileFormats
/// The TTS and turn-taking lanes: what the agent synthesized, what the
/// playback model played, and how it met the user's speech.
extension TimelinePage {
    static func tts(_ timeline: Timeline, _ canvas: inout TimelineCanvas) {
        guard !timeline.requests.isEmpty else { return }
        section("TTS (playback model of SPEC §3)", &canvas)
        for request in timeline.requests {
            // Request: a diamond at submission and its text.
            let y = canvas.y
            canvas.label("request \(request.req)", y: y + 11, cls: "lane-label strong")
            if let t = request.requestMs {
                let x = canvas.x(t)
                canvas.polygon([(x, y + 2), (x + 5, y + 7), (x, y + 12), (x - 5, y + 7)], cls: "request",
                               title: "request \(request.req) at \(Markup.milliseconds(t))")
                let text = "“" + truncated(request.text ?? "", to: 90) + "”"
                let width = TimelineCanvas.width(of: text)
                canvas.text(text, x: max(canvas.plotLeft + 2, min(x + 8, canvas.plotRight - width)), y: y + 11, cls: "request-text",
                            title: request.text ?? "")
            }
            canvas.y += 16

            // Arrivals: each chunk as the audio it carries, from its arrival.
            canvas.label("chunks", y: canvas.y + 10)
            for (i, chunk) in request.chunks.enumerated() {
                canvas.span(chunk.startMs, chunk.endMs, y: canvas.y + 1, height: 11, cls: i % 2 == 0 ? "chunk" : "chunk alt",
                            title: "chunk \(i + 1) arrived at \(Markup.milliseconds(chunk.startMs)), \(Markup.milliseconds(chunk.durationMs)) of audio")
            }
            if let t = request.requestMs, let first = request.chunks.first {
                canvas.arrow(x0: canvas.x(t), x1: canvas.x(first.startMs), y: canvas.y + 18, cls: "byte-arrow",
                             title: "first audio byte \(Markup.milliseconds(first.startMs - t))")
                canvas.text("first audio byte \(Markup.milliseconds(first.startMs - t))", x: canvas.x(first.startMs) + 4, y: canvas.y + 22, cls: "byte-mark")
            }
            if let end = request.endMs {
                let x = canvas.x(end)
                canvas.rect(x0: x - 1, x1: x + 1, y: canvas.y - 2, height: 16, cls: "end-mark", title: "end at \(Markup.milliseconds(end))")
            }
            canvas.y += 28

            // Playback: playing audio and starved gaps.
            canvas.label("playback", y: canvas.y + 10)
            for span in request.playing {
                canvas.span(span.startMs, span.endMs, y: canvas.y + 1, height: 11, cls: "playing",
                            title: "playing \(Markup.milliseconds(span.startMs)) – \(Markup.milliseconds(span.endMs))")
            }
            for gap in request.underruns {
                canvas.span(gap.startMs, gap.endMs, y: canvas.y - 1, height: 15, cls: "underrun",
                            title: "underrun: buffer empty for \(Markup.milliseconds(gap.durationMs))")
                canvas.text("underrun \(Markup.milliseconds(gap.durationMs))", x: canvas.x(gap.startMs), y: canvas.y + 25, cls: "underrun-text")
            }
            canvas.y += request.underruns.isEmpty ? 20 : 32
        }
    }

    static func turns(_ timeline: Timeline, _ canvas: inout TimelineCanvas) {
        guard let turns = timeline.turns else { return }
        section("Turn taking (budget \(Markup.milliseconds(turns.budgetMs)))", &canvas)
        let height = 14.0

        canvas.label("agent playback", y: canvas.y + 11)
        for interval in turns.playback {
            let reason = interval.reason?.rawValue ?? "no reason"
            canvas.span(interval.startMs, interval.stopMs, y: canvas.y, height: height, cls: interval.reason == .cancel ? "play cancel" : "play",
                        title: "playback \(Markup.milliseconds(interval.startMs)) – \(Markup.milliseconds(interval.stopMs)), stopped: \(reason)")
            canvas.text(reason, x: canvas.x(interval.stopMs) - 3, y: canvas.y + 11, cls: "band-text", anchor: "end")
        }
        if let violation = turns.violation {
            canvas.text("turn log refused: \(violation)", x: canvas.plotLeft + 4, y: canvas.y + 11, cls: "error-text")
        }
        canvas.y += height + 6

        canvas.label("user onsets", y: canvas.y + 11)
        for onset in turns.onsetsMs {
            let x = canvas.x(onset)
            canvas.polygon([(x, canvas.y + 14), (x + 4, canvas.y + 2), (x - 4, canvas.y + 2)], cls: "onset",
                           title: "user onset at \(Markup.milliseconds(onset))")
        }
        canvas.y += height + 6

        if !turns.bargeIns.isEmpty || !turns.falseBargeInStopsMs.isEmpty {
            canvas.label("barge-in", y: canvas.y + 11)
            for bargeIn in turns.bargeIns {
                let verdict = bargeIn.succeeded ? "ok" : "MISSED"
                canvas.arrow(x0: canvas.x(bargeIn.onsetMs), x1: canvas.x(bargeIn.stopMs), y: canvas.y + 7,
                             cls: bargeIn.succeeded ? "barge-ok" : "barge-missed",
                             title: "barge-in: user at \(Markup.milliseconds(bargeIn.onsetMs)), agent stopped at \(Markup.milliseconds(bargeIn.stopMs))")
                canvas.text("\(Markup.milliseconds(bargeIn.latencyMs)) \(verdict)", x: canvas.x(bargeIn.stopMs) + 4, y: canvas.y + 11,
                            cls: bargeIn.succeeded ? "barge-ok-text" : "barge-missed-text")
            }
            for stop in turns.falseBargeInStopsMs {
                let x = canvas.x(stop)
                canvas.polygon([(x, canvas.y), (x + 9, canvas.y + 4), (x, canvas.y + 8)], cls: "false-flag")
                canvas.line(x0: x, y0: canvas.y, x1: x, y1: canvas.y + 14, cls: "false-pole")
                let (labelX, anchor) = canvas.labelPosition(x: x + 8, width: TimelineCanvas.width(of: "false barge-in") * 0.9)
                canvas.text("false barge-in", x: anchor == "end" ? x - 3 : labelX, y: canvas.y + 11, cls: "barge-missed-text", anchor: anchor,
                            title: "cancelled at \(Markup.milliseconds(stop)) with no user onset in the \(Markup.milliseconds(turns.budgetMs)) before")
            }
            canvas.y += height + 6
        }

        if !turns.events.isEmpty {
            canvas.label("client log", y: canvas.y + 10)
            marks(turns.events, y: canvas.y, cls: "client-event", &canvas)
            canvas.y += 40
        }
    }

    static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
