import Traces

/// Retrieval and grounding metrics of a voice-RAG trace (incident 3:
/// answers became ungrounded after an ingestion change). Pure functions
/// of a `RetrievalTrace`; unchanged since metrics_version 1.
public enum GroundingMetrics {
    /// Retrieved documents that count as "top k" (manifest `rag.k`).
    public static let defaultTopK = 5

    /// Per fixture, under flat names:
    /// - `rag.query_count`, `rag.answer_count`
    /// - `rag.topk_overlap`: mean over queries with `expected` of
    ///   |top-k ∩ expected| / min(k, |expected|) (a query never retrieved
    ///   counts 0)
    /// - `rag.mrr`: mean over the same queries of 1/rank of the first
    ///   expected document in the retrieval (0 when none is retrieved)
    /// - `rag.citation_coverage`: answers citing at least one document /
    ///   answers
    /// - `rag.citation_support`: citations naming a document retrieved for
    ///   that query / citations
    /// - `rag.grounded_answer_rate`: answers that cite something, cite only
    ///   retrieved documents, and (when `expected` is given) cite at least
    ///   one expected document / answers
    /// - `rag.retrieval_latency_ms.p50/.p95/.max`: retrieval − query time
    /// Each is `null` when its denominator is empty.
    public static func metrics(_ trace: RetrievalTrace, topK: Int = defaultTopK) -> MetricSet {
        let k = max(1, topK)
        let annotated = trace.queries.filter { !$0.expected.isEmpty }
        let answered = trace.queries.filter { $0.citations != nil }
        var metrics: MetricSet = [
            "rag.query_count": .number(Double(trace.queries.count)),
            "rag.answer_count": .number(Double(answered.count)),
        ]
        metrics["rag.topk_overlap"] = mean(annotated.map { q in
            let top = Set((q.retrieved ?? []).prefix(k))
            return Double(Set(q.expected).intersection(top).count) / Double(min(k, q.expected.count))
        })
        metrics["rag.mrr"] = mean(annotated.map { q in
            let expected = Set(q.expected)
            guard let position = (q.retrieved ?? []).firstIndex(where: expected.contains) else { return 0 }
            return 1 / Double(position + 1)
        })
        metrics["rag.citation_coverage"] = mean(answered.map { $0.citations!.isEmpty ? 0 : 1 })
        let citations = answered.flatMap { q in q.citations!.map { (Set(q.retrieved ?? []).contains($0)) } }
        metrics["rag.citation_support"] = mean(citations.map { $0 ? 1 : 0 })
        metrics["rag.grounded_answer_rate"] = mean(answered.map { isGrounded($0) ? 1 : 0 })
        let latencies = trace.queries.compactMap { q in q.retrievalMs.map { $0 - q.tMs } }
        for (suffix, q) in [("p50", 50.0), ("p95", 95.0)] {
            metrics["rag.retrieval_latency_ms.\(suffix)"] = .finite(nearestRank(latencies, q))
        }
        metrics["rag.retrieval_latency_ms.max"] = .finite(latencies.max())
        return metrics
    }

    /// An answer is grounded when it cites, every citation was retrieved for
    /// its query, and it cites an expected document when those are known.
    public static func isGrounded(_ query: RetrievalQuery) -> Bool {
        guard let citations = query.citations, !citations.isEmpty else { return false }
        let retrieved = Set(query.retrieved ?? [])
        guard citations.allSatisfy(retrieved.contains) else { return false }
        return query.expected.isEmpty || !Set(citations).isDisjoint(with: query.expected)
    }

    private static func mean(_ values: [Double]) -> MetricValue {
        values.isEmpty ? .null : .finite(values.reduce(0, +) / Double(values.count))
    }

    /// Nearest rank (docs/metrics.md): `sorted[ceil(q/100·n) − 1]`.
    private static func nearestRank(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((q / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, rank - 1)]
    }
}
