import FileFormats
import Traces

extension IncidentPacket {
    /// The packet shape (`cells`, `model_versions`), plus the totals, the
    /// folded version count and the skipped line numbers.
    public var json: JSONValue {
        var root: [String: JSONValue] = [
            "cells": .array(cells.map { cell in
                var fields: [String: JSONValue] = [
                    "language": .string(cell.language),
                    "device": .string(cell.device),
                    "count": .number(Double(cell.count)),
                    "latency_count": .number(Double(cell.latencyCount)),
                    "latency_p50_ms": .finite(cell.latencyP50Ms),
                    "latency_p95_ms": .finite(cell.latencyP95Ms),
                ]
                if cell.foldedCells > 0 { fields["folded_cells"] = .number(Double(cell.foldedCells)) }
                return .object(fields)
            }),
            "model_versions": .object(modelVersions.mapValues { .number(Double($0)) }),
            "requests": .number(Double(requestCount)),
            "min_count": .number(Double(minCount)),
            "folded_versions": .number(Double(foldedVersions)),
        ]
        if !skippedLines.isEmpty {
            root["skipped_lines"] = .object(["count": .number(Double(skippedLines.count)),
                                             "lines": .array(skippedLines.map { .number(Double($0)) })])
        }
        return .object(root)
    }

    /// Model versions by count (descending), then name.
    var versionsByCount: [(String, Int)] {
        modelVersions.sorted { a, b in a.value != b.value ? a.value > b.value : codePointOrder(a.key, b.key) }
    }

    private var headline: String {
        let folded = cells.last?.foldedCells ?? 0
        return "\(requestCount) requests in \(cells.count) cell\(cells.count == 1 ? "" : "s")"
            + (folded > 0 ? " (\(folded) with fewer than \(minCount) requests folded into other/other)" : "")
            + (foldedVersions > 0 ? "; \(foldedVersions) model version\(foldedVersions == 1 ? "" : "s") folded into other" : "")
            + (skippedLines.isEmpty ? "" : "; \(skippedLines.count) malformed line\(skippedLines.count == 1 ? "" : "s") skipped (\(skippedLines.map(String.init).joined(separator: ", ")))")
    }

    /// A terminal table.
    public var text: String {
        typealias F = DecisionFormatting
        var rows = [["language", "device", "requests", "p50 ms", "p95 ms"]]
        rows += cells.map { [F.printable($0.language), F.printable($0.device), String($0.count), F.value($0.latencyP50Ms), F.value($0.latencyP95Ms)] }
        var widths = [Int](repeating: 0, count: 5)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var lines = ["incident packet: " + headline]
        lines += rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        lines.append("model versions:")
        let nameWidth = versionsByCount.map { F.printable($0.0).count }.max() ?? 0
        lines += versionsByCount.map { "  " + F.printable($0.0).padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  \($0.1)" }
        return lines.joined(separator: "\n")
    }

    /// A table for an incident ticket.
    public var markdown: String {
        typealias F = DecisionFormatting
        func cell(_ text: String) -> String {
            "`" + F.printable(text).replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|") + "`"
        }
        var lines = ["**Incident packet**: " + headline, "", "| language | device | requests | latency p50 ms | latency p95 ms |", "|---|---|---:|---:|---:|"]
        lines += cells.map { "| \(cell($0.language)) | \(cell($0.device)) | \($0.count) | \(F.value($0.latencyP50Ms)) | \(F.value($0.latencyP95Ms)) |" }
        lines += ["", "| model version | requests |", "|---|---:|"]
        lines += versionsByCount.map { "| \(cell($0.0)) | \($0.1) |" }
        return lines.joined(separator: "\n")
    }
}
