import FileFormats
import FixtureAudio
import Foundation
import SignalFeatures
import Traces

extension FeatureReport {
    /// The docs/gate.md JSON object.
    public var json: JSONValue {
        var audioBlock: [String: JSONValue] = [
            "sample_rate": .number(Double(audio.sampleRate)),
            "channels": .number(Double(audio.channels)),
            "frames": .number(Double(audio.frames)),
            "duration_s": .finite(audio.durationSeconds),
            "format": .string(audio.format),
            "subtype": .string(audio.subtype),
        ]
        if let features {
            audioBlock["clipped_ratio"] = .finite(features.samples > 0 ? Double(features.clippedSamples) / Double(features.samples) : nil)
            audioBlock["noise_dbfs"] = .finite(features.noise.map { 10 * log10($0.power) })
            audioBlock["speech_dbfs"] = .finite(features.speechPower.map { 10 * log10($0) })
        }
        var object: [String: JSONValue] = [
            "audio": .object(audioBlock),
            "snr": .object(["db": .finite(snrDB), "bucket": snrBucket.map { .string($0.rawValue) } ?? .null]),
            "vad": .object([
                "speech_ratio": .finite(features?.speechRatio),
                "segments": .array(speechSegments.map { .array([.finite($0.startMs / 1_000), .finite($0.endMs / 1_000)]) }),
            ]),
            "duration_bucket": .string(DurationBucket(seconds: audio.durationSeconds).rawValue),
        ]
        if hasFarEnd {
            let echo = features?.echo
            var block: [String: JSONValue] = [
                "delay_ms": .finite(echo?.delayMs),
                "erl_db": .finite(echo?.erlDB),
                "double_talk_ratio": .finite(echo?.doubleTalkRatio),
                "coherence": .finite(echo?.coherence),
            ]
            if hasAECOutput { block["erle_db"] = .finite(echo?.erleDB) }
            object["echo"] = .object(block)
        } else {
            object["echo"] = .object([:])
        }
        return .object(object)
    }

    /// A short human-readable summary.
    public var text: String {
        func number(_ value: Double?, _ unit: String = "", digits: Int = 1) -> String {
            guard let value, value.isFinite else { return "n/a" }
            return String(format: "%.\(digits)f", value) + unit
        }
        var lines: [String] = []
        lines.append("audio     \(audio.format) \(audio.subtype), \(audio.sampleRate) Hz, \(audio.channels) ch, \(audio.frames) frames, \(JSONValue.format(number: audio.durationSeconds)) s (\(DurationBucket(seconds: audio.durationSeconds).rawValue))")
        lines.append("snr       \(number(snrDB, " dB")) (bucket \(snrBucket?.rawValue ?? "n/a")); noise \(number(features?.noise.map { 10 * log10($0.power) }, " dBFS")), speech \(number(features?.speechPower.map { 10 * log10($0) }, " dBFS"))")
        let segments = speechSegments
        lines.append("vad       speech \(number(features?.speechRatio.map { $0 * 100 }, " %")) in \(segments.count) segment\(segments.count == 1 ? "" : "s")")
        for segment in segments.prefix(20) {
            lines.append("          \(String(format: "%8.2f", segment.startMs / 1_000)) – \(String(format: "%8.2f", segment.endMs / 1_000)) s")
        }
        if segments.count > 20 { lines.append("          … \(segments.count - 20) more (use --format json)") }
        if hasFarEnd {
            let echo = features?.echo
            lines.append("echo      delay \(number(echo?.delayMs, " ms")), ERL \(number(echo?.erlDB, " dB")), double talk \(number(echo?.doubleTalkRatio.map { $0 * 100 }, " %")), coherence \(number(echo?.coherence, digits: 2))" + (hasAECOutput ? ", ERLE \(number(echo?.erleDB, " dB"))" : ""))
        }
        return lines.joined(separator: "\n")
    }
}
