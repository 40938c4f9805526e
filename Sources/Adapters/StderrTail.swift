/// The last lines a process wrote on stderr, kept in bounded memory however
/// much it writes (pocketsphinx alone logs kilobytes per utterance).
struct StderrTail {
    let maxLines: Int
    let maxLineBytes: Int
    private var lines: [String] = []
    private var partial: [UInt8] = []

    init(maxLines: Int = 20, maxLineBytes: Int = 400) {
        self.maxLines = maxLines
        self.maxLineBytes = maxLineBytes
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes {
            if byte == 0x0A {
                push(partial)
                partial.removeAll(keepingCapacity: true)
            } else if partial.count < maxLineBytes {
                partial.append(byte)
            }
        }
    }

    private mutating func push(_ bytes: [UInt8]) {
        var line = String(decoding: bytes, as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        lines.append(line)
        if lines.count > maxLines { lines.removeFirst(lines.count - maxLines) }
    }

    /// The tail, including an unterminated last line.
    var snapshot: [String] {
        var out = lines
        if !partial.isEmpty {
            out.append(String(decoding: partial, as: UTF8.self))
            if out.count > maxLines { out.removeFirst(out.count - maxLines) }
        }
        return out
    }
}
