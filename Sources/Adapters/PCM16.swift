import Foundation

/// 16-bit PCM as the adapter protocol carries it: little-endian, base64.
public enum PCM16 {
    /// Float samples in [-1, 1] to Int16, rounding to nearest and saturating.
    /// The scale is 32768, libsndfile's own, so a 16-bit file read as float
    /// and quantized here comes back bit-exact.
    public static func quantize(_ samples: some Collection<Float>) -> [Int16] {
        samples.map { sample in
            let scaled = (Double(sample) * 32768).rounded()
            return Int16(max(-32768, min(32767, scaled.isNaN ? 0 : scaled)))
        }
    }

    /// Int16 samples to floats in [-1, 1).
    public static func floats(_ samples: [Int16]) -> [Float] {
        samples.map { Float($0) / 32768 }
    }

    /// Base64 of the samples' little-endian bytes.
    public static func base64(_ samples: [Int16]) -> String {
        var bytes = [UInt8](repeating: 0, count: samples.count * 2)
        for (i, sample) in samples.enumerated() {
            let bits = UInt16(bitPattern: sample)
            bytes[2 * i] = UInt8(bits & 0xFF)
            bytes[2 * i + 1] = UInt8(bits >> 8)
        }
        return Data(bytes).base64EncodedString()
    }

    /// Samples from base64 little-endian bytes; nil when the text is not
    /// base64 or holds an odd number of bytes.
    public static func decode(base64 text: String) -> [Int16]? {
        guard let data = Data(base64Encoded: text), data.count % 2 == 0 else { return nil }
        var samples = [Int16](repeating: 0, count: data.count / 2)
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            for i in samples.indices {
                samples[i] = Int16(bitPattern: UInt16(bytes[2 * i]) | UInt16(bytes[2 * i + 1]) << 8)
            }
        }
        return samples
    }
}
