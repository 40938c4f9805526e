import Foundation

extension TrendReport {
    /// One self-contained page (inline CSS and SVG; no scripts, fonts,
    /// images or links): the alerts, a full chart per alerted series, then
    /// small multiples of every other series. XHTML-compatible, so it parses
    /// as XML.
    ///
    /// SVG text cannot be measured before it is drawn, so every text is set
    /// in a monospace face (advance ≤ 0.62 em) and every slot is sized from
    /// its longest string: night labels each get a column wider than the
    /// widest label, value labels sit in a left margin wider than the widest
    /// value, titles get a row of their own. No two texts can overlap.
    public var html: String {
        let e = CoverageCharts.escape
        typealias F = DecisionFormatting
        var body = "<h1>Nightly trend</h1>\n"
        body += "<p class=\"summary\">\(labels.count) night\(labels.count == 1 ? "" : "s")"
            + (labels.isEmpty ? "" : " (<code>\(e(labels.first!))</code> → <code>\(e(labels.last!))</code>)")
            + " · \(series.count) series · <strong>\(alerts.count) alert\(alerts.count == 1 ? "" : "s")</strong> · budgets: \(e(budgetsPath ?? "built-in (docs/decisions.md)"))</p>\n"
        body += "<p class=\"caption\">An alert: a night worse than the median of its previous \(Self.window) nights (at least \(Self.minimumHistory) with a value) by more than the metric's budget; nights that stay over afterwards belong to the same alert.</p>\n"
        body += "<section class=\"alerts\"><h2>Alerts</h2>\n"
        if alerts.isEmpty {
            body += "<p class=\"ok\">No alerts.</p>\n"
        } else {
            body += "<ul>\n"
            for alert in alerts {
                let still = alert.followingNights > 0 ? "; still over \(alert.followingNights) night\(alert.followingNights == 1 ? "" : "s") after" : ""
                body += "<li class=\"bad\"><code>\(e(alert.label))</code>: <code>\(e(alert.slice))</code> \(e(alert.metric)) \(e(F.value(alert.value))) against a median of \(e(F.value(alert.baseline))) (\(e(F.signed(alert.delta))), budget \(e(F.budget(alert.budget))))\(e(still))</li>\n"
            }
            body += "</ul>\n"
            for series in series where isAlerted(series) {
                body += "<h3><code>\(e(series.slice))</code> \(e(series.metric))</h3>\n"
                body += "<div class=\"scroll\">" + TrendCharts.full(series, alerts: alerts.filter { $0.slice == series.slice && $0.metric == series.metric }) + "</div>\n"
            }
        }
        body += "</section>\n"
        let quiet = series.filter { !isAlerted($0) }
        if !quiet.isEmpty {
            body += "<section><h2>Other series</h2>\n<div class=\"multiples\">\n"
            for series in quiet { body += TrendCharts.small(series) + "\n" }
            body += "</div></section>\n"
        }
        return ReportPage.document(title: "Nightly trend", maxWidth: 1200, style: """
            .summary, .caption { color: #444; }
            .caption { font-size: 13px; }
            .alerts li.bad { color: #a50026; margin: 4px 0; }
            .alerts .ok { color: #1a7f37; }
            .scroll { overflow-x: auto; }
            .multiples { display: flex; flex-wrap: wrap; gap: 12px; }
            svg.chart { display: block; overflow: visible; }
            svg.chart text { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; fill: #333; }
            svg.chart polyline { fill: none; stroke: #4575b4; stroke-width: 2; }
            svg.chart circle { fill: #4575b4; }
            svg.chart circle.alert { fill: #d73027; }
            svg.chart line.axis { stroke: #999; }
            svg.chart line.baseline { stroke: #1a7f37; stroke-dasharray: 4 3; }
            svg.chart line.threshold { stroke: #d73027; stroke-dasharray: 2 3; }
            svg.chart rect.frame { fill: #fafafa; stroke: #ddd; }
            """, body: body)
    }
}

/// The trend page's SVG charts; all text in a monospace face, sized from
/// its strings, so nothing overlaps (see `TrendReport.html`).
enum TrendCharts {
    /// Upper bound of a monospace glyph's advance, in em.
    static let advance = 0.62

    static func width(_ text: String, fontSize: Double) -> Double { Double(text.count) * fontSize * advance }

    static func q(_ x: Double) -> String { "\"" + ReportNumber.number(x, digits: 1) + "\"" }

    /// The value range drawn: the values, plus baselines and thresholds; a
    /// flat series gets a range around its value.
    static func range(_ numbers: [Double]) -> (Double, Double) {
        guard var low = numbers.min(), var high = numbers.max() else { return (0, 1) }
        if high - low < 1e-12 {
            let pad = max(abs(high) * 0.1, 1e-3)
            low -= pad
            high += pad
        }
        return (low, high)
    }

    /// A full chart: value axis labels (max, min) in a left margin, one
    /// column per night with its label under it, the series, and for each
    /// alert its baseline (green dashes) and the budget threshold (red dots)
    /// over the window it was computed from.
    static func full(_ series: TrendReport.Series, alerts: [TrendReport.Alert]) -> String {
        let e = CoverageCharts.escape
        let font = 12.0
        let values = series.points.compactMap(\.value)
        let thresholds = alerts.map { $0.baseline + ($0.budget.direction == .lowerIsBetter ? $0.budget.allowedDelta : -$0.budget.allowedDelta) }
        let (low, high) = range(values + alerts.map(\.baseline) + thresholds)
        let highText = DecisionFormatting.value(high), lowText = DecisionFormatting.value(low)
        let left = max(width(highText, fontSize: font), width(lowText, fontSize: font)) + 14
        let slot = max(28, (series.points.map { width($0.label, fontSize: font) }.max() ?? 0) + 12)
        let top = 10.0, plot = 160.0
        let bottom = top + plot
        let totalWidth = left + slot * Double(series.points.count) + 10
        let totalHeight = bottom + 10 + font + 6
        func x(_ i: Int) -> Double { left + slot * (Double(i) + 0.5) }
        func y(_ v: Double) -> Double { bottom - (v - low) / (high - low) * plot }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"\(Int(totalWidth.rounded(.up)))\" height=\"\(Int(totalHeight.rounded(.up)))\" font-size=\"\(Int(font))\">"
        svg += "<title>\(e("\(series.slice) \(series.metric) by night"))</title>"
        svg += "<rect class=\"frame\" x=\(q(left)) y=\(q(top)) width=\(q(slot * Double(series.points.count))) height=\(q(plot))/>"
        svg += "<text x=\(q(left - 7)) y=\(q(top + font * 0.8)) text-anchor=\"end\">\(e(highText))</text>"
        svg += "<text x=\(q(left - 7)) y=\(q(bottom)) text-anchor=\"end\">\(e(lowText))</text>"
        for (alert, threshold) in zip(alerts, thresholds) {
            let from = x(max(0, alert.night - TrendReport.window)), to = x(alert.night)
            svg += "<line class=\"baseline\" x1=\(q(from)) y1=\(q(y(alert.baseline))) x2=\(q(to)) y2=\(q(y(alert.baseline)))/>"
            svg += "<line class=\"threshold\" x1=\(q(from)) y1=\(q(y(threshold))) x2=\(q(to)) y2=\(q(y(threshold)))/>"
        }
        svg += polylines(series, x: x, y: y)
        let alerted = Set(alerts.map(\.night))
        for (i, point) in series.points.enumerated() {
            svg += "<text x=\(q(x(i))) y=\(q(bottom + 10 + font)) text-anchor=\"middle\">\(e(point.label))</text>"
            guard let value = point.value else { continue }
            svg += "<circle cx=\(q(x(i))) cy=\(q(y(value))) r=\"\(alerted.contains(i) ? 5 : 3)\"\(alerted.contains(i) ? " class=\"alert\"" : "")><title>\(e("\(point.label): \(DecisionFormatting.value(value))"))</title></circle>"
        }
        return svg + "</svg>"
    }

    /// A small multiple: its title on a row of its own, a sparkline, and the
    /// last value under it.
    static func small(_ series: TrendReport.Series) -> String {
        let e = CoverageCharts.escape
        let font = 11.0
        let title = "\(series.slice) · \(series.metric)"
        let last = series.points.last { $0.value != nil }
        let footer = last.map { "last \($0.label): \(DecisionFormatting.value($0.value))" } ?? "no value"
        let totalWidth = max(180, width(title, fontSize: font), width(footer, fontSize: font)) + 8
        let top = font + 8, plot = 40.0
        let bottom = top + plot
        let totalHeight = bottom + 6 + font + 4
        let (low, high) = range(series.points.compactMap(\.value))
        let step = series.points.count > 1 ? (totalWidth - 12) / Double(series.points.count - 1) : 0
        func x(_ i: Int) -> Double { 6 + step * Double(i) }
        func y(_ v: Double) -> Double { bottom - (v - low) / (high - low) * plot }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart small\" role=\"img\" width=\"\(Int(totalWidth.rounded(.up)))\" height=\"\(Int(totalHeight.rounded(.up)))\" font-size=\"\(Int(font))\">"
        svg += "<title>\(e(title))</title>"
        svg += "<text x=\"4\" y=\(q(font + 1))>\(e(title))</text>"
        svg += "<rect class=\"frame\" x=\"2\" y=\(q(top - 2)) width=\(q(totalWidth - 4)) height=\(q(plot + 4))/>"
        svg += polylines(series, x: x, y: y)
        svg += "<text x=\"4\" y=\(q(bottom + 6 + font))>\(e(footer))</text>"
        return svg + "</svg>"
    }

    /// The series as polylines, broken where a night has no value.
    static func polylines(_ series: TrendReport.Series, x: (Int) -> Double, y: (Double) -> Double) -> String {
        var out = "", run: [String] = []
        func flush() {
            if run.count > 1 { out += "<polyline points=\"\(run.joined(separator: " "))\"/>" }
            run = []
        }
        for (i, point) in series.points.enumerated() {
            guard let value = point.value else { flush(); continue }
            run.append(ReportNumber.number(x(i), digits: 1) + "," + ReportNumber.number(y(value), digits: 1))
        }
        flush()
        return out
    }
}
