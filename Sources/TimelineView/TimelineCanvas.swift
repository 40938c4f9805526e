import FileFormats
import Foundation

/// Page geometry shared by the envelope reader and the renderer: the
/// envelope has one column per unit of the plot. The drawing is laid out in
/// these units and scales to the window through its `viewBox`.
public enum TimelineLayout {
    /// Width of the label gutter left of the plot.
    public static let gutter = 180.0
    /// Units of the time axis; also the envelope's column count.
    public static let plotWidth = 880
    /// Space right of the plot.
    public static let margin = 20.0
    /// Advance of one character of the 11 px monospace font (DejaVu Sans
    /// Mono is 0.602 em; rounded up). Every text is drawn with this advance
    /// (`textLength`), so the layout's boxes are the browser's boxes.
    public static let characterWidth = 6.7
    public static var width: Double { gutter + Double(plotWidth) + margin }

    /// Advance of one character at `fontSize` px.
    static func advance(fontSize: Double) -> Double { fontSize * characterWidth / 11 }
}

/// A rectangle in drawing units (y grows downwards).
struct LayoutBox: Equatable {
    var x0: Double, y0: Double, x1: Double, y1: Double
    var area: Double { max(0, x1 - x0) * max(0, y1 - y0) }

    /// Area shared with `other`.
    func overlap(_ other: LayoutBox) -> Double {
        let w = min(x1, other.x1) - max(x0, other.x0)
        let h = min(y1, other.y1) - max(y0, other.y0)
        return w > 0 && h > 0 ? w * h : 0
    }
}

/// A time window of the drawing: `[startMs, endMs]` spans the plot.
public struct TimeAxis: Equatable, Sendable {
    public var startMs: Double
    public var endMs: Double
    public init(startMs: Double, endMs: Double) {
        self.startMs = startMs
        self.endMs = max(endMs, startMs + 1)
    }
    public var spanMs: Double { endMs - startMs }
}

/// An SVG drawing built top to bottom: each lane takes the next rows.
/// Every text and attribute goes through `Markup.escape`; every text's box
/// is recorded, and labels are placed by `place`, which only puts a label
/// where it collides with no earlier text or marker and stays inside the
/// drawing.
struct TimelineCanvas {
    /// The window the plot shows now (sections may zoom).
    var axis: TimeAxis
    private(set) var body = ""
    /// Drawn under everything else (grid lines of the axes).
    private(set) var background = ""
    /// The top of the next lane.
    var y = 0.0
    /// Boxes labels must not cover: every text, and markers that asked.
    private(set) var occupied: [LayoutBox] = []
    /// Every text's box (what the browser check measures).
    private(set) var textBoxes: [LayoutBox] = []

    init(durationMs: Double) {
        axis = TimeAxis(startMs: 0, endMs: durationMs)
    }

    init(axis: TimeAxis) {
        self.axis = axis
    }

    var plotLeft: Double { TimelineLayout.gutter }
    var plotRight: Double { TimelineLayout.gutter + Double(TimelineLayout.plotWidth) }
    var drawingRight: Double { TimelineLayout.width }

    /// The x coordinate of a time on the current axis (clamped to the plot).
    func x(_ ms: Double) -> Double {
        plotLeft + max(0, min(ms - axis.startMs, axis.spanMs)) / axis.spanMs * Double(TimelineLayout.plotWidth)
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
    mutating func appendBackground(_ raw: String) { background += raw + "\n" }

    /// Keeps labels off a marker (a diamond, a flag).
    mutating func reserve(_ box: LayoutBox) { occupied.append(box) }

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

    mutating func backgroundLine(x0: Double, y0: Double, x1: Double, y1: Double, cls: String) {
        appendBackground("<line x1=\"\(Markup.coordinate(x0))\" y1=\"\(Markup.coordinate(y0))\" x2=\"\(Markup.coordinate(x1))\" y2=\"\(Markup.coordinate(y1))\" class=\"\(cls)\"/>")
    }

    mutating func polygon(_ points: [(Double, Double)], cls: String, title: String? = nil) {
        let list = points.map { "\(Markup.coordinate($0.0)),\(Markup.coordinate($0.1))" }.joined(separator: " ")
        append(element("polygon", "points=\"\(list)\" class=\"\(cls)\"", title: title))
    }

    mutating func path(_ d: String, cls: String, title: String? = nil) {
        append(element("path", "d=\"\(d)\" class=\"\(cls)\"", title: title))
    }

    // MARK: - Text

    /// Font size (px) of a text class, as the stylesheet sets it.
    static func fontSize(_ cls: String) -> Double {
        let classes = cls.split(separator: " ")
        if classes.contains("section") { return 12 }
        if classes.contains("mark-label") { return 9 }
        let ten: Set<Substring> = ["tick", "lane-note", "band-text", "stable-mark", "final-mark", "byte-mark",
                                   "underrun-text", "barge-ok-text", "barge-missed-text", "rag-text", "overview-text", "cancel-text", "entity-verdict"]
        return classes.contains(where: ten.contains) ? 10 : 11
    }

    /// A text's width at the font size of `cls`.
    static func width(of text: String, cls: String = "") -> Double {
        Double(text.count) * TimelineLayout.advance(fontSize: fontSize(cls))
    }

    /// Legacy name kept for the 11 px font.
    static func width(of text: String) -> Double { width(of: text, cls: "") }

    /// The box of a text drawn at `x`, `y` (baseline) with `anchor`.
    static func box(x: Double, y: Double, width: Double, fontSize: Double, anchor: String) -> LayoutBox {
        let left = anchor == "end" ? x - width : anchor == "middle" ? x - width / 2 : x
        // DejaVu's ascent and descent (0.928 and 0.236 em), with a pixel to spare.
        return LayoutBox(x0: left, y0: y - 0.95 * fontSize, x1: left + width, y1: y + 0.26 * fontSize)
    }

    /// Text whose content is already markup (tspans) and shows `characters`
    /// characters; `anchor` is `start`, `middle` or `end`. Drawn at exactly
    /// the layout's width, so the box recorded is the box drawn.
    mutating func markupText(_ markup: String, characters: Int, x: Double, y: Double, cls: String, anchor: String = "start", title: String? = nil) {
        let size = Self.fontSize(cls)
        let width = Double(characters) * TimelineLayout.advance(fontSize: size)
        var box = Self.box(x: x, y: y, width: width, fontSize: size, anchor: anchor)
        // Never outside the drawing: shift back in.
        var x = x
        if box.x0 < 1 { x += 1 - box.x0; box.x1 += 1 - box.x0; box.x0 = 1 }
        if box.x1 > drawingRight - 1 { let d = box.x1 - (drawingRight - 1); x -= d; box.x0 -= d; box.x1 -= d }
        textBoxes.append(box)
        occupied.append(box)
        let length = characters > 0 ? " textLength=\"\(Markup.coordinate(width))\" lengthAdjust=\"spacingAndGlyphs\"" : ""
        append("<text x=\"\(Markup.coordinate(x))\" y=\"\(Markup.coordinate(y))\" class=\"\(cls)\" text-anchor=\"\(anchor)\"\(length)>\(tooltip(title))\(markup)</text>")
    }

    mutating func text(_ text: String, x: Double, y: Double, cls: String, anchor: String = "start", title: String? = nil) {
        markupText(Markup.escape(text), characters: text.count, x: x, y: y, cls: cls, anchor: anchor, title: title)
    }

    /// A row label in the gutter, right-aligned against the plot; cut to
    /// the gutter (the whole label stays as hover text).
    mutating func label(_ text: String, y: Double, cls: String = "lane-label", title: String? = nil) {
        let room = Int((plotLeft - 12) / TimelineLayout.advance(fontSize: Self.fontSize(cls)))
        let shown = Self.truncated(text, to: room)
        self.text(shown, x: plotLeft - 8, y: y, cls: cls, anchor: "end", title: title ?? (shown == text ? nil : text))
    }

    static func truncated(_ text: String, to limit: Int) -> String {
        guard limit > 0 else { return "" }
        return text.count <= limit ? text : String(text.prefix(max(0, limit - 1))) + "…"
    }

    /// Whether a text box is free: inside the drawing and over no earlier
    /// text or reserved marker, with `padding` to spare on either side so
    /// neighbours never read as one.
    func isFree(_ box: LayoutBox, padding: Double = 6) -> Bool {
        guard box.x0 >= 1, box.x1 <= drawingRight - 1, box.y0 >= 0 else { return false }
        let padded = LayoutBox(x0: box.x0 - padding, y0: box.y0, x1: box.x1 + padding, y1: box.y1)
        for other in occupied.reversed() where other.y1 > box.y0 && other.y0 < box.y1 {
            if padded.overlap(other) > 0 { return false }
        }
        return true
    }

    /// A label for something at `x`: tried right of it, then left of it, on
    /// each baseline of `rows` in turn; drawn at the first free place
    /// inside `within` (default: the plot and the margin right of it).
    /// Returns the index of the row used, or nil (and draws nothing) when
    /// every place is taken: the caller collapses it into a count.
    @discardableResult
    mutating func place(_ text: String, near x: Double, rows: [Double], cls: String, gap: Double = 3, title: String? = nil,
                        within: ClosedRange<Double>? = nil) -> Int? {
        let size = Self.fontSize(cls)
        let width = Self.width(of: text, cls: cls)
        let range = within ?? (plotLeft...(drawingRight - 1))
        for (index, row) in rows.enumerated() {
            let candidates: [(Double, String)] = [(x + gap, "start"), (x - gap, "end")]
            for (cx, anchor) in candidates {
                let box = Self.box(x: cx, y: row, width: width, fontSize: size, anchor: anchor)
                guard box.x0 >= range.lowerBound, box.x1 <= range.upperBound, isFree(box) else { continue }
                self.text(text, x: cx, y: row, cls: cls, anchor: anchor, title: title)
                return index
            }
        }
        return nil
    }

    /// How many characters of the font of `cls` fit right of `x` (after
    /// `gap`) and left of it, inside the plot.
    func room(at x: Double, cls: String, gap: Double) -> (right: Int, left: Int) {
        let advance = TimelineLayout.advance(fontSize: Self.fontSize(cls))
        return (Int(max(0, plotRight - (x + gap)) / advance), Int(max(0, (x - gap) - plotLeft) / advance))
    }

    /// An arrow from `x0` to `x1` at height `y`, head at `x1`. Drawn as a
    /// line and a triangle: no SVG markers, which need `url(#…)` references.
    mutating func arrow(x0: Double, x1: Double, y: Double, cls: String, title: String? = nil) {
        line(x0: x0, y0: y, x1: x1, y1: y, cls: cls, title: title)
        let direction = x1 >= x0 ? 1.0 : -1.0
        polygon([(x1, y), (x1 - 6 * direction, y - 3.5), (x1 - 6 * direction, y + 3.5)], cls: cls + "-head")
    }
}
