import FileFormats
import StreamingMetrics
import Traces

/// The retrieval lane: what each spoken query retrieved and whether its
/// answer was grounded (the `rag.*` metrics of `GroundingMetrics`).
extension TimelinePage {
    static func retrieval(_ timeline: Timeline, _ canvas: inout TimelineCanvas) {
        let failure = timeline.laneErrors["Retrieval"]
        guard timeline.retrieval != nil || failure != nil else { return }
        section("Retrieval and grounding (top \(timeline.retrievalTopK))", &canvas)
        if let failure { placeholder(failure, &canvas) }
        guard let trace = timeline.retrieval else { return }
        let k = max(1, timeline.retrievalTopK)
        for query in trace.queries {
            let y = canvas.y
            let grounded = query.citations == nil ? nil : GroundingMetrics.isGrounded(query)
            canvas.label("query \(query.index)", y: y + 11, cls: "lane-label strong")
            marker("“" + query.text + "”", at: canvas.x(query.tMs), y: y, cls: "query", textClass: "request-text",
                   title: "query \(query.index) at \(Markup.milliseconds(query.tMs)); expected: \(query.expected.isEmpty ? "not annotated" : query.expected.joined(separator: ", "))", &canvas)
            canvas.y += 18

            // Retrieval: the top k, expected ones ticked, expected misses named.
            let expected = Set(query.expected)
            canvas.label("retrieved", y: canvas.y + 11)
            if let docs = query.retrieved, let t = query.retrievalMs {
                let top = Array(docs.prefix(k))
                let x = canvas.x(t)
                canvas.span(query.tMs, t, y: canvas.y + 6, height: 2, cls: "rag-latency", title: "retrieval latency \(duration(t - query.tMs))")
                canvas.rect(x0: x - 1, x1: x + 1, y: canvas.y + 1, height: 13, cls: "rag-mark", title: "retrieved at \(Markup.milliseconds(t))")
                var text = "\(duration(t - query.tMs)): " + top.map { expected.contains($0) ? "\($0) ✓" : $0 }.joined(separator: ", ")
                let missed = query.expected.filter { !top.contains($0) }
                if !missed.isEmpty { text += " — missing expected \(missed.joined(separator: ", "))" }
                fitted(text, at: x, leftOf: canvas.x(query.tMs), y: canvas.y + 11, cls: missed.isEmpty ? "rag-text" : "rag-text rag-bad",
                       title: "ranked: " + docs.joined(separator: ", "), &canvas)
            } else {
                canvas.text("never retrieved", x: canvas.plotLeft + 4, y: canvas.y + 11, cls: "rag-text rag-bad")
            }
            canvas.y += 16

            // Answer: its citations and the grounding verdict.
            canvas.label("answer", y: canvas.y + 11)
            if let citations = query.citations, let t = query.answerMs {
                let x = canvas.x(t)
                canvas.rect(x0: x - 1, x1: x + 1, y: canvas.y + 1, height: 13, cls: grounded == true ? "rag-mark" : "rag-mark bad",
                            title: "answered at \(Markup.milliseconds(t))")
                let retrieved = Set(query.retrieved ?? [])
                let unsupported = citations.filter { !retrieved.contains($0) }
                var text = citations.isEmpty ? "cites nothing" : "cites " + citations.joined(separator: ", ")
                if grounded == true {
                    text += " — grounded"
                } else {
                    var why: [String] = []
                    if citations.isEmpty { why.append("no citation") }
                    if !unsupported.isEmpty { why.append("\(unsupported.joined(separator: ", ")) never retrieved") }
                    if !expected.isEmpty, !citations.contains(where: expected.contains) { why.append("no expected document cited") }
                    text += " — UNGROUNDED" + (why.isEmpty ? "" : ": " + why.joined(separator: "; "))
                }
                fitted(text, at: x, y: canvas.y + 11, cls: grounded == true ? "rag-text" : "rag-text rag-bad", title: text, &canvas)
            } else {
                canvas.text("no answer", x: canvas.plotLeft + 4, y: canvas.y + 11, cls: "note")
            }
            canvas.y += 20
        }
    }

    /// `text` beside the instant at `x`: right when it fits, else left,
    /// else cut to the roomier side (the whole text stays as hover text).
    /// A text that does not fit right of `x` ends left of `leftOf` (the
    /// start of what the mark measures), so it never runs over that.
    static func fitted(_ text: String, at x: Double, leftOf: Double? = nil, y: Double, cls: String, title: String, _ canvas: inout TimelineCanvas) {
        let left = min(leftOf ?? x, x)
        let roomRight = canvas.room(at: x, cls: cls, gap: 5).right
        let roomLeft = canvas.room(at: left, cls: cls, gap: 5).left
        let right = text.count <= roomRight || roomRight >= roomLeft
        let shown = TimelineCanvas.truncated(text, to: right ? roomRight : roomLeft)
        guard !shown.isEmpty else { return }
        canvas.text(shown, x: right ? x + 5 : left - 5, y: y, cls: cls, anchor: right ? "start" : "end", title: title)
    }
}
