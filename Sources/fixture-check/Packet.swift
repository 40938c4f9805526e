import ArgumentParser
import Insights

/// `fixture-check packet RECORDS.jsonl`: a privacy-safe incident packet
/// (SPEC §7) — counts, versions and latency summaries only.
struct Packet: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarize request logs into a privacy-safe incident packet.",
        discussion: """
        Reads only language, device, model_version and latency_ms from each JSON line; \
        every other field is ignored and never printed. A broken line is reported by its \
        number only (exit 2).
        """
    )

    @Argument(help: "Request records, one JSON object per line.")
    var records: String

    @Option(name: .customLong("min-count"), help: "Cells with fewer requests are folded into language=other, device=other.")
    var minCount: Int = IncidentPacket.defaultMinCount

    @Flag(name: .customLong("fold-rare-versions"), help: "Also fold model versions seen fewer than --min-count times into \"other\".")
    var foldRareVersions = false

    @Option(help: "Output format: json, text or markdown.")
    var format: OutputFormat = .json

    @Option(help: "Write the packet to this file instead of stdout.")
    var output: String?

    func validate() throws {
        guard [.text, .json, .markdown].contains(format) else {
            throw ValidationError("packet supports --format json, text or markdown")
        }
        guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
    }

    func run() throws {
        var builder = IncidentPacket.Builder(minCount: minCount, foldRareVersions: foldRareVersions)
        do {
            try RequestLog.forEachRecord(path: records) { builder.add($0) }
        } catch {
            Diagnostics.error("\(error)")
            throw Exit.badInput
        }
        let packet = builder.packet()
        switch format {
        case .text: try emit(packet.text, to: output)
        case .markdown: try emit(packet.markdown, to: output)
        default: try emit(packet.json.serialized(), to: output)
        }
    }
}
