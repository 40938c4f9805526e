import FileFormats
import StreamingMetrics
extension CoverageReport {
    /// One self-contained page (inline CSS and SVG, nothing fetched): alerts
    /// first, then the heat map of required cells, then traffic-versus-
    /// fixture share bars per dimension. Written as XHTML-compatible markup
    /// so it parses as XML and cannot be silently malformed.
    public var html: String {
        let e = CoverageCharts.escape
        var body = "<h1>Fixture coverage</h1>\n"
        let required = dimensions.map { "<code>\(e($0))</code>" }.joined(separator: " × ")
        let requirementText = minPerCell.map { "required \(required), at least \($0) per cell · <strong>\(gaps.count) of \(cells.count) cells short</strong>" }
            ?? "no coverage requirement (drift only)"
        body += "<p class=\"summary\">\(fixtureCount) fixtures · \(requirementText) · <strong>\(alerts.count) drift alert\(alerts.count == 1 ? "" : "s")</strong></p>\n"
        body += "<p class=\"caption\">Fixtures carrying each dimension (the denominator of its shares): "
            + denominators.keys.sorted(by: codePointOrder).map { "<code>\(e($0))</code> \(denominators[$0]!) of \(fixtureCount)" }.joined(separator: ", ") + "</p>\n"

        body += "<section class=\"alerts\"><h2>Alerts</h2>\n"
        if !hasFindings {
            body += "<p class=\"ok\">No alerts: every required cell is covered and the fixture mix follows traffic.</p>\n"
        } else {
            body += "<ul>\n"
            for dimension in unknownDimensions {
                body += "<li class=\"bad\">No fixture or traffic value for <code>\(e(dimension))</code>: not one required cell can be filled\(htmlDidYouMean(dimension))</li>\n"
            }
            for dimension in suggestions.keys.sorted(by: codePointOrder) where !unknownDimensions.contains(dimension) {
                body += "<li class=\"bad\">No fixture carries traffic dimension <code>\(e(dimension))</code>\(htmlDidYouMean(dimension))</li>\n"
            }
            for row in alerts {
                body += "<li class=\"bad\"><code>\(e(row.dimension))=\(e(row.value))</code> is \(e(Self.percent(row.trafficShare))) of traffic but \(e(Self.percent(row.fixtureShare))) of fixtures (\(e(fraction(row))); alert below \(e(Self.percent(row.trafficShare / 2))))</li>\n"
            }
            if !gaps.isEmpty {
                let worst = gaps.min { $0.have < $1.have }!
                let cellName = zip(dimensions, worst.values).map { "\($0)=\($1)" }.joined(separator: ", ")
                body += "<li class=\"bad\">\(gaps.count) of \(cells.count) required cells have fewer than \(minPerCell ?? 0) fixture\(minPerCell == 1 ? "" : "s") (e.g. <code>\(e(cellName))</code>: \(worst.have))</li>\n"
            }
            body += "</ul>\n"
        }
        body += "</section>\n"

        body += "<section><h2>Required cells (fixtures have/need)</h2>\n"
        if minPerCell == nil {
            body += "<p>Not checked: no coverage requirement (--require) was given.</p>\n"
        } else if cells.isEmpty {
            body += "<p>No cells: a required dimension has no known value.</p>\n"
        } else {
            body += "<p class=\"caption\">Every combination of the required dimensions' known values (from fixtures and traffic). Red: no fixture; amber: some; green: at least \(minPerCell ?? 0). Outlined cells are gaps.</p>\n"
            body += CoverageCharts.heatMap(self) + "\n"
        }
        body += "</section>\n"

        if !drift.isEmpty {
            body += "<section><h2>Traffic mix versus fixtures</h2>\n"
            var dimensionsInOrder: [String] = []
            for row in drift where !dimensionsInOrder.contains(row.dimension) { dimensionsInOrder.append(row.dimension) }
            for dimension in dimensionsInOrder {
                let divergence = jsDivergence[dimension].flatMap { $0 }.map { ReportNumber.number($0, digits: 3) + " bits" } ?? "n/a (no fixture carries it)"
                body += "<h3><code>\(e(dimension))</code> <span class=\"js\">Jensen–Shannon divergence \(e(divergence)) · shares of the \(denominators[dimension] ?? 0) fixtures that carry it</span></h3>\n"
                body += CoverageCharts.shareBars(drift.filter { $0.dimension == dimension }, labels: drift.map(\.value)) + "\n"
            }
            body += "</section>\n"
        }

        return ReportPage.document(title: "Fixture coverage", maxWidth: 1100, style: """
            .summary { color: #444; }
            .alerts ul { padding-left: 20px; }
            .alerts li.bad { color: #a50026; margin: 4px 0; }
            .alerts .ok { color: #1a7f37; }
            .js { font-weight: normal; color: #555; margin-left: 10px; }
            svg.chart { display: block; font-size: 13px; }
            svg.chart text { fill: #222; }
            svg.chart text.axis { font-weight: 600; font-size: 12px; fill: #555; }
            svg.chart text.count { font-weight: 600; }
            svg.chart text.count.dark { fill: #fff; }
            .caption { color: #555; font-size: 13px; }
            svg.chart text.value { font-size: 12px; fill: #444; }
            svg.chart rect.gap { stroke: #7f0000; stroke-width: 1.5; }
            svg.chart rect.traffic { fill: #4575b4; }
            svg.chart rect.fixtures { fill: #fdae61; }
            svg.chart .alert text.label { fill: #a50026; font-weight: 600; }
            svg.chart .alert rect.fixtures { fill: #d73027; }
            svg.chart line.grid { stroke: #e3e3e3; }
            """, body: body)
    }

    /// " (did you mean <code>language</code>?)", escaped.
    private func htmlDidYouMean(_ dimension: String) -> String {
        suggestions[dimension].map { " (did you mean <code>\(CoverageCharts.escape($0))</code>?)" } ?? ""
    }
}
