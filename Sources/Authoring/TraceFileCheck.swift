import Foundation
import Traces

/// The check `add` applies to a trace before copying it in: the same docs/formats.md
/// decoder the runner uses, so `add` refuses exactly what a run would.
public enum TraceFileCheck {
    /// Decodes the trace of manifest section `section` (`asr`, `tts`,
    /// `turns`); throws `.trace` naming the file and 1-based line at fault.
    public static func validate(path: String, section: String) throws {
        let events: Int
        do {
            switch section {
            case "asr": events = try EmissionTrace.load(path: path).events.count
            case "tts": events = try SynthesisTrace.load(path: path).events.count
            default: events = try TurnLog.load(path: path).events.count
            }
        } catch {
            throw AuthoringRefusal(.trace, "\(error)")
        }
        guard events > 0 else {
            throw AuthoringRefusal(.trace, "\(path): holds no events")
        }
    }
}
