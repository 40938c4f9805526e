import StreamingMetrics

/// The hover text of a page's metrics table: the metric catalog's
/// one-line definition (`MetricCatalog`, the same text as docs/metrics.md),
/// with what a `.p50`/`.p95`/`.max` summary ranges over.
public enum MetricDefinitions {
    private static let summaries: [(suffix: String, text: String)] = [
        (".p50", "p50 (nearest rank)"),
        (".p95", "p95 (nearest rank)"),
        (".max", "Maximum"),
    ]

    /// What a per-fixture summary ranges over, by metric family.
    private static func items(of base: String) -> String {
        if base.hasPrefix("asr.") { return "utterances" }
        if base.hasPrefix("tts.") { return "requests" }
        if base.hasPrefix("barge_in.") { return "barge-ins" }
        if base.hasPrefix("turns.") { return "responses" }
        return "items"
    }

    /// The definition of `name`, with the summary it takes for a
    /// `.p50`/`.p95`/`.max` name; nil for a metric with no recorded definition.
    public static func definition(of name: String) -> String? {
        guard let entry = MetricCatalog.definition(of: MetricName(name)) else { return nil }
        guard entry.summarized, let summary = summaries.first(where: { name.hasSuffix($0.suffix) }) else { return entry.definition }
        return "\(entry.definition) \(summary.text) over \(items(of: entry.name.rawValue))."
    }
}
