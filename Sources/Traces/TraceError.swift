/// Why a trace file was refused: the file, the 1-based line (0 when the
/// problem is the file as a whole) and what is wrong, so an engineer can
/// open the line and fix it.
public struct TraceError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The trace file as the fixture names it.
    public var file: String
    /// 1-based line number; 0 for a whole-file problem (unreadable).
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)"
    }
}
