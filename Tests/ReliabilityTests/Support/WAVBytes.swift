import Foundation

/// Hand-built RIFF/WAVE bytes, so each header field can lie on purpose.
struct WAVBytes {
    var formatTag: UInt16 = 1            // 1 PCM, 3 IEEE float
    var channels: UInt16 = 1
    var sampleRate: UInt32 = 16_000
    var bitsPerSample: UInt16 = 16
    /// The `data` chunk's size field; nil means the true payload size.
    var claimedDataSize: UInt32?
    /// The RIFF size field; nil means the true size.
    var claimedRIFFSize: UInt32?
    var payload = Data(count: 3_200)     // 100 ms of 16 kHz PCM16 silence

    var data: Data {
        let blockAlign = UInt16(truncatingIfNeeded: Int(channels) * Int(bitsPerSample) / 8)
        var fmt = Data()
        fmt.append(le: formatTag)
        fmt.append(le: channels)
        fmt.append(le: sampleRate)
        fmt.append(le: sampleRate &* UInt32(blockAlign))
        fmt.append(le: blockAlign)
        fmt.append(le: bitsPerSample)
        var body = Data("WAVE".utf8)
        body.append(contentsOf: Array("fmt ".utf8))
        body.append(le: UInt32(fmt.count))
        body.append(fmt)
        body.append(contentsOf: Array("data".utf8))
        body.append(le: claimedDataSize ?? UInt32(payload.count))
        body.append(payload)
        var file = Data("RIFF".utf8)
        file.append(le: claimedRIFFSize ?? UInt32(body.count))
        file.append(body)
        return file
    }

    /// A float WAV whose samples are `samples`.
    static func float32(_ samples: [Float], sampleRate: UInt32 = 16_000) -> WAVBytes {
        var payload = Data()
        for sample in samples { payload.append(le: sample.bitPattern) }
        return WAVBytes(formatTag: 3, sampleRate: sampleRate, bitsPerSample: 32, payload: payload)
    }

    /// A PCM16 tone, loud enough for the conformance adapter to hear words.
    static func tone(seconds: Double, sampleRate: UInt32 = 16_000) -> WAVBytes {
        var payload = Data()
        let count = Int(seconds * Double(sampleRate))
        for i in 0..<count {
            let value = Int16(12_000 * sin(2 * Double.pi * 440 * Double(i) / Double(sampleRate)))
            payload.append(le: UInt16(bitPattern: value))
        }
        return WAVBytes(sampleRate: sampleRate, payload: payload)
    }
}

extension Data {
    mutating func append<T: FixedWidthInteger>(le value: T) {
        var little = value.littleEndian
        Swift.withUnsafeBytes(of: &little) { append(contentsOf: $0) }
    }
}
