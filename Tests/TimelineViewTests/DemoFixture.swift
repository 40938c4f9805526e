import Foundation
import FixtureAudio

/// A small synthetic fixture with everything the page draws: churny
/// partials, an engine endpointer, a TTS underrun, a barge-in the agent
/// honoured and a false barge-in (echo cut the agent off).
///
/// Timeline (ms): the user says "turn left at the light" over 400–2350;
/// the agent answers from 2750 and starves at 3350–3700; the user barges
/// in at 3900 and the agent stops at 4250 (350 ms, within the 500 ms
/// budget); at 5500 the agent starts again and is cancelled at 5800 with
/// no user onset before it.
final class DemoFixture {
    let root: URL
    let folder: URL
    private let keep: Bool

    static let sampleRate = 16_000
    static let durationMs = 6_500.0
    static let speech: [(Double, Double)] = [(400, 2350), (3900, 5200)]
    static let playback: [(Double, Double)] = [(2750, 4250), (5500, 5800)]

    static let asrTrace = """
    {"t_ms": 450, "kind": "speech_start"}
    {"t_ms": 620, "utt": 0, "kind": "partial", "text": "turn"}
    {"t_ms": 900, "utt": 0, "kind": "partial", "text": "turn lift"}
    {"t_ms": 1200, "utt": 0, "kind": "partial", "text": "turn left at"}
    {"t_ms": 1500, "utt": 0, "kind": "partial", "text": "turn left at the"}
    {"t_ms": 1800, "utt": 0, "kind": "partial", "text": "Turn left at the light"}
    {"t_ms": 2100, "utt": 0, "kind": "partial", "text": "turn left at the light"}
    {"t_ms": 2400, "kind": "speech_end"}
    {"t_ms": 2710, "utt": 0, "kind": "final", "text": "turn left at the light."}
    {"t_ms": 4300, "utt": 1, "kind": "partial", "text": "stop"}
    {"t_ms": 4700, "utt": 1, "kind": "partial", "text": "stop it"}
    {"t_ms": 5050, "utt": 1, "kind": "partial", "text": "stop please"}
    {"t_ms": 5450, "utt": 1, "kind": "final", "text": "stop please"}
    """

    static let ttsTrace = """
    {"t_ms": 2400, "req": 0, "kind": "request", "text": "Sure, turning left at the light, then continue for two miles."}
    {"t_ms": 2750, "req": 0, "kind": "chunk", "duration_ms": 200}
    {"t_ms": 2950, "req": 0, "kind": "chunk", "duration_ms": 200}
    {"t_ms": 3150, "req": 0, "kind": "chunk", "duration_ms": 200}
    {"t_ms": 3700, "req": 0, "kind": "chunk", "duration_ms": 200}
    {"t_ms": 3900, "req": 0, "kind": "chunk", "samples": 3200, "sample_rate": 16000}
    {"t_ms": 4100, "req": 0, "kind": "chunk", "duration_ms": 200}
    {"t_ms": 4150, "req": 0, "kind": "end"}
    """

    static let turnsTrace = """
    {"t_ms": 2750, "kind": "tts_play_start"}
    {"t_ms": 3950, "kind": "vad_start"}
    {"t_ms": 4150, "kind": "cancel_sent"}
    {"t_ms": 4250, "kind": "tts_play_stop", "reason": "cancel"}
    {"t_ms": 5250, "kind": "vad_end"}
    {"t_ms": 5500, "kind": "tts_play_start"}
    {"t_ms": 5800, "kind": "tts_play_stop", "reason": "cancel"}
    """

    /// Every hypothesis text of the ASR trace, as the trace spells it.
    static let hypothesisTexts = [
        "turn", "turn lift", "turn left at", "turn left at the", "Turn left at the light",
        "turn left at the light", "turn left at the light.", "stop", "stop it", "stop please",
    ]

    /// Writes the fixture under a temporary folder, or under `directory`
    /// (kept afterwards) when given.
    init(directory: String? = nil) throws {
        keep = directory != nil
        root = directory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("timeline-\(UUID().uuidString)")
        folder = root.appendingPathComponent("barge-in-demo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (mic, farEnd, nearEnd) = Self.audio()
        for (name, samples) in [("mic.wav", mic), ("far_end.wav", farEnd), ("near_end.wav", nearEnd)] {
            try AudioWriter.write(path: folder.appendingPathComponent(name).path, samples: samples, sampleRate: Self.sampleRate)
        }
        try write("asr.jsonl", Self.asrTrace)
        try write("tts.jsonl", Self.ttsTrace)
        try write("turns.jsonl", Self.turnsTrace)
        try write("fixture.json", """
        {"schema": "fixture/v1", "id": "barge-in-demo",
         "description": "Demo: churny captions, a TTS underrun, a barge-in and an echo cutting the agent off",
         "provenance": {"kind": "synthetic"},
         "slices": {"language": "en-US", "device": "android", "sdk": "4.2"},
         "audio": {"mic": "mic.wav", "far_end": "far_end.wav", "near_end": "near_end.wav"},
         "annotations": {"speech": [[400, 2350], [3900, 5200]], "reference": "turn left at the light stop please"},
         "asr": {"trace": "asr.jsonl"}, "tts": {"trace": "tts.jsonl"}, "turns": {"trace": "turns.jsonl"},
         "budgets": {"barge_in_ms": 500}}
        """)
    }

    deinit { if !keep { try? FileManager.default.removeItem(at: root) } }

    var path: String { folder.path }

    private func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// Voiced "speech" (harmonics with a syllable-rate envelope) for the
    /// user and the agent; the mic hears the user, a 40 ms echo of the
    /// agent and a little noise.
    static func audio() -> (mic: [Float], farEnd: [Float], nearEnd: [Float]) {
        let count = Int(durationMs / 1000 * Double(sampleRate))
        var near = [Float](repeating: 0, count: count), far = near, mic = near
        func voiced(_ i: Int, f0: Double, syllableHz: Double) -> Float {
            let t = Double(i) / Double(sampleRate)
            let envelope = 0.55 + 0.45 * sin(2 * .pi * syllableHz * t)
            let tone = (1...4).reduce(0.0) { $0 + sin(2 * .pi * f0 * Double($1) * t) / Double($1) }
            return Float(0.28 * envelope * tone / 2)
        }
        func fill(_ buffer: inout [Float], _ spans: [(Double, Double)], f0: Double, syllableHz: Double) {
            for (start, end) in spans {
                for i in Int(start * 16)..<min(count, Int(end * 16)) { buffer[i] = voiced(i, f0: f0, syllableHz: syllableHz) }
            }
        }
        fill(&near, speech, f0: 140, syllableHz: 4)
        // The agent actually played until each stop.
        fill(&far, playback, f0: 210, syllableHz: 3)
        var seed: UInt32 = 12_345
        let echoDelay = 40 * sampleRate / 1000
        for i in 0..<count {
            seed = seed &* 1_664_525 &+ 1_013_904_223
            let noise = (Float(seed >> 8) / Float(1 << 24) - 0.5) * 0.02
            let echo = i >= echoDelay ? 0.35 * far[i - echoDelay] : 0
            mic[i] = near[i] + echo + noise
        }
        return (mic, far, near)
    }
}
