import FileFormats
import Foundation
import StreamingMetrics

/// Inline SVG charts for the coverage page. Markup is XHTML-compatible (it
/// parses as XML) and needs nothing from the network.
enum CoverageCharts {
    /// Text escaped for XML element content and attribute values.
    static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// Rough text width for layout; SVG cannot measure text before render.
    static func textWidth(_ text: String, fontSize: Double = 13) -> Double {
        Double(text.count) * fontSize * 0.6
    }

    static func number(_ x: Double) -> String { ReportNumber.number(x, digits: 1) }

    /// have/need → red (none) through amber to green (enough), so a reader
    /// sees the holes before reading a number.
    static func fill(have: Int, need: Int) -> String {
        let ratio = min(1, Double(have) / Double(max(1, need)))
        let stops: [(Double, (Double, Double, Double))] = [
            (0, (215, 48, 39)), (0.5, (254, 224, 139)), (0.999, (217, 239, 139)), (1, (26, 152, 80)),
        ]
        var lower = stops[0], upper = stops[stops.count - 1]
        for (a, b) in zip(stops, stops.dropFirst()) where ratio >= a.0 && ratio <= b.0 {
            lower = a; upper = b; break
        }
        let t = upper.0 > lower.0 ? (ratio - lower.0) / (upper.0 - lower.0) : 0
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(lower.1.0, upper.1.0), mix(lower.1.1, upper.1.1), mix(lower.1.2, upper.1.2))
    }

    /// Required cells as a grid: rows are the combinations of all but the
    /// last dimension, columns the values of the last; each cell shows
    /// have/need on a red-to-green fill.
    static func heatMap(_ report: CoverageReport) -> String {
        let dims = report.dimensions
        guard !report.cells.isEmpty else { return "" }
        var columns: [String] = []
        var rows: [[String]] = []
        for cell in report.cells {
            let column = cell.values.last!, row = Array(cell.values.dropLast())
            if !columns.contains(column) { columns.append(column) }
            if !rows.contains(row) { rows.append(row) }
        }
        let lookup = Dictionary(report.cells.map { ($0.values, $0) }, uniquingKeysWith: { a, _ in a })
        let rowLabel: ([String]) -> String = { $0.isEmpty ? "all fixtures" : $0.joined(separator: " · ") }
        let rowHeader = dims.count > 1 ? dims.dropLast().joined(separator: " · ") : ""
        let labelWidth = max(110, (rows.map { textWidth(rowLabel($0)) } + [textWidth(rowHeader, fontSize: 12)]).max()! + 20)
        let cellWidth = max(72, columns.map { textWidth($0) }.max()! + 16)
        let cellHeight = 34.0, top = 52.0
        let width = labelWidth + cellWidth * Double(columns.count) + 10
        let height = top + cellHeight * Double(rows.count) + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        svg += "<title>\(escape("Fixtures per required cell (have/need)"))</title>"
        svg += "<text x=\"\(labelWidth + cellWidth * Double(columns.count) / 2)\" y=\"16\" class=\"axis\" text-anchor=\"middle\">\(escape(dims.last!))</text>"
        if !rowHeader.isEmpty {
            svg += "<text x=\"\(labelWidth - 10)\" y=\"\(top - 8)\" class=\"axis\" text-anchor=\"end\">\(escape(rowHeader))</text>"
        }
        for (c, column) in columns.enumerated() {
            svg += "<text x=\(q(labelWidth + cellWidth * (Double(c) + 0.5))) y=\(q(top - 8)) text-anchor=\"middle\">\(escape(column))</text>"
        }
        for (r, row) in rows.enumerated() {
            let y = top + cellHeight * Double(r)
            svg += "<text x=\(q(labelWidth - 10)) y=\(q(y + cellHeight / 2 + 4)) text-anchor=\"end\">\(escape(rowLabel(row)))</text>"
            for (c, column) in columns.enumerated() {
                guard let cell = lookup[row + [column]] else { continue }
                let x = labelWidth + cellWidth * Double(c)
                svg += "<g><title>\(escape((row + [column]).joined(separator: " · ") + ": \(cell.have) of \(cell.need) fixtures"))</title>"
                svg += "<rect x=\(q(x + 1)) y=\(q(y + 1)) width=\(q(cellWidth - 2)) height=\(q(cellHeight - 2)) rx=\"3\" fill=\"\(fill(have: cell.have, need: cell.need))\"\(cell.isGap ? " class=\"gap\"" : "")/>"
                let countClass = Double(cell.have) < Double(cell.need) * 0.3 ? "count dark" : "count"
                svg += "<text x=\(q(x + cellWidth / 2)) y=\(q(y + cellHeight / 2 + 4)) text-anchor=\"middle\" class=\"\(countClass)\">\(cell.have)/\(cell.need)</text></g>"
            }
        }
        return svg + "</svg>"
    }

    /// Traffic share and fixture share side by side for each value of one
    /// dimension, on a 0–100 % scale; alert rows are marked in red.
    /// `labels` are every value shown on the page, so charts of different
    /// dimensions share one label column and their bars line up.
    static func shareBars(_ rows: [CoverageReport.Drift], labels: [String]) -> String {
        let labelWidth = max(90, labels.map { textWidth($0) }.max() ?? 0) + 30
        let barWidth = 420.0, rowHeight = 44.0, top = 28.0
        let width = labelWidth + barWidth + 150, height = top + rowHeight * Double(rows.count) + 22
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        svg += "<title>Traffic share versus fixture share</title>"
        svg += "<rect x=\(q(labelWidth)) y=\"6\" width=\"12\" height=\"12\" class=\"traffic\"/><text x=\(q(labelWidth + 18)) y=\"16\">traffic</text>"
        svg += "<rect x=\(q(labelWidth + 90)) y=\"6\" width=\"12\" height=\"12\" class=\"fixtures\"/><text x=\(q(labelWidth + 108)) y=\"16\">fixtures</text>"
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let x = labelWidth + barWidth * tick
            svg += "<line x1=\(q(x)) y1=\(q(top - 2)) x2=\(q(x)) y2=\(q(height - 18)) class=\"grid\"/>"
            svg += "<text x=\(q(x)) y=\(q(height - 5)) text-anchor=\"middle\" class=\"value\">\(Int(tick * 100)) %</text>"
        }
        for (i, row) in rows.enumerated() {
            let y = top + rowHeight * Double(i)
            let trafficWidth = barWidth * row.trafficShare, fixtureWidth = barWidth * (row.fixtureShare ?? 0)
            svg += "<g\(row.alert ? " class=\"alert\"" : "")><title>\(escape("\(row.dimension) = \(row.value): traffic \(CoverageReport.percent(row.trafficShare)), fixtures \(CoverageReport.percent(row.fixtureShare))"))</title>"
            svg += "<text x=\(q(labelWidth - 10)) y=\(q(y + rowHeight / 2 + 3)) text-anchor=\"end\" class=\"label\">\(row.alert ? "⚠ " : "")\(escape(row.value))</text>"
            svg += "<rect x=\(q(labelWidth)) y=\(q(y + 4)) width=\(q(trafficWidth)) height=\"16\" class=\"traffic\"/>"
            svg += "<text x=\(q(labelWidth + trafficWidth + 6)) y=\(q(y + 16)) class=\"value\">\(escape(CoverageReport.percent(row.trafficShare)))</text>"
            svg += "<rect x=\(q(labelWidth)) y=\(q(y + 22)) width=\(q(fixtureWidth)) height=\"16\" class=\"fixtures\"/>"
            svg += "<text x=\(q(labelWidth + fixtureWidth + 6)) y=\(q(y + 34)) class=\"value\">\(escape(CoverageReport.percent(row.fixtureShare)))</text></g>"
        }
        return svg + "</svg>"
    }

    /// A quoted SVG coordinate.
    private static func q(_ x: Double) -> String { "\"\(number(x))\"" }
}
