/// Text made safe for XML/XHTML/SVG element content and attribute values:
/// every transcript, slice value and file name in a JUnit report or an HTML
/// page passes through here.
public enum XMLText {
    /// Escapes markup characters and line breaks (as character references,
    /// so attribute values keep them); characters XML 1.0 cannot hold at all
    /// (most C0 controls, U+FFFE/U+FFFF) become U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case "\r": out += "&#13;"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
