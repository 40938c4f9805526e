import Foundation
import XCTest
import StreamingMetrics
import Traces

/// The metric catalog in code and the tables of docs/metrics.md are the
/// same list: every catalog metric documented with the same unit,
/// direction and definition, and every documented metric in the catalog.
final class MetricCatalogTests: XCTestCase {
    struct Row: Equatable {
        var name: String
        var unit: String
        var direction: String
        var definition: String
    }

    static var docsURL: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/metrics.md")
    }

    /// Rows of every table whose header is `| metric | unit | direction | definition |`.
    static func documentedRows() throws -> [Row] {
        let text = try String(contentsOf: docsURL, encoding: .utf8)
        var rows: [Row] = []
        var inTable = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard line.hasPrefix("|") else { inTable = false; continue }
            let cells = splitRow(line)
            if cells.map({ $0.lowercased() }) == ["metric", "unit", "direction", "definition"] { inTable = true; continue }
            guard inTable, cells.count == 4, !cells[0].hasPrefix("---") else { continue }
            rows.append(Row(name: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")),
                            unit: cells[1], direction: cells[2], definition: cells[3]))
        }
        return rows
    }

    /// Cells of a Markdown table row; `\|` is a literal bar inside a cell.
    static func splitRow(_ line: String) -> [String] {
        var cells: [String] = [], cell = "", escaped = false
        for ch in line.dropFirst() {
            if escaped { cell.append(ch); escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "|" { cells.append(cell.trimmingCharacters(in: .whitespaces)); cell = ""; continue }
            cell.append(ch)
        }
        return cells
    }

    static func catalogRows() -> [Row] {
        MetricCatalog.all.map {
            Row(name: $0.name.rawValue + ($0.summarized ? ".p50/.p95/.max" : ""), unit: $0.unit.rawValue,
                direction: $0.direction.rawValue, definition: $0.definition)
        }
    }

    func testDocsTablesMatchTheCatalogBothWays() throws {
        let documented = try Self.documentedRows()
        XCTAssertFalse(documented.isEmpty, "no metric table found in docs/metrics.md")
        let docByName = Dictionary(documented.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(docByName.count, documented.count, "a metric is documented twice")
        let catalog = Self.catalogRows()
        let catalogNames = Set(catalog.map(\.name))
        for row in catalog {
            guard let doc = docByName[row.name] else { XCTFail("\(row.name) is in the catalog but not in docs/metrics.md"); continue }
            XCTAssertEqual(doc, row, "docs/metrics.md and MetricCatalog differ on \(row.name)")
        }
        for row in documented where !catalogNames.contains(row.name) {
            XCTFail("\(row.name) is documented in docs/metrics.md but not in MetricCatalog")
        }
    }

    func testCatalogNamesAreUniqueAndDefined() {
        let names = MetricCatalog.all.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        for entry in MetricCatalog.all {
            XCTAssertFalse(entry.definition.isEmpty, "\(entry.name) has no definition")
            XCTAssertFalse(entry.definition.contains("\n"), "\(entry.name): one line")
        }
    }

    func testEveryRAGMetricIsCatalogued() {
        let rag = MetricCatalog.emittedNames.filter { $0.rawValue.hasPrefix("rag.") }
        XCTAssertEqual(rag.count, 7 + 3, "seven rag.* metrics plus the three summaries of retrieval latency")
        XCTAssertEqual(MetricCatalog.all.filter { $0.name.rawValue.hasPrefix("rag.") }.count, 8)
    }

    func testLookupResolvesSummariesAndRefusesUnknownNames() {
        XCTAssertEqual(MetricCatalog.definition(of: "asr.first_partial_latency_ms.p95")?.name, .asrFirstPartialLatency)
        XCTAssertEqual(MetricCatalog.direction(of: "rag.mrr"), .higherIsBetter)
        XCTAssertEqual(MetricCatalog.direction(of: "barge_in.late"), .lowerIsBetter)
        XCTAssertNil(MetricCatalog.definition(of: "asr.first_partial_latency_ms"), "only its summaries are emitted")
        XCTAssertNil(MetricCatalog.definition(of: "asr.wer.p95"))
        XCTAssertNil(MetricCatalog.definition(of: "asr.werr"))
    }

    /// Every name a metric function of this module emits is in the catalog,
    /// and nothing it emits is missing from it.
    func testEmittedMetricsAreCatalogued() throws {
        var emitted = Set<String>()
        let asr = EmissionTrace(events: [partial(100, "hi"), final(300, "hi there")])
        emitted.formUnion(ASRMetrics.metrics(asr, segments: [segment(0, 400)], reference: "hi there").keys)
        let tts = SynthesisTrace(events: [SynthesisEvent(tMs: 0, kind: .request(text: "x")),
                                          SynthesisEvent(tMs: 100, kind: .chunk(durationMs: 40)),
                                          SynthesisEvent(tMs: 120, kind: .end)])
        emitted.formUnion(SynthesisMetrics.metrics(tts).keys)
        let log = TurnLog(events: [TurnEvent(tMs: 0, kind: .ttsPlayStart), TurnEvent(tMs: 500, kind: .ttsPlayStop(reason: .cancel))])
        emitted.formUnion(try TurnTakingMetrics.metrics(log, segments: [segment(200, 900)]).keys)
        emitted.formUnion(GroundingMetrics.metrics(RetrievalTrace(queries: [])).keys)
        let known = Set(MetricCatalog.emittedNames.map(\.rawValue))
        XCTAssertEqual(emitted.subtracting(known), [], "emitted but not catalogued")
    }
}
