import Traces
import XCTest

/// `rag.jsonl` (rag/v1): what decodes, and errors that name file and line.
final class RetrievalTraceDecodingTests: XCTestCase {
    func testDecodesQueriesRetrievalsAndAnswers() throws {
        let trace = try RetrievalTrace.decode("""
        {"schema": "rag/v1"}
        {"t_ms": 100, "query": 0, "kind": "query", "text": "reset my router", "expected": ["kb-12"]}
        {"t_ms": 250, "query": 0, "kind": "retrieval", "docs": [{"id": "kb-7", "rank": 2}, {"id": "kb-12", "rank": 1}]}
        {"t_ms": 300, "kind": "asr_final", "text": "kept, not fatal"}
        {"t_ms": 900, "query": 0, "kind": "answer", "text": "Hold reset.", "citations": ["kb-12"]}
        {"t_ms": 1000, "query": 1, "kind": "query", "text": "billing"}
        {"t_ms": 1100, "query": 1, "kind": "retrieval", "docs": ["kb-3", "kb-4"]}

        """, path: "rag.jsonl")
        XCTAssertEqual(trace.queries, [
            RetrievalQuery(index: 0, tMs: 100, text: "reset my router", expected: ["kb-12"], retrieved: ["kb-12", "kb-7"],
                           retrievalMs: 250, citations: ["kb-12"], answerMs: 900),
            RetrievalQuery(index: 1, tMs: 1000, text: "billing", retrieved: ["kb-3", "kb-4"], retrievalMs: 1100),
        ])
    }

    func testMalformedLinesNameFileAndLine() {
        let query = "{\"t_ms\": 100, \"query\": 0, \"kind\": \"query\"}\n"
        let cases: [(String, String)] = [
            ("{\"schema\": \"rag/v2\"}", "rag.jsonl:1: unsupported schema"),
            (query + "{\"t_ms\": 50, \"query\": 0, \"kind\": \"answer\", \"citations\": []}", "rag.jsonl:2: t_ms goes backwards"),
            ("{\"query\": 0, \"kind\": \"query\"}", "rag.jsonl:1: missing numeric t_ms"),
            (query + "{\"t_ms\": 100, \"query\": 1, \"kind\": \"retrieval\", \"docs\": []}", "rag.jsonl:2: retrieval for query 1 before its query line"),
            (query + "{\"t_ms\": 100, \"query\": 0, \"kind\": \"retrieval\", \"docs\": [{\"id\": \"a\", \"rank\": 1}, {\"id\": \"b\", \"rank\": 1}]}", "rag.jsonl:2: docs: two documents share a rank"),
            (query + "{\"t_ms\": 100, \"query\": 0, \"kind\": \"retrieval\", \"docs\": [{\"id\": \"a\", \"rank\": 0}]}", "rag.jsonl:2: docs[0]: rank must be"),
            (query + query, "rag.jsonl:2: query 0 is declared twice"),
            (query + "{\"t_ms\": 100, \"query\": 0, \"kind\": \"answer\", \"citations\": [\"a\", \"a\"]}", "rag.jsonl:2: \"citations\" repeats"),
            (query + "{\"t_ms\": NaN}", "rag.jsonl:2: invalid JSON"),
            (query + "{\"t_ms\": 200, \"kind\": \"query\"}", "rag.jsonl:2: missing \"query\" index"),
            (query + "{\"schema\": \"rag/v1\"}", "rag.jsonl:2: \"schema\" belongs on a line of its own, first"),
        ]
        for (text, prefix) in cases {
            XCTAssertThrowsError(try RetrievalTrace.decode(text, path: "rag.jsonl"), prefix) { error in
                XCTAssertTrue("\(error)".hasPrefix(prefix), "\(error) should start with \(prefix)")
            }
        }
    }
}
