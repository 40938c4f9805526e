import FileFormats

/// The names each trace format defines (docs/formats.md), the extension
/// convention, and where an event came from — shared by the file decoders
/// and the validators that live-engine output goes through, so a typo or a
/// broken stream is refused the same way wherever it comes from.
public enum TraceSchema {
    /// Fields of an ASR emission trace line.
    public static let emissionFields = ["t_ms", "utt", "kind", "text", "stability", "confidence", "words"]
    /// Kinds of an ASR emission trace line.
    public static let emissionKinds = ["partial", "final", "speech_start", "speech_end"]
    /// Fields of one entry of a final's `words`.
    public static let wordFields = ["text", "confidence"]
    /// Fields of a TTS trace line.
    public static let synthesisFields = ["t_ms", "req", "kind", "text", "duration_ms", "samples", "sample_rate"]
    /// Kinds of a TTS trace line.
    public static let synthesisKinds = ["request", "chunk", "end"]
    /// Fields of a turn-taking log line.
    public static let turnFields = ["t_ms", "kind", "reason"]
    /// Kinds of a turn-taking log line.
    public static let turnKinds = ["tts_play_start", "tts_play_stop", "vad_start", "vad_end", "cancel_sent"]

    /// Words other engines' APIs use for a defined name, so the suggestion
    /// is the meaning, not the spelling (`interim` results are partials).
    public static let aliases: [String: String] = [
        "interim": "partial", "intermediate": "partial", "hypothesis": "partial", "tentative": "partial",
        "result": "final", "transcript": "final", "recognized": "final",
        "utterance_id": "utt",
        "timestamp": "t_ms", "time": "t_ms", "ts": "t_ms", "time_ms": "t_ms", "offset_ms": "t_ms",
        "request_id": "req", "duration": "duration_ms",
        "transcription": "text",
        "playback_start": "tts_play_start", "playback_stop": "tts_play_stop",
        "speech_started": "vad_start", "speech_stopped": "vad_end",
    ]

    /// A field name that is an extension: kept, shown, never used by a metric.
    public static func isExtensionField(_ name: String) -> Bool { name.hasPrefix("x_") }
    /// A kind that is an extension: kept, shown, never used by a metric.
    public static func isExtensionKind(_ name: String) -> Bool { name.hasPrefix("x-") }

    /// `unknown kind "interim" (did you mean "partial"?) …`.
    /// An extension with the other convention's prefix (`x_debug` as a
    /// kind, `x-vendor` as a field) is suggested with the right one.
    static func unknownKind(_ name: String, defined: [String]) -> String {
        if name.hasPrefix("x_") {
            return "unknown kind \"\(name)\" (did you mean \"x-\(name.dropFirst(2))\"?); extension kinds start with \"x-\""
        }
        return "unknown kind \"\(name)\"\(NearestName.didYouMean(name, among: defined, aliases: aliases)); extension kinds start with \"x-\""
    }

    /// `unknown field "utterance" (did you mean "utt"?) …`.
    static func unknownField(_ name: String, defined: [String]) -> String {
        if name.hasPrefix("x-") {
            return "unknown field \"\(name)\" (did you mean \"x_\(name.dropFirst(2))\"?); extension fields start with \"x_\""
        }
        return "unknown field \"\(name)\"\(NearestName.didYouMean(name, among: defined, aliases: aliases)); extension fields start with \"x_\""
    }

    /// The first key of `fields` (in code-point order) neither defined nor
    /// an extension, as an error reason.
    static func unknownFieldReason(_ fields: some Collection<String>, defined: [String]) -> String? {
        let known = Set(defined)
        return fields.sorted(by: codePointOrder).first { !known.contains($0) && !isExtensionField($0) }
            .map { unknownField($0, defined: defined) }
    }
}

/// Where events came from, for error messages: a trace file, or a live
/// engine behind an adapter.
public enum TraceSource: Equatable, Sendable, CustomStringConvertible {
    /// A trace file as the fixture names it; event `i` is reported as line
    /// `i + 1` (the file's line when it has no blank lines).
    case file(String)
    /// A live engine's output, named by its adapter (`adapter sphinx`).
    case adapter(String)

    public var description: String {
        switch self {
        case .file(let name): name
        case .adapter(let name): "adapter \(name)"
        }
    }

    /// The error for event `index` (0-based) of this source.
    func error(event index: Int, tMs: Double, _ reason: String) -> TraceError {
        switch self {
        case .file(let name):
            TraceError(file: name, line: index + 1, reason: reason)
        case .adapter:
            TraceError(file: description, line: 0,
                       reason: "event \(index + 1) (t_ms \(JSONValue.format(number: tMs))): \(reason)")
        }
    }
}

/// The checks on time every trace shares: finite, non-negative,
/// never going backwards.
struct TimeRule {
    var previous: Double?

    mutating func check(_ tMs: Double) -> String? {
        guard tMs.isFinite else { return "\"t_ms\" must be a finite number" }
        guard tMs >= 0 else { return "\"t_ms\" is negative (\(JSONValue.format(number: tMs)))" }
        if let previous, tMs < previous {
            return "time goes backwards: t_ms \(JSONValue.format(number: tMs)) after \(JSONValue.format(number: previous))"
        }
        previous = tMs
        return nil
    }
}

/// A fraction in 0...1 (`stability`, `confidence`), as an error reason
/// when not; `label` is the field as the message names it.
func unitIntervalReason(_ label: String, _ value: Double?) -> String? {
    guard let value else { return nil }
    guard value.isFinite, (0...1).contains(value) else {
        return "\(label) must be between 0 and 1, got \(value.isFinite ? JSONValue.format(number: value) : "\(value)")"
    }
    return nil
}
