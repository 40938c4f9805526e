import FileFormats
import Foundation

/// A voice-RAG trace (`rag.jsonl`, format `rag/v1`): for each spoken query,
/// what the ASR heard, which documents should ground the answer, what the
/// retriever returned (ranked), and what the answer cited.
///
/// ```json
/// {"schema": "rag/v1"}
/// {"t_ms": 2300, "query": 0, "kind": "query", "text": "reset my router", "expected": ["kb-12"]}
/// {"t_ms": 2480, "query": 0, "kind": "retrieval", "docs": [{"id": "kb-12", "rank": 1}, {"id": "kb-7", "rank": 2}]}
/// {"t_ms": 3100, "query": 0, "kind": "answer", "text": "Hold the reset button…", "citations": ["kb-12"]}
/// ```
/// The optional first line names the format version; `t_ms` never
/// decreases; each query has at most one retrieval and one answer, after
/// its `query` line. Unknown kinds are kept out of the way, not fatal.
public struct RetrievalTrace: Equatable, Sendable {
    /// The format this decoder reads.
    public static let schema = "rag/v1"

    public var queries: [RetrievalQuery]

    public init(queries: [RetrievalQuery]) {
        self.queries = queries
    }
}

/// One spoken query and what the system did with it.
public struct RetrievalQuery: Equatable, Sendable {
    public var index: Int
    public var tMs: Double
    /// The transcript the retriever was given.
    public var text: String
    /// Documents a correct answer rests on; empty when not annotated.
    public var expected: [String]
    /// Retrieved document ids, best rank first; nil when never retrieved.
    public var retrieved: [String]?
    public var retrievalMs: Double?
    /// The answer's cited document ids; nil when no answer was given.
    public var citations: [String]?
    public var answerMs: Double?

    public init(index: Int, tMs: Double, text: String = "", expected: [String] = [], retrieved: [String]? = nil,
                retrievalMs: Double? = nil, citations: [String]? = nil, answerMs: Double? = nil) {
        self.index = index
        self.tMs = tMs
        self.text = text
        self.expected = expected
        self.retrieved = retrieved
        self.retrievalMs = retrievalMs
        self.citations = citations
        self.answerMs = answerMs
    }
}

/// A malformed `rag.jsonl`, naming the file and the 1-based line.
public typealias RetrievalTraceError = Problem

extension RetrievalTrace {
    /// Reads `path`.
    public static func load(path: String) throws -> RetrievalTrace {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RetrievalTraceError(file: path, line: 0, reason: "cannot read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RetrievalTraceError(file: path, line: 0, reason: "not valid UTF-8")
        }
        return try decode(text, path: path)
    }

    /// Decodes JSON Lines text; `path` only names the source in errors.
    public static func decode(_ text: String, path: String) throws -> RetrievalTrace {
        var byIndex: [Int: RetrievalQuery] = [:]
        var order: [Int] = []
        var lastT = -Double.infinity
        var sawEvent = false
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            func fail(_ reason: String) -> RetrievalTraceError { RetrievalTraceError(file: path, line: lineNumber, reason: reason) }
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let json: JSONValue
            do { json = try JSONValue.parse(line) } catch { throw fail("\(error)") }
            guard json.objectValue != nil else { throw fail("expected a JSON object") }
            if let schema = json["schema"] {
                guard !sawEvent, json["kind"] == nil else { throw fail("\"schema\" belongs on a line of its own, first") }
                guard schema.stringValue == RetrievalTrace.schema else {
                    throw fail("unsupported schema \(schema.serialized(pretty: false)) (this version reads \"\(RetrievalTrace.schema)\")")
                }
                continue
            }
            sawEvent = true
            guard let t = json["t_ms"]?.numberValue else { throw fail("missing numeric t_ms") }
            guard t >= 0 else { throw fail("t_ms is negative") }
            guard t >= lastT else { throw fail("t_ms goes backwards (\(JSONValue.format(number: t)) after \(JSONValue.format(number: lastT)))") }
            lastT = t
            guard let kind = json["kind"]?.stringValue else { throw fail("missing \"kind\"") }
            guard ["query", "retrieval", "answer"].contains(kind) else { continue }
            guard let index = json["query"]?.intValue, index >= 0 else { throw fail("missing \"query\" index (a whole number ≥ 0)") }
            func ids(_ key: String) throws -> [String] {
                guard let items = json[key]?.arrayValue else { throw fail("\(kind) needs a \"\(key)\" array") }
                let strings = items.compactMap(\.stringValue)
                guard strings.count == items.count, !strings.contains("") else { throw fail("\"\(key)\" must hold document id strings") }
                guard Set(strings).count == strings.count else { throw fail("\"\(key)\" repeats a document id") }
                return strings
            }
            switch kind {
            case "query":
                guard byIndex[index] == nil else { throw fail("query \(index) is declared twice") }
                let expected = json["expected"] == nil ? [] : try ids("expected")
                byIndex[index] = RetrievalQuery(index: index, tMs: t, text: json["text"]?.stringValue ?? "", expected: expected)
                order.append(index)
            case "retrieval":
                guard var query = byIndex[index] else { throw fail("retrieval for query \(index) before its query line") }
                guard query.retrieved == nil else { throw fail("query \(index) is retrieved twice") }
                query.retrieved = try rankedDocs(json["docs"], fail: fail)
                query.retrievalMs = t
                byIndex[index] = query
            default:
                guard var query = byIndex[index] else { throw fail("answer for query \(index) before its query line") }
                guard query.citations == nil else { throw fail("query \(index) is answered twice") }
                query.citations = json["citations"] == nil ? [] : try ids("citations")
                query.answerMs = t
                byIndex[index] = query
            }
        }
        return RetrievalTrace(queries: order.map { byIndex[$0]! })
    }

    /// `[{"id", "rank"}]` (ranks 1-based, distinct) or a plain list of ids
    /// in rank order; returned best rank first.
    private static func rankedDocs(_ value: JSONValue?, fail: (String) -> RetrievalTraceError) throws -> [String] {
        guard let items = value?.arrayValue else { throw fail("retrieval needs a \"docs\" array") }
        var ranked: [(rank: Int, id: String)] = []
        for (i, item) in items.enumerated() {
            if let id = item.stringValue {
                ranked.append((i + 1, id))
            } else if let id = item["id"]?.stringValue {
                guard let rank = item["rank"]?.intValue, rank >= 1 else { throw fail("docs[\(i)]: rank must be a whole number ≥ 1") }
                ranked.append((rank, id))
            } else {
                throw fail("docs[\(i)]: expected an id string or {\"id\", \"rank\"}")
            }
        }
        guard Set(ranked.map(\.rank)).count == ranked.count else { throw fail("docs: two documents share a rank") }
        guard Set(ranked.map(\.id)).count == ranked.count, !ranked.contains(where: { $0.id.isEmpty }) else {
            throw fail("docs: document ids must be distinct and non-empty")
        }
        return ranked.sorted { $0.rank < $1.rank }.map(\.id)
    }
}
