import FileFormats
import Foundation

/// One JSON object of a JSON Lines trace, with the line it came from and
/// typed accessors whose errors name the file, line and field.
struct TraceLine {
    let file: String
    let number: Int
    let object: [String: JSONValue]
    /// `t_ms`, already checked to be a finite number.
    let tMs: Double

    /// The line's extension fields (`x_…`), kept on the event.
    var extensions: [String: JSONValue] { object.filter { TraceSchema.isExtensionField($0.key) } }

    func error(_ reason: String) -> TraceError {
        TraceError(file: file, line: number, reason: reason)
    }

    /// A required string field.
    func string(_ key: String) throws -> String {
        guard let value = object[key] else { throw error("missing \"\(key)\"") }
        guard let s = value.stringValue else { throw error("\"\(key)\" must be a string") }
        return s
    }

    /// An optional string field; absent or null is nil.
    func optionalString(_ key: String) throws -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let s = value.stringValue else { throw error("\"\(key)\" must be a string") }
        return s
    }

    /// An optional number field; absent or null is nil.
    func optionalNumber(_ key: String) throws -> Double? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let n = value.numberValue else { throw error("\"\(key)\" must be a number") }
        return n
    }

    /// An optional non-negative whole number (`utt`, `req`, `samples`).
    func optionalIndex(_ key: String) throws -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let n = value.intValue, n >= 0 else { throw error("\"\(key)\" must be a non-negative whole number") }
        return n
    }

    /// An optional fraction in 0...1 (`stability`, `confidence`).
    func optionalUnit(_ key: String) throws -> Double? {
        guard let n = try optionalNumber(key) else { return nil }
        if let reason = unitIntervalReason("\"\(key)\"", n) { throw error(reason) }
        return n
    }
}

/// Splits a JSON Lines trace into checked objects: every non-blank line is
/// one JSON object with a finite, non-negative `t_ms` that never goes
/// backwards (docs/formats.md). Blank lines are skipped but still counted, so line
/// numbers match an editor.
enum TraceLines {
    static func read(path: String, file: String) throws -> [TraceLine] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TraceError(file: file, line: 0, reason: "cannot read the file")
        }
        return try split(data: data, file: file)
    }

    static func split(data: Data, file: String) throws -> [TraceLine] {
        var lines: [TraceLine] = []
        var previous: Double?
        let rows = [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: false)
        for (index, row) in rows.enumerated() {
            let bytes = row.last == 0x0D ? row.dropLast() : row
            if let line = try parse(bytes, number: index + 1, file: file, previous: &previous) {
                lines.append(line)
            }
        }
        return lines
    }

    private static func parse(_ bytes: ArraySlice<UInt8>, number: Int, file: String, previous: inout Double?) throws -> TraceLine? {
        func fail(_ reason: String) -> TraceError { TraceError(file: file, line: number, reason: reason) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fail("not valid UTF-8") }
        if text.allSatisfy(\.isWhitespace) { return nil }
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch let syntax as JSONSyntaxError {
            // JSON has no NaN or Infinity; say so rather than "unexpected character".
            if text.contains("NaN") || text.contains("Infinity") {
                throw fail("NaN and Infinity are not numbers in JSON (\(syntax))")
            }
            throw fail("\(syntax)")
        }
        guard let object = value.objectValue else { throw fail("expected a JSON object") }
        guard let t = object["t_ms"] else { throw fail("missing \"t_ms\"") }
        guard let tMs = t.numberValue else { throw fail("\"t_ms\" must be a number") }
        guard tMs >= 0 else { throw fail("\"t_ms\" is negative (\(JSONValue.format(number: tMs)))") }
        if let previous, tMs < previous {
            throw fail("time goes backwards: t_ms \(JSONValue.format(number: tMs)) after \(JSONValue.format(number: previous))")
        }
        previous = tMs
        return TraceLine(file: file, number: number, object: object, tMs: tMs)
    }
}
