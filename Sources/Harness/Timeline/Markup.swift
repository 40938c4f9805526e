import Foundation
import StreamingMetrics
import Traces

/// Text made safe for XHTML/SVG content and attribute values: every
/// transcript, request text and file name passes through here.
enum Markup {
    static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// A coordinate with one decimal: enough for a screen, small on disk.
    static func coordinate(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// Milliseconds as a person reads them: `350 ms`, `12.5 ms`.
    static func milliseconds(_ ms: Double) -> String {
        JSONValue.format(number: (ms * 10).rounded() / 10) + " ms"
    }

    /// A metric value as the table shows it; an em dash when absent.
    static func metric(_ value: MetricValue?) -> String {
        switch value {
        case .number(let n)?: JSONValue.format(number: n)
        case .string(let s)?: s
        case .null?: "null"
        case nil: "—"
        }
    }
}
