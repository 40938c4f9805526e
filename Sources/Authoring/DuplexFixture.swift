import Adapters
import FileFormats
import FixtureKit
import Foundation

extension DuplexResult {
    /// Writes the session as the fixture `id` in `directory`: its audio and
    /// traces, and the `fixture/v1` manifest (through `ManifestDocument`,
    /// the encoder `add` and `synth` use) tying them together.
    public func writeFixture(to directory: String, id: String, reference: String? = nil,
                             bargeInBudgetMs: Double? = nil) throws {
        try write(to: directory)
        let manifest = ManifestDocument(
            id: id,
            description: "full-duplex replay: agent voice echoed into the mic, scripted user speech",
            provenance: .synthetic,
            audio: userSpeech == nil ? ["mic": "mic.wav", "far_end": "far_end.wav"]
                : ["mic": "mic.wav", "far_end": "far_end.wav", "near_end": "near_end.wav"],
            speech: userSpeech.map { [$0] } ?? [],
            reference: reference,
            traces: ["asr": "asr.jsonl", "tts": "tts.jsonl", "turns": "turns.jsonl"],
            bargeInBudgetMs: bargeInBudgetMs)
        try AtomicFile.write(Data(manifest.text.utf8), to: (directory as NSString).appendingPathComponent("fixture.json"))
    }
}
