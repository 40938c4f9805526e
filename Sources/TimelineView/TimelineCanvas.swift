import FileFormats
/// Page geometry shared by the envelope reader and the renderer: the
/// envelope has one column per pixel of the plot.
public enum TimelineLayout {
    /// Width of the label gutter left of the plot.
    public static let gutter = 150.0
    /// Pixels of the time axis; also the envelope's column count.
    public static let plotWidth = 760
    /// Space right of the plot.
    public static let margin = 16.0
    /// Approximate advance of one character of the 11 px monospace font,
    /// used to keep hypothesis text inside the plot.
    public static let characterWidth = 6.7
    public static var width: Double { gutter + Double(plotWidth) + margin }
}

/// An SVG drawing built top to bottom: each lane takes the next rows.
/// Every text and attribute goes through `Markup.escape`.
struct TimelineCanvas {
    let durationMs: Double
    private(set) var body = ""
    /// The top of the next lane.
    var y = 0.0

    init(durationMs: Double) {
        self.durationMs = durationMs
    }

    var plotLeft: Double { TimelineLayout.gutter }
    var plotRight: Double { TimelineLayout.gutter + Double(TimelineLayout.plotWidth) }

    /// The x coordinate of a time on the shared axis.
    func x(_ ms: Double) -> Double {
        plotLeft + max(0, min(ms, durationMs)) / durationMs * Double(TimelineLayout.plotWidth)
    }

    /// `<title>` child: the hover text of a shape.
    private func tooltip(_ title: String?) -> String {
        title.map { "<title>\(Markup.escape($0))</title>" } ?? ""
    }

    private func element(_ name: String, _ attributes: String, title: String?) -> String {
        if let title { return "<\(name) \(attributes)>\(tooltip(title))</\(name)>" }
        return "<\(name) \(attributes)/>"
    }

    mutating func append(_ raw: String) { body += raw + "\n" }

    mutating func rect(x0: Double, x1: Double, y: Double, height: Double, cls: String, title: String? = nil) {
        let width = max(x1 - x0, 1)
        append(element("rect", "x=\"\(Markup.coordinate(x0))\" y=\"\(Markup.coordinate(y))\" width=\"\(Markup.coordinate(width))\" height=\"\(Markup.coordinate(height))\" class=\"\(cls)\"", title: title))
    }

    /// A bar spanning `[startMs, endMs)` on the axis.
    mutating func span(_ startMs: Double, _ endMs: Double, y: Double, height: Double, cls: String, title: String? = nil) {
        rect(x0: x(startMs), x1: x(endMs), y: y, height: height, cls: cls, title: title)
    }

    mutating func line(x0: Double, y0: Double, x1: Double, y1: Double, cls: String, title: String? = nil) {
        append(element("line", "x1=\"\(Markup.coordinate(x0))\" y1=\"\(Markup.coordinate(y0))\" x2=\"\(Markup.coordinate(x1))\" y2=\"\(Markup.coordinate(y1))\" class=\"\(cls)\"", title: title))
    }

    mutating func polygon(_ points: [(Double, Double)], cls: String, title: String? = nil) {
        let list = points.map { "\(Markup.coordinate($0.0)),\(Markup.coordinate($0.1))" }.joined(separator: " ")
        append(element("polygon", "points=\"\(list)\" class=\"\(cls)\"", title: title))
    }

    mutating func path(_ d: String, cls: String, title: String? = nil) {
        append(element("path", "d=\"\(d)\" class=\"\(cls)\"", title: title))
    }

    /// Text whose content is already markup (tspans); `anchor` is `start`,
    /// `middle` or `end`.
    mutating func markupText(_ markup: String, x: Double, y: Double, cls: String, anchor: String = "start", title: String? = nil) {
        append("<text x=\"\(Markup.coordinate(x))\" y=\"\(Markup.coordinate(y))\" class=\"\(cls)\" text-anchor=\"\(anchor)\">\(tooltip(title))\(markup)</text>")
    }

    mutating func text(_ text: String, x: Double, y: Double, cls: String, anchor: String = "start", title: String? = nil) {
        markupText(Markup.escape(text), x: x, y: y, cls: cls, anchor: anchor, title: title)
    }

    /// A row label in the gutter, right-aligned against the plot.
    mutating func label(_ text: String, y: Double, cls: String = "lane-label", title: String? = nil) {
        self.text(text, x: plotLeft - 8, y: y, cls: cls, anchor: "end", title: title)
    }

    /// An arrow from `x0` to `x1` at height `y`, head at `x1`. Drawn as a
    /// line and a triangle: no SVG markers, which need `url(#…)` references.
    mutating func arrow(x0: Double, x1: Double, y: Double, cls: String, title: String? = nil) {
        line(x0: x0, y0: y, x1: x1, y1: y, cls: cls, title: title)
        let direction = x1 >= x0 ? 1.0 : -1.0
        polygon([(x1, y), (x1 - 6 * direction, y - 3.5), (x1 - 6 * direction, y + 3.5)], cls: cls + "-head")
    }

    /// Where a label for an instant at `x` goes: right of it, or left of
    /// it (anchored at its end) when it would overflow the drawing.
    func labelPosition(x: Double, width: Double) -> (x: Double, anchor: String) {
        x + 3 + width <= TimelineLayout.width - 2 ? (x + 3, "start") : (x - 3, "end")
    }

    /// A text's estimated width in the 11 px monospace font.
    static func width(of text: String) -> Double {
        Double(text.count) * TimelineLayout.characterWidth
    }
}
