import Foundation

/// Text made safe for XHTML/SVG content and attribute values: every
/// transcript, request text and file name passes through here.
public enum Markup {
    public static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// A coordinate with one decimal: enough for a screen, small on disk.
    public static func coordinate(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// Milliseconds as a person reads them: `350 ms`, `12.5 ms`.
    public static func milliseconds(_ ms: Double) -> String {
        JSONValue.format(number: (ms * 10).rounded() / 10) + " ms"
    }
}
