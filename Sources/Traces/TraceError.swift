import FileFormats

/// Why a trace file was refused: the file, the 1-based line (0 when the
/// problem is the file as a whole) and what is wrong, so an engineer can
/// open the line and fix it.
public typealias TraceError = Problem
