import StreamingMetrics
import Traces
import XCTest

/// The `rag.*` metrics against hand-computed cases.
final class GroundingMetricsTests: XCTestCase {
    /// Three spoken queries, worked by hand below.
    let trace = RetrievalTrace(queries: [
        // Expected a, b; top-3 = [x, a, y] → overlap 1/min(3,2) = 0.5; first
        // expected at rank 2 → 1/2. Cites a (retrieved, expected): grounded.
        RetrievalQuery(index: 0, tMs: 0, expected: ["a", "b"], retrieved: ["x", "a", "y", "b"], retrievalMs: 200, citations: ["a"], answerMs: 900),
        // Expected c; top-3 = [c, d, e] → 1; rank 1 → 1. Cites c and z
        // (z never retrieved): not grounded.
        RetrievalQuery(index: 1, tMs: 1000, expected: ["c"], retrieved: ["c", "d", "e"], retrievalMs: 1400, citations: ["c", "z"], answerMs: 1800),
        // No expected docs; answer cites nothing: not grounded, uncovered.
        RetrievalQuery(index: 2, tMs: 2000, retrieved: ["f"], retrievalMs: 2100, citations: [], answerMs: 2500),
    ])

    func testHandComputedFixture() {
        let m = GroundingMetrics.metrics(trace, topK: 3)
        XCTAssertEqual(m["rag.query_count"], .number(3))
        XCTAssertEqual(m["rag.answer_count"], .number(3))
        XCTAssertEqual(m["rag.topk_overlap"], .number(0.75))          // (0.5 + 1) / 2
        XCTAssertEqual(m["rag.mrr"], .number(0.75))                   // (1/2 + 1) / 2
        XCTAssertEqual(m["rag.citation_coverage"], .number(2.0 / 3))  // answers 0 and 1 cite
        XCTAssertEqual(m["rag.citation_support"], .number(2.0 / 3))   // a, c retrieved; z not
        XCTAssertEqual(m["rag.grounded_answer_rate"], .number(1.0 / 3))
        // Latencies 200, 400, 100 → sorted 100, 200, 400: p50 = sorted[ceil(1.5)−1] = 200.
        XCTAssertEqual(m["rag.retrieval_latency_ms.p50"], .number(200))
        XCTAssertEqual(m["rag.retrieval_latency_ms.p95"], .number(400))
        XCTAssertEqual(m["rag.retrieval_latency_ms.max"], .number(400))
    }

    func testTopKCutsTheRetrieval() {
        // With k = 1 query 0's top-1 is [x]: overlap 0/min(1,2) = 0; query 1: 1.
        XCTAssertEqual(GroundingMetrics.metrics(trace, topK: 1)["rag.topk_overlap"], .number(0.5))
        // With k = 4 query 0 finds both: 2/2.
        XCTAssertEqual(GroundingMetrics.metrics(trace, topK: 4)["rag.topk_overlap"], .number(1))
    }

    func testAnsweringWithoutRetrievalIsUngroundedAndUnsupported() {
        let lone = RetrievalTrace(queries: [RetrievalQuery(index: 0, tMs: 0, expected: ["a"], citations: ["a"], answerMs: 10)])
        let m = GroundingMetrics.metrics(lone)
        XCTAssertEqual(m["rag.topk_overlap"], .number(0))
        XCTAssertEqual(m["rag.mrr"], .number(0))
        XCTAssertEqual(m["rag.citation_support"], .number(0))
        XCTAssertEqual(m["rag.grounded_answer_rate"], .number(0))
        XCTAssertEqual(m["rag.retrieval_latency_ms.p50"], .null)
    }

    func testEmptyDenominatorsAreNullNotZero() {
        let m = GroundingMetrics.metrics(RetrievalTrace(queries: [RetrievalQuery(index: 0, tMs: 0, retrieved: ["a"], retrievalMs: 5)]))
        for name in ["rag.topk_overlap", "rag.mrr", "rag.citation_coverage", "rag.citation_support", "rag.grounded_answer_rate"] {
            XCTAssertEqual(m[name], .null, name)
        }
        XCTAssertEqual(m["rag.answer_count"], .number(0))
        XCTAssertEqual(m["rag.retrieval_latency_ms.max"], .number(5))
    }
}
