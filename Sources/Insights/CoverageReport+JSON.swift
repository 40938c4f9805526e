import FileFormats
import StreamingMetrics
import Traces

extension CoverageReport {
    /// The SPEC §8 JSON shape, plus `fixture_count`, `dimensions`,
    /// `min_per_cell` and `unknown_dimensions`.
    public var json: JSONValue {
        .object([
            "fixture_count": .number(Double(fixtureCount)),
            "dimensions": .array(dimensions.map(JSONValue.string)),
            "min_per_cell": .number(Double(minPerCell)),
            "unknown_dimensions": .array(unknownDimensions.map(JSONValue.string)),
            "gaps": .array(gaps.map { cell in
                .object([
                    "cell": .object(Dictionary(uniqueKeysWithValues: zip(dimensions, cell.values.map(JSONValue.string)))),
                    "have": .number(Double(cell.have)),
                    "need": .number(Double(cell.need)),
                ])
            }),
            "drift": .array(drift.map { row in
                .object([
                    "dimension": .string(row.dimension),
                    "value": .string(row.value),
                    "traffic_share": .finite(row.trafficShare),
                    "fixture_share": .finite(row.fixtureShare),
                    "alert": .bool(row.alert),
                ])
            }),
            "js_divergence": .object(jsDivergence.mapValues { JSONValue.finite($0) }),
        ])
    }
}
