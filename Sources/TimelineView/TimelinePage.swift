import FileFormats
import FixtureKit
import StreamingMetrics
import Traces

/// A fixture's timeline as one self-contained XHTML page: inline SVG and
/// CSS, no script, font, image or `url(…)`, so it opens offline from a CI
/// artifact. All user content (transcripts, request texts) is escaped.
public enum TimelinePage {
    /// The page for `timeline`. With `golden`, the metrics table shows the
    /// golden beside the actual value and highlights the `failing` metrics
    /// (what the gate writes for a failing fixture).
    public static func render(_ timeline: Timeline, golden: MetricSet? = nil, failing: Set<String> = []) -> String {
        let title = "fixture-check view · \(timeline.fixtureID)"
        return """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(Markup.escape(title))</title>
        <style>
        \(stylesheet)
        </style>
        </head>
        <body>
        \(header(timeline, gate: golden != nil, failing: failing))
        <div class="layout">
        <section class="plot">
        \(legend)
        \(svg(timeline))
        </section>
        <aside class="metrics">
        \(metricsTable(timeline.metrics, golden: golden, failing: failing))
        </aside>
        </div>
        </body>
        </html>
        """
    }

    /// Renders a fixture from its parts in one call: the decoded traces
    /// (recorded or adapter-produced), envelopes, VAD and metrics.
    public static func render(
        manifest: FixtureManifest,
        tracks: [TrackLane],
        traces: FixtureTraces,
        vad: VADLane? = nil,
        retrieval: RetrievalTrace? = nil,
        metrics: MetricSet,
        errors: [String] = [],
        golden: MetricSet? = nil,
        failing: Set<String> = []
    ) -> String {
        render(Timeline(manifest: manifest, tracks: tracks, traces: traces, vad: vad, retrieval: retrieval, metrics: metrics, errors: errors),
               golden: golden, failing: failing)
    }

    static func header(_ timeline: Timeline, gate: Bool, failing: Set<String>) -> String {
        var html = "<header>\n<h1>\(Markup.escape(timeline.fixtureID))</h1>\n"
        if let description = timeline.description {
            html += "<p class=\"description\">\(Markup.escape(description))</p>\n"
        }
        if !timeline.slices.isEmpty {
            let slices = timeline.slices.keys.sorted().map {
                "<span class=\"slice\">\(Markup.escape($0))=\(Markup.escape(timeline.slices[$0]!))</span>"
            }
            html += "<p class=\"slices\">\(slices.joined(separator: " "))</p>\n"
        }
        if gate {
            let names = failing.sorted().map { "<code>\(Markup.escape($0))</code>" }.joined(separator: ", ")
            html += failing.isEmpty
                ? "<p class=\"verdict pass\">Matches its golden.</p>\n"
                : "<p class=\"verdict fail\">Fails its golden on \(names).</p>\n"
        }
        if !timeline.errors.isEmpty {
            html += "<ul class=\"errors\">\n"
            for error in timeline.errors { html += "<li>\(Markup.escape(error))</li>\n" }
            html += "</ul>\n"
        }
        html += "<p class=\"privacy\">This page shows transcripts: an engineer's local tool. Never attach it to an incident packet or ticket.</p>\n"
        return html + "</header>"
    }

    /// Every word the drawing uses, explained once.
    static let legend = """
    <details class="legend" open="open"><summary>How to read the timeline</summary>
    <ul>
    <li><span class="key stable">stable prefix</span>: words no later hypothesis of the utterance changes; <span class="key erased">erased</span>: words the next hypothesis drops (docs/metrics.md <code>erased_words</code>).</li>
    <li><b>first stable token</b>: when the opening word stopped changing, signed from speech start (dashed line); <b>final</b>: the final hypothesis, signed from speech end (the purple arrow is the finalization delay).</li>
    <li><span class="key entity-key">entity</span>: a span of the reference (<code>annotations.entities</code>), <b>found</b> when the finals hold its words in a row, <b>missed</b> otherwise (<code>asr.entity_error_rate</code> = missed ÷ entities).</li>
    <li>Final words with the engine's confidence: the bar under each word is shaded by it, <span class="key conf-lo">0.3</span> faint to <span class="key conf-hi">0.9</span> solid (the bins of <code>asr.confidence_ece</code>); <span class="key wrong-key">wrong</span>: words the WER alignment against the reference does not match (red bar). Hover a bar for the word's confidence.</li>
    <li><b>first audio byte</b>: request to first chunk (orange arrow); <span class="key playing-key">playing</span> audio per the playback model; <span class="key underrun-key">underrun</span>: playback starved waiting for the next chunk; <span class="key unplayed-key">never played</span>: audio after the turn log's cancel.</li>
    <li><b>barge-in</b>: arrow from the user's onset to the agent's stop, <span class="key ok-key">ok</span> within the budget, <span class="key missed-key">MISSED</span> over it; <span class="key missed-key">false barge-in</span>: a cancel with no user onset in the budget before it (echo or noise).</li>
    <li><b>grounded</b>: the answer cites only retrieved documents and at least one expected one; ✓ marks an expected document in the top k.</li>
    <li>When the agent's side runs far past the audio, the <b>full span</b> strip on top shows all of it and the lanes zoom to their own windows. Labels that do not fit are counted (“+N unlabelled”); hover any mark for its exact time.</li>
    </ul></details>
    """

    static func metricsTable(_ metrics: MetricSet, golden: MetricSet?, failing: Set<String>) -> String {
        // Failing metrics first: on the gate's page they are the point.
        let names = Set(metrics.keys).union(golden.map { Array($0.keys) } ?? []).sorted {
            (failing.contains($0) ? 0 : 1, $0) < (failing.contains($1) ? 0 : 1, $1)
        }
        var html = "<table>\n<caption>Metrics (metrics_version \(Markup.escape(StreamingMetrics.metricsVersion)))</caption>\n"
        html += golden == nil
            ? "<thead><tr><th>metric</th><th>value</th></tr></thead>\n"
            : "<thead><tr><th>metric</th><th>golden</th><th>actual</th></tr></thead>\n"
        html += "<tbody>\n"
        for name in names {
            let definition = MetricDefinitions.definition(of: name).map { " title=\"\(Markup.escape($0))\"" } ?? ""
            let cls = failing.contains(name) ? " class=\"fail\"" : ""
            html += "<tr\(cls)\(definition)><td class=\"name\">\(Markup.escape(name))</td>"
            if let golden { html += "<td class=\"num\">\(Markup.escape(golden[name]?.text ?? "—"))</td>" }
            html += "<td class=\"num\">\(Markup.escape(metrics[name]?.text ?? "—"))</td></tr>\n"
        }
        if names.isEmpty { html += "<tr><td colspan=\"\(golden == nil ? 2 : 3)\">no metrics</td></tr>\n" }
        return html + "</tbody>\n</table>"
    }

    /// No `url(`, `@import` or web font: the page must render offline, and
    /// no `<` or `&`, so the style stays well-formed XML.
    static let stylesheet = """
    body { font: 13px/1.4 system-ui, sans-serif; margin: 16px; color: #1d2330; background: #fff; }
    h1 { font-size: 18px; margin: 0 0 4px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    header p { margin: 2px 0; }
    .description { color: #444; }
    .slice { display: inline-block; background: #eef1f6; border-radius: 3px; padding: 0 5px; margin-right: 4px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
    .privacy { color: #8a5a00; font-size: 11px; }
    .errors { color: #b00020; margin: 4px 0; }
    .verdict.fail { color: #b00020; font-weight: bold; }
    .verdict.pass { color: #1b7a33; font-weight: bold; }
    .layout { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; margin-top: 8px; }
    .plot { flex: 1 1 720px; min-width: 0; max-width: 1600px; }
    .legend { font-size: 12px; margin: 0 0 6px; }
    .legend summary { cursor: pointer; font-weight: bold; }
    .legend ul { margin: 2px 0; padding-left: 18px; }
    .legend code { font-size: 11px; }
    .key { white-space: nowrap; padding: 0 3px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    .key.stable { color: #1b5e20; text-decoration: underline; font-weight: bold; }
    .key.erased { color: #c62828; text-decoration: line-through; }
    .key.underrun-key { background: #e53935; color: #fff; }
    .key.missed-key { color: #c62828; font-weight: bold; }
    .key.playing-key { background: #1565c0; color: #fff; }
    .key.unplayed-key { background: #cfd8dc; color: #37474f; }
    .key.ok-key { color: #2e7d32; font-weight: bold; }
    .key.entity-key { background: #fff3e0; border: 1px solid #ef6c00; color: #8a4b00; font-weight: bold; }
    .key.conf-lo { background: #a1c1e6; color: #1d2330; }
    .key.conf-hi { background: #1565c0; color: #fff; }
    .key.wrong-key { color: #c62828; font-style: italic; }
    .metrics { flex: 0 1 380px; min-width: 240px; max-width: 100%; }
    table { border-collapse: collapse; font-size: 12px; width: 100%; table-layout: fixed; }
    th:first-child { width: 50%; }
    caption { text-align: left; font-weight: bold; padding-bottom: 4px; }
    th, td { border-bottom: 1px solid #e3e6ec; padding: 2px 6px; text-align: left; }
    td.name { font-family: ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
    td.num { text-align: right; font-family: ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
    tr[title] { cursor: help; }
    tr.fail td { background: #fde2e2; color: #b00020; font-weight: bold; }
    svg.timeline { display: block; width: 100%; height: auto; }
    svg text { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 11px; fill: #1d2330; }
    .tick { font-size: 10px; fill: #667; }
    .grid { stroke: #eceff4; stroke-width: 1; }
    .axis { stroke: #99a; stroke-width: 1; }
    .section { font-weight: bold; font-size: 12px; }
    .section-rule { stroke: #c9ced8; stroke-width: 1; }
    .lane-label { fill: #445; }
    .lane-label.strong { font-weight: bold; fill: #1d2330; }
    .lane-note { font-size: 10px; fill: #889; }
    .baseline { stroke: #d5d9e0; stroke-width: 1; }
    .wave { fill: #3f6fb5; stroke: #3f6fb5; stroke-width: 0.5; }
    .wave-far_end { fill: #8e5bb5; stroke: #8e5bb5; }
    .wave-near_end { fill: #2e8b57; stroke: #2e8b57; }
    .wave-aec_out { fill: #b5793f; stroke: #b5793f; }
    .speech { fill: #43a047; }
    .speech.faint { fill: #c8e6c9; }
    .vad { fill: #1e88e5; }
    .snr { fill: #fff3cd; }
    .snr-none { fill: #f3f4f6; }
    .band-text { font-size: 10px; fill: #333; }
    .note { fill: #889; font-style: italic; }
    .error-text { fill: #b00020; font-weight: bold; }
    .emit { fill: #556; }
    .emit.final { fill: #1d2330; }
    .hyp.final { font-weight: bold; }
    .stable { fill: #1b5e20; text-decoration: underline; font-weight: bold; }
    .erased { fill: #c62828; text-decoration: line-through; }
    .wrong { fill: #c62828; font-style: italic; }
    .conf { fill: #1565c0; }
    .conf.conf-wrong { fill: #c62828; }
    .conf0 { fill-opacity: 0.1; }
    .conf1 { fill-opacity: 0.2; }
    .conf2 { fill-opacity: 0.3; }
    .conf3 { fill-opacity: 0.4; }
    .conf4 { fill-opacity: 0.5; }
    .conf5 { fill-opacity: 0.6; }
    .conf6 { fill-opacity: 0.7; }
    .conf7 { fill-opacity: 0.8; }
    .conf8 { fill-opacity: 0.9; }
    .conf9 { fill-opacity: 1.0; }
    .reference-text { fill: #1d2330; }
    .entity { fill: #8a4b00; font-weight: bold; }
    .entity-box { fill: #fff3e0; stroke: #ef6c00; stroke-width: 1; }
    .entity-verdict { font-size: 10px; }
    .entity-found { fill: #2e7d32; font-weight: bold; }
    .entity-missed { fill: #c62828; font-weight: bold; }
    .stable-line { stroke: #1b5e20; stroke-width: 1; stroke-dasharray: 3 2; }
    .stable-mark { fill: #1b5e20; font-size: 10px; }
    .final-mark { fill: #6a1b9a; font-size: 10px; }
    .final-arrow { stroke: #6a1b9a; stroke-width: 1.5; }
    .final-arrow-head { fill: #6a1b9a; }
    .endpointer, .client-event { fill: #78909c; }
    .mark-label { font-size: 9px; fill: #667; }
    .request { fill: #f57c00; }
    .request-text { fill: #8a4b00; font-style: italic; }
    .chunk { fill: #90caf9; stroke: #fff; stroke-width: 0.5; }
    .chunk.alt { fill: #64b5f6; }
    .byte-arrow { stroke: #f57c00; stroke-width: 1.2; }
    .byte-arrow-head { fill: #f57c00; }
    .byte-mark { fill: #8a4b00; font-size: 10px; }
    .end-mark { fill: #37474f; }
    .playing { fill: #1565c0; }
    .underrun { fill: #e53935; }
    .underrun-text { fill: #c62828; font-size: 10px; font-weight: bold; }
    .play { fill: #b0bec5; }
    .play.cancel { fill: #ffcc80; }
    .onset { fill: #2e7d32; }
    .barge-ok { stroke: #2e7d32; stroke-width: 1.5; }
    .barge-ok-head { fill: #2e7d32; }
    .barge-missed { stroke: #c62828; stroke-width: 1.5; }
    .barge-missed-head { fill: #c62828; }
    .barge-ok-text { fill: #2e7d32; font-weight: bold; font-size: 10px; }
    .barge-missed-text { fill: #c62828; font-weight: bold; font-size: 10px; }
    .false-flag { fill: #c62828; }
    .false-pole { stroke: #c62828; stroke-width: 1.2; }
    .overview { fill: #f3f4f6; stroke: #c9ced8; stroke-width: 0.5; }
    .overview-event { fill: #78909c; }
    .overview-window { fill: #1e88e5; fill-opacity: 0.15; stroke: #1e88e5; stroke-width: 1; }
    .overview-text { font-size: 10px; fill: #1e5aa0; }
    .unplayed { fill: #cfd8dc; }
    .request-span { fill: #1565c0; }
    .request-span.bad { fill: #e53935; }
    .mini-axis { stroke: #99a; stroke-width: 1; }
    .cancel-mark { fill: #ef6c00; }
    .cancel-text { fill: #ef6c00; font-size: 10px; font-weight: bold; }
    .query { fill: #00897b; }
    .rag-latency { fill: #80cbc4; }
    .rag-mark { fill: #00897b; }
    .rag-mark.bad { fill: #c62828; }
    .rag-text { font-size: 10px; fill: #00695c; }
    .rag-text.rag-bad { fill: #c62828; font-weight: bold; }
    """
}
