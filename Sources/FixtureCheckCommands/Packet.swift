import ArgumentParser
import Insights

/// `fixture-check packet RECORDS.jsonl`: a privacy-safe incident packet
/// (docs/decisions.md) — counts, versions and latency summaries only,
/// every value seen fewer than --min-count times folded into `other`.
struct Packet: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarize request logs into a privacy-safe incident packet.",
        discussion: """
        Reads only language, device, model_version and latency_ms from each JSON line; \
        every other field is ignored and never printed. Every value (cells and model \
        versions) seen fewer than --min-count times is folded into "other". A broken line \
        is reported by its number only: exit 2, or skipped and counted with --skip-bad-lines.
        """
    )

    @Argument(help: "Request records, one JSON object per line.")
    var records: String

    @Option(name: .customLong("min-count"), help: "Cells and model versions with fewer requests are folded into \"other\".")
    var minCount: Int = IncidentPacket.defaultMinCount

    @Flag(name: .customLong("keep-rare-versions"), help: "Print model versions seen fewer than --min-count times by name (a tenant's fine-tune can name the tenant; warns on stderr).")
    var keepRareVersions = false

    @Flag(name: .customLong("fold-rare-versions"), help: .hidden)
    var foldRareVersions = false  // the default now; accepted so existing scripts keep working

    @Flag(name: .customLong("skip-bad-lines"), help: "Skip malformed lines (reported by number and count on stderr and in the packet) instead of exit 2.")
    var skipBadLines = false

    @Option(help: "Output format.")
    var format: DecisionFormat = .json

    @Option(help: "Write the packet to this file instead of stdout.")
    var output: String?

    func validate() throws {
        guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
        guard !(keepRareVersions && foldRareVersions) else {
            throw ValidationError("--keep-rare-versions and --fold-rare-versions contradict each other")
        }
    }

    func run() throws {
        var builder = IncidentPacket.Builder(minCount: minCount, keepRareVersions: keepRareVersions)
        try exitingOnBadInput {
            var skipped: [Int] = []
            try RequestLog.forEachRecord(path: records, onBadLine: skipBadLines ? { skipped.append($0.line ?? 0) } : nil) {
                builder.add($0)
            }
            builder.skippedLines = skipped
        }
        let packet = builder.packet()
        if !packet.skippedLines.isEmpty {
            Diagnostics.note("warning: \(records): skipped \(packet.skippedLines.count) malformed line\(packet.skippedLines.count == 1 ? "" : "s") (--skip-bad-lines): line\(packet.skippedLines.count == 1 ? "" : "s") \(packet.skippedLines.map(String.init).joined(separator: ", "))")
        }
        if keepRareVersions {
            Diagnostics.note("warning: --keep-rare-versions: model versions seen fewer than \(minCount) times are printed by name; a tenant-specific version can identify the tenant, so do not share this packet outside the team")
        }
        switch format {
        case .text: try emit(packet.text, to: output)
        case .markdown: try emit(packet.markdown, to: output)
        case .json: try emit(packet.json.serialized(), to: output)
        }
    }
}
