import FileFormats
import Foundation
import Traces

/// A request log that could not be read. Names the file and the 1-based
/// line; never quotes the line, which may hold a transcript or a user id.
public struct RequestLogError: Error, Equatable, CustomStringConvertible, Sendable {
    public var path: String
    /// The line at fault; nil when the file itself could not be read.
    public var line: Int?
    public var reason: String

    public init(path: String, line: Int?, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        line.map { "\(path): line \($0): \(reason)" } ?? "\(path): \(reason)"
    }
}

/// Streams a JSON Lines request log record by record, so a day of traffic
/// never has to fit in memory as text.
public enum RequestLog {
    /// Calls `body` with each record of the log at `path`; blank lines are
    /// skipped. Stops at the first broken line, unless `onBadLine` is given:
    /// then each broken line's error goes there (it may record or rethrow)
    /// and reading goes on — never silently.
    public static func forEachRecord(path: String, onBadLine: ((RequestLogError) throws -> Void)? = nil,
                                     _ body: (RequestRecord) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw RequestLogError(path: path, line: nil,
                                  reason: !exists ? "no such file" : isDirectory.boolValue ? "is a directory" : "cannot open")
        }
        defer { try? handle.close() }
        var pending = Data()
        var lineNumber = 0
        func consume(_ line: Data) throws {
            lineNumber += 1
            let parsed: RequestRecord?
            do {
                parsed = try record(line, path: path, lineNumber: lineNumber)
            } catch let error as RequestLogError where onBadLine != nil {
                try onBadLine!(error)
                return
            }
            if let parsed { try body(parsed) }
        }
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 16) ?? Data()
            } catch {
                throw RequestLogError(path: path, line: nil, reason: "read failed")
            }
            if chunk.isEmpty { break }
            pending.append(chunk)
            // Cut whole lines out by index and drop them once per chunk, so
            // the buffer is not copied once per line.
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try consume(pending[start..<newline])
                start = newline + 1
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty { try consume(pending) }
    }

    /// Parses one line. Only the column of a syntax error is kept: the
    /// parser's own reason may quote a key, and keys are private too.
    static func record(_ line: Data, path: String, lineNumber: Int) throws -> RequestRecord? {
        let text = line.last == 0x0D ? line.dropLast() : line
        if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        let json: JSONValue
        do {
            json = try JSONValue.parse(data: Data(text))
        } catch let error as JSONSyntaxError {
            throw RequestLogError(path: path, line: lineNumber, reason: "not valid JSON (column \(error.column))")
        }
        do {
            return try RequestRecord(json: json)
        } catch let refusal as RequestRecord.Refusal {
            throw RequestLogError(path: path, line: lineNumber, reason: refusal.reason)
        }
    }
}
