import StreamingMetrics

/// `--speech START_MS:END_MS` annotations: parsing, and the checks that
/// keep them meaningful on the mic timeline (segment i ↔ utterance i).
public enum SpeechAnnotation {
    /// Parses `START_MS:END_MS` (milliseconds, decimals allowed); nil when
    /// the text is not two numbers around one colon.
    public static func parse(_ text: String) -> SpeechSegment? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Double(parts[0]), let end = Double(parts[1]),
              start.isFinite, end.isFinite else { return nil }
        return SpeechSegment(startMs: start, endMs: end)
    }

    /// Refuses segments that start before 0, end at or before their start,
    /// run past the audio, or overlap or precede the previous segment.
    public static func validate(_ segments: [SpeechSegment], audioDurationMs: Double, micPath: String) throws {
        var previousEnd = -Double.infinity
        for (index, segment) in segments.enumerated() {
            let label = "--speech \(format(segment.startMs)):\(format(segment.endMs))"
            guard segment.startMs >= 0 else {
                throw AuthoringRefusal(.speech, "\(label): start is negative")
            }
            guard segment.startMs < segment.endMs else {
                throw AuthoringRefusal(.speech, "\(label): start must be before end")
            }
            guard segment.endMs <= audioDurationMs else {
                throw AuthoringRefusal(.speech, "\(label): ends after the audio (\(micPath) lasts \(format(audioDurationMs)) ms)")
            }
            guard segment.startMs >= previousEnd else {
                throw AuthoringRefusal(.speech, "\(label): segment \(index + 1) overlaps or precedes the one before; list segments in time order")
            }
            previousEnd = segment.endMs
        }
    }

    private static func format(_ ms: Double) -> String {
        ms == ms.rounded() && abs(ms) < 1e15 ? String(Int64(ms)) : String(ms)
    }
}
