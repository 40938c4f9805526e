import FixtureAudio
import SignalFeatures

/// Reads the mic, far-end and AEC output tracks in lock-step, block by
/// block, each mixed down to mono; a reference track that ends early reads
/// as silence, one that runs longer is cut at the mic's end.
final class LockStepTracks {
    let mic: AudioReader
    let far: AudioReader?
    let aec: AudioReader?
    private let blockFrames = 16_384
    private var micBlock: [Float]
    private var farBlock: [Float]
    private var aecBlock: [Float]

    init(micPath: String, farEndPath: String?, aecOutPath: String?) throws {
        let mic = try AudioReader(path: micPath)
        self.mic = mic
        far = try farEndPath.map { try LockStepTracks.open($0, matching: mic.info) }
        aec = try aecOutPath.map { try LockStepTracks.open($0, matching: mic.info) }
        micBlock = [Float](repeating: 0, count: blockFrames)
        farBlock = micBlock
        aecBlock = micBlock
    }

    private static func open(_ path: String, matching info: AudioInfo) throws -> AudioReader {
        let reader = try AudioReader(path: path)
        guard reader.info.sampleRate == info.sampleRate else {
            throw InputFileError(path: path, reason: "sample rate \(reader.info.sampleRate) Hz differs from the mic's \(info.sampleRate) Hz; resample it to the mic's rate")
        }
        return reader
    }

    func close() {
        mic.close()
        far?.close()
        aec?.close()
    }

    /// One pass over the tracks (a reader only moves forward: open the
    /// tracks again for a second pass).
    func forEachBlock(_ body: (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>?, UnsafeBufferPointer<Float>?) throws -> Void) throws {
        while true {
            let got = try micBlock.withUnsafeMutableBufferPointer { try mic.readMono(into: $0) }
            if got == 0 { break }
            if let far { try fill(&farBlock, from: far, count: got) }
            if let aec { try fill(&aecBlock, from: aec, count: got) }
            try micBlock.withUnsafeBufferPointer { m in
                try farBlock.withUnsafeBufferPointer { f in
                    try aecBlock.withUnsafeBufferPointer { a in
                        try body(UnsafeBufferPointer(rebasing: m[0..<got]),
                                 far == nil ? nil : UnsafeBufferPointer(rebasing: f[0..<got]),
                                 aec == nil ? nil : UnsafeBufferPointer(rebasing: a[0..<got]))
                    }
                }
            }
        }
    }

    private func fill(_ block: inout [Float], from reader: AudioReader, count: Int) throws {
        var filled = 0
        try block.withUnsafeMutableBufferPointer { buffer in
            while filled < count {
                let got = try reader.readMono(into: UnsafeMutableBufferPointer(rebasing: buffer[filled..<count]))
                if got == 0 { break }
                filled += got
            }
            for k in filled..<count { buffer[k] = 0 }
        }
    }
}
