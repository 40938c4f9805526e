import FileFormats
import StreamingMetrics
import Traces

extension CoverageReport {
    /// `gaps`, `drift` and `js_divergence`, plus `fixture_count`,
    /// `dimensions`, `min_per_cell` (null without a requirement),
    /// `unknown_dimensions`, `denominators` (fixtures carrying each required
    /// or traffic dimension), each drift row's `fixtures` (its numerator),
    /// and `suggestions` (a missing dimension → the nearest fixture key).
    public var json: JSONValue {
        .object([
            "fixture_count": .number(Double(fixtureCount)),
            "dimensions": .array(dimensions.map(JSONValue.string)),
            "min_per_cell": minPerCell.map { .number(Double($0)) } ?? .null,
            "denominators": .object(denominators.mapValues { .number(Double($0)) }),
            "suggestions": .object(suggestions.mapValues(JSONValue.string)),
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
                    "fixtures": .number(Double(row.fixtureCount)),
                    "alert": .bool(row.alert),
                ])
            }),
            "js_divergence": .object(jsDivergence.mapValues { JSONValue.finite($0) }),
        ])
    }
}
