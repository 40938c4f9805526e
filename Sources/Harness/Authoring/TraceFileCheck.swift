import Foundation
import Traces

/// The shallow check `add` applies to a trace before copying it in: JSON
/// Lines of objects with a numeric, non-negative, non-decreasing `t_ms`.
///
/// Deliberately one function: when the full SPEC §2 decoder is in, it
/// replaces this body so `add` refuses exactly what the runner would.
public enum TraceFileCheck {
    /// Throws `.trace` naming the file and 1-based line at fault.
    public static func validate(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuthoringRefusal(.trace, "\(path): cannot read trace (missing or not a file)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AuthoringRefusal(.trace, "\(path): not valid UTF-8")
        }
        var previous = -Double.infinity
        var events = 0
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let body = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if body.allSatisfy(\.isWhitespace) { continue }
            let event: JSONValue
            do {
                event = try JSONValue.parse(body)
            } catch {
                throw AuthoringRefusal(.trace, "\(path):\(line): \(error)")
            }
            guard event.objectValue != nil else {
                throw AuthoringRefusal(.trace, "\(path):\(line): an event must be a JSON object")
            }
            guard let t = event["t_ms"]?.numberValue else {
                throw AuthoringRefusal(.trace, "\(path):\(line): missing numeric t_ms")
            }
            guard t >= 0 else {
                throw AuthoringRefusal(.trace, "\(path):\(line): t_ms \(JSONValue.format(number: t)) is negative")
            }
            guard t >= previous else {
                throw AuthoringRefusal(.trace, "\(path):\(line): t_ms \(JSONValue.format(number: t)) goes backwards (previous \(JSONValue.format(number: previous)))")
            }
            previous = t
            events += 1
        }
        guard events > 0 else {
            throw AuthoringRefusal(.trace, "\(path): holds no events")
        }
    }
}
