import FixtureAudio
import StreamingMetrics
import Traces

/// Audio features of one recording, as `fixture-check features` reports
/// them (SPEC §5 `features` shape).
public struct FeatureReport: Sendable {
    public var audio: AudioInfo

    public init(audio: AudioInfo) {
        self.audio = audio
    }

    /// Measures the recording at `micPath`; with a far-end (playback)
    /// reference, echo too; with an AEC output track, ERLE.
    public static func measure(micPath: String, farEndPath: String? = nil, aecOutPath: String? = nil) throws -> FeatureReport {
        let reader = try AudioReader(path: micPath)
        defer { reader.close() }
        return FeatureReport(audio: reader.info)
    }

    /// The features under the flat metric names of SPEC §3.
    public var metrics: MetricSet {
        [
            "audio.duration_s": .finite(audio.durationSeconds),
            "audio.sample_rate": .number(Double(audio.sampleRate)),
            "audio.channels": .number(Double(audio.channels)),
            "duration_bucket": .string(DurationBucket(seconds: audio.durationSeconds).rawValue),
        ]
    }

    /// The SPEC §5 JSON object.
    public var json: JSONValue {
        .object([
            "audio": .object([
                "sample_rate": .number(Double(audio.sampleRate)),
                "channels": .number(Double(audio.channels)),
                "frames": .number(Double(audio.frames)),
                "duration_s": .finite(audio.durationSeconds),
                "format": .string(audio.format),
                "subtype": .string(audio.subtype),
            ]),
        ])
    }

    /// A short human-readable summary.
    public var text: String {
        var lines: [String] = []
        lines.append("audio     \(audio.format) \(audio.subtype), \(audio.sampleRate) Hz, \(audio.channels) ch, \(audio.frames) frames, \(JSONValue.format(number: audio.durationSeconds)) s")
        return lines.joined(separator: "\n")
    }
}
