import FileFormats
/// The TTS and turn-taking lanes: what the agent synthesized, what the
/// playback model played, and how it met the user's speech.
extension TimelinePage {
    /// A diamond at `x` (reserved, so no label covers it) and `text` beside
    /// it: right when it fits, else left, else cut to the roomier side.
    static func marker(_ text: String, at x: Double, y: Double, cls: String, textClass: String, title: String,
                       textTitle: String? = nil, _ canvas: inout TimelineCanvas) {
        canvas.polygon([(x, y + 2), (x + 5, y + 7), (x, y + 12), (x - 5, y + 7)], cls: cls, title: title)
        canvas.reserve(LayoutBox(x0: x - 6, y0: y + 1, x1: x + 6, y1: y + 13))
        let room = canvas.room(at: x, cls: textClass, gap: 8)
        let right = text.count <= room.right || room.right >= room.left
        let shown = TimelineCanvas.truncated(text, to: right ? room.right : room.left)
        guard !shown.isEmpty else { return }
        canvas.text(shown, x: right ? x + 8 : x - 8, y: y + 11, cls: textClass, anchor: right ? "start" : "end", title: textTitle ?? text)
    }

    /// What a request spans: from its submission to the last audio it
    /// carries (played or not).
    static func span(of request: RequestLane) -> TimeAxis? {
        let starts = [request.requestMs].compactMap { $0 } + request.chunks.map(\.startMs)
        let ends = [request.endMs].compactMap { $0 } + request.chunks.map(\.endMs) + request.playing.map(\.endMs)
            + request.unplayed.map(\.endMs) + request.underruns.map(\.endMs)
        guard let start = starts.min(), let end = (ends + starts).max() else { return nil }
        return TimeAxis(startMs: start, endMs: end)
    }

    /// Whether the requests are slivers on `axis` (each under a fifth of
    /// it): then each request's lanes zoom to its own span, under one
    /// overview row of all of them on the shared axis.
    static func zoomsRequests(_ timeline: Timeline, axis: TimeAxis) -> Bool {
        let spans = timeline.requests.compactMap(span(of:))
        return spans.count > 1 && spans.allSatisfy { $0.spanMs < axis.spanMs / 5 }
    }

    /// Tick labels of a request's own window, on one row.
    static func miniAxis(_ axis: TimeAxis, y: Double, _ canvas: inout TimelineCanvas) {
        canvas.label("zoomed", y: y + 9, cls: "lane-note",
                     title: "this request's lanes: \(Markup.milliseconds(axis.startMs)) – \(Markup.milliseconds(axis.endMs))")
        canvas.line(x0: canvas.plotLeft, y0: y + 12, x1: canvas.plotRight, y1: y + 12, cls: "mini-axis")
        for tick in ticks(durationMs: axis.endMs, startMs: axis.startMs) {
            let x = canvas.x(tick.ms)
            canvas.line(x0: x, y0: y + 10, x1: x, y1: y + 14, cls: "mini-axis")
            canvas.place(tick.label, near: x, rows: [y + 9], cls: "tick", gap: 0)
        }
    }

    static func tts(_ timeline: Timeline, _ canvas: inout TimelineCanvas) {
        let failure = timeline.laneErrors["TTS"]
        guard !timeline.requests.isEmpty || failure != nil else { return }
        section("TTS (playback model of docs/metrics.md)", &canvas)
        if let failure { placeholder(failure, &canvas) }
        let shared = canvas.axis
        let zoom = zoomsRequests(timeline, axis: shared)
        if zoom {
            // Every request on the shared axis; the lanes below zoom in.
            let y = canvas.y
            canvas.label("all requests", y: y + 11, cls: "lane-label strong")
            for request in timeline.requests {
                guard let span = span(of: request) else { continue }
                let bad = !request.underruns.isEmpty
                canvas.span(span.startMs, span.endMs, y: y + 3, height: 10, cls: bad ? "request-span bad" : "request-span",
                            title: "request \(request.req): \(Markup.milliseconds(span.startMs)) – \(Markup.milliseconds(span.endMs))"
                                + (bad ? ", \(request.underruns.count) underruns" : ""))
            }
            var used = -1
            for request in timeline.requests {
                guard let span = span(of: request) else { continue }
                if let row = canvas.place("\(request.req)", near: canvas.x(span.startMs), rows: [y + 24, y + 35], cls: "tick", gap: 0) {
                    used = max(used, row)
                }
            }
            canvas.y = y + 16 + Double(used + 1) * 11 + 4
        }
        for request in timeline.requests {
            if zoom, let span = span(of: request) {
                let pad = max(span.spanMs * 0.04, 1)
                canvas.axis = TimeAxis(startMs: max(0, span.startMs - pad), endMs: span.endMs + pad)
            }
            defer { canvas.axis = shared }
            // Request: a diamond at submission and its text.
            let y = canvas.y
            canvas.label("request \(request.req)", y: y + 11, cls: "lane-label strong")
            if let t = request.requestMs {
                marker("“" + (request.text ?? "") + "”", at: canvas.x(t), y: y, cls: "request", textClass: "request-text",
                       title: "request \(request.req) at \(Markup.milliseconds(t))", textTitle: request.text ?? "", &canvas)
            }
            canvas.y += 18
            if zoom {
                miniAxis(canvas.axis, y: canvas.y, &canvas)
                canvas.y += 18
            }

            // Arrivals: each chunk as the audio it carries, from its arrival.
            let chunksY = canvas.y
            canvas.label("chunks", y: chunksY + 10)
            for (i, chunk) in request.chunks.enumerated() {
                canvas.span(chunk.startMs, chunk.endMs, y: chunksY + 1, height: 11, cls: i % 2 == 0 ? "chunk" : "chunk alt",
                            title: "chunk \(i + 1) arrived at \(Markup.milliseconds(chunk.startMs)), \(Markup.milliseconds(chunk.durationMs)) of audio")
            }
            if let end = request.endMs {
                let x = canvas.x(end)
                canvas.rect(x0: x - 1, x1: x + 1, y: chunksY - 2, height: 16, cls: "end-mark", title: "end at \(Markup.milliseconds(end))")
            }
            var rowsUsed = 0
            if let t = request.requestMs, let first = request.chunks.first {
                let label = "first audio byte \(duration(first.startMs - t))"
                canvas.arrow(x0: canvas.x(t), x1: canvas.x(first.startMs), y: chunksY + 17, cls: "byte-arrow", title: label)
                if let row = canvas.place(label, near: canvas.x(first.startMs), rows: [chunksY + 21, chunksY + 33], cls: "byte-mark", gap: 4) {
                    rowsUsed = row + 1
                }
            }
            canvas.y = chunksY + 14 + Double(max(rowsUsed, 1)) * 12

            // Playback: playing audio, starved gaps, and what a cancel cut.
            let playY = canvas.y
            canvas.label("playback", y: playY + 10)
            for span in request.playing {
                canvas.span(span.startMs, span.endMs, y: playY + 1, height: 11, cls: "playing",
                            title: "playing \(Markup.milliseconds(span.startMs)) – \(Markup.milliseconds(span.endMs))")
            }
            for span in request.unplayed {
                canvas.span(span.startMs, span.endMs, y: playY + 3, height: 7, cls: "unplayed",
                            title: "never played: cancelled \(Markup.milliseconds(span.startMs)) – \(Markup.milliseconds(span.endMs))")
            }
            for gap in request.underruns {
                canvas.span(gap.startMs, gap.endMs, y: playY - 1, height: 15, cls: "underrun",
                            title: "underrun: buffer empty for \(Markup.milliseconds(gap.durationMs)) from \(Markup.milliseconds(gap.startMs))")
            }
            let rows = [playY + 25, playY + 37]
            var used = -1
            if let cancel = request.cancelledMs {
                let x = canvas.x(cancel)
                canvas.rect(x0: x - 1, x1: x + 1, y: playY - 3, height: 18, cls: "cancel-mark", title: "cancel at \(Markup.milliseconds(cancel)) (turn log)")
                if let row = canvas.place("cancelled at \(Markup.milliseconds(cancel))", near: x, rows: rows, cls: "cancel-text") { used = max(used, row) }
            }
            var hidden = 0
            for gap in request.underruns {
                if let row = canvas.place("underrun \(Markup.milliseconds(gap.durationMs))", near: canvas.x(gap.startMs), rows: rows, cls: "underrun-text", gap: 1) {
                    used = max(used, row)
                } else {
                    hidden += 1
                }
            }
            if !request.underruns.isEmpty {
                let total = request.underruns.map(\.durationMs).reduce(0, +)
                let count = request.underruns.count
                canvas.label("\(count) underrun\(count == 1 ? "" : "s"), \(Markup.milliseconds(total))", y: playY + 23, cls: "lane-note",
                             title: hidden > 0 ? "\(hidden) labels left out for room: hover the red bars" : nil)
            }
            canvas.y = playY + 16 + Double(used + 1) * 12 + (request.underruns.isEmpty ? 0 : (used < 0 ? 12 : 0)) + 4
        }
    }

    static func turns(_ timeline: Timeline, _ canvas: inout TimelineCanvas) {
        let failure = timeline.laneErrors["Turn taking"]
        guard timeline.turns != nil || failure != nil else { return }
        section("Turn taking" + (timeline.turns.map { " (budget \(Markup.milliseconds($0.budgetMs)))" } ?? ""), &canvas)
        if let failure { placeholder(failure, &canvas) }
        guard let turns = timeline.turns else { return }
        let height = 14.0

        let playY = canvas.y
        canvas.label("agent playback", y: playY + 11)
        var used = -1
        for interval in turns.playback {
            let reason = interval.reason?.rawValue ?? "no reason"
            canvas.span(interval.startMs, interval.stopMs, y: playY, height: height, cls: interval.reason == .cancel ? "play cancel" : "play",
                        title: "playback \(Markup.milliseconds(interval.startMs)) – \(Markup.milliseconds(interval.stopMs)), stopped: \(reason)")
            if let row = canvas.place(reason, near: canvas.x(interval.stopMs), rows: [playY + 11, playY + 25], cls: "band-text") {
                used = max(used, row)
            }
        }
        if let violation = turns.violation {
            let text = "turn log refused: \(violation)"
            let room = Int((canvas.plotRight - canvas.plotLeft - 8) / TimelineLayout.characterWidth)
            canvas.text(TimelineCanvas.truncated(text, to: room), x: canvas.plotLeft + 4, y: playY + 11, cls: "error-text", title: text)
        }
        canvas.y = playY + height + 6 + (used > 0 ? 12 : 0)

        canvas.label("user onsets", y: canvas.y + 11)
        for onset in turns.onsetsMs {
            let x = canvas.x(onset)
            canvas.polygon([(x, canvas.y + 14), (x + 4, canvas.y + 2), (x - 4, canvas.y + 2)], cls: "onset",
                           title: "user onset at \(Markup.milliseconds(onset))")
        }
        canvas.y += height + 6

        if !turns.bargeIns.isEmpty || !turns.falseBargeInStopsMs.isEmpty {
            let y = canvas.y
            canvas.label("barge-in", y: y + 11)
            // Marks first (their flags are reserved), then every callout
            // on the first free row: none can print over another.
            for bargeIn in turns.bargeIns {
                canvas.arrow(x0: canvas.x(bargeIn.onsetMs), x1: canvas.x(bargeIn.stopMs), y: y + 7,
                             cls: bargeIn.succeeded ? "barge-ok" : "barge-missed",
                             title: "barge-in: user at \(Markup.milliseconds(bargeIn.onsetMs)), agent stopped at \(Markup.milliseconds(bargeIn.stopMs))")
            }
            for stop in turns.falseBargeInStopsMs {
                let x = canvas.x(stop)
                canvas.polygon([(x, y), (x + 9, y + 4), (x, y + 8)], cls: "false-flag")
                canvas.line(x0: x, y0: y, x1: x, y1: y + 14, cls: "false-pole")
                canvas.reserve(LayoutBox(x0: x - 1, y0: y, x1: x + 10, y1: y + 14))
            }
            var callouts: [(x: Double, text: String, cls: String, title: String)] = []
            for bargeIn in turns.bargeIns {
                let verdict = bargeIn.succeeded ? "ok" : "MISSED"
                callouts.append((canvas.x(bargeIn.stopMs), "\(duration(bargeIn.latencyMs)) \(verdict)",
                                 bargeIn.succeeded ? "barge-ok-text" : "barge-missed-text",
                                 "user at \(Markup.milliseconds(bargeIn.onsetMs)), agent stopped \(duration(bargeIn.latencyMs)) later (budget \(Markup.milliseconds(turns.budgetMs)))"))
            }
            for stop in turns.falseBargeInStopsMs {
                callouts.append((canvas.x(stop) + 8, "false barge-in", "barge-missed-text",
                                 "cancelled at \(Markup.milliseconds(stop)) with no user onset in the \(Markup.milliseconds(turns.budgetMs)) before"))
            }
            let rows = (0..<5).map { y + 11 + Double($0) * 13 }
            var used = -1, hidden = 0
            for callout in callouts.sorted(by: { $0.x < $1.x }) {
                if let row = canvas.place(callout.text, near: callout.x, rows: rows, cls: callout.cls, gap: 4, title: callout.title) {
                    used = max(used, row)
                } else {
                    hidden += 1
                }
            }
            if hidden > 0 { canvas.label("+\(hidden) unlabelled (hover)", y: y + 24, cls: "lane-note") }
            canvas.y = y + 20 + Double(max(used, hidden > 0 ? 1 : 0)) * 13
        }

        if !turns.events.isEmpty {
            canvas.label("client log", y: canvas.y + 10)
            marks(turns.events, y: canvas.y, cls: "client-event", &canvas)
        }
    }

    static func truncated(_ text: String, to limit: Int) -> String {
        TimelineCanvas.truncated(text, to: limit)
    }
}
