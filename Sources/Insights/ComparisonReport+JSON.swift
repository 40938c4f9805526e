import FileFormats
import Traces

extension ComparisonReport {
    /// The `compare` shape (`findings`, `recommendation`), plus the inputs,
    /// each finding's values, budget, status, interval and fixtures, the
    /// bootstrap settings, and the per-slice table with cost beside quality.
    public var json: JSONValue {
        .object([
            "baseline": .string(baselinePath),
            "candidate": .string(candidatePath),
            "budgets": budgetsPath.map(JSONValue.string) ?? .string("built-in"),
            "slo_burn": .finite(sloBurn),
            "baseline_fixtures": .number(Double(baselineFixtures)),
            "candidate_fixtures": .number(Double(candidateFixtures)),
            "baseline_errored": .number(Double(baselineErrored)),
            "candidate_errored": .number(Double(candidateErrored)),
            "min_fixtures": .number(Double(comparison.minFixtures)),
            "bootstrap": .object([
                "method": .string("paired"),
                "seed": .number(Double(comparison.bootstrap.seed)),
                "resamples": .number(Double(comparison.bootstrap.resamples)),
                "confidence": .number(Double(comparison.bootstrap.confidencePercent) / 100),
            ]),
            "findings": .array(comparison.findings.map(\.json)),
            "recommendation": .object([
                "action": .string(recommendation.action.rawValue),
                "reason": .string(recommendation.reason),
                "route_to_baseline": .array(recommendation.routeToBaseline.map(JSONValue.string)),
                "fixtures": .array(recommendation.fixtures.map(JSONValue.string)),
                "regressing_fixtures": .number(Double(recommendation.regressingFixtures)),
                "paired_fixtures": .number(Double(recommendation.pairedFixtures)),
            ]),
            "aggregate_wins": .array(comparison.aggregateWins.map { .string($0.metric) }),
            "slices": .array(comparison.rows.map(\.json)),
        ])
    }
}

extension SliceFinding {
    /// One finding; `metric`, `delta` and `severity` are null where they do
    /// not exist (a missing slice has no metric and no finite severity).
    var json: JSONValue {
        var fields: [String: JSONValue] = [
            "slice": .string(slice),
            "metric": metric.map(JSONValue.string) ?? .null,
            "delta": .finite(delta),
            "severity": .finite(severity),
            "kind": .string(kind.rawValue),
            "baseline": .finite(baseline),
            "candidate": .finite(candidate),
            "status": .string(status.rawValue),
        ]
        if kind == .regression {
            fields["interval"] = evidence?.interval.json ?? .null
            fields["paired_fixtures"] = .number(Double(evidence?.pairedCount ?? 0))
            fields["driven_by"] = evidence?.drivenBy.map { .array($0.map(JSONValue.string)) } ?? .null
            fields["fixture_deltas"] = .array((evidence?.fixtures ?? []).map { fixture in
                .object([
                    "id": .string(fixture.id),
                    "baseline": .finite(fixture.baseline),
                    "candidate": .finite(fixture.candidate),
                    "delta": .finite(fixture.delta),
                    "contribution": .finite(fixture.contribution),
                ])
            })
        }
        if let budget {
            fields["allowed_delta"] = .finite(budget.allowedDelta)
            fields["direction"] = .string(budget.direction.rawValue)
            fields["critical"] = .bool(budget.critical)
        }
        return .object(fields)
    }
}

extension SliceRow {
    var json: JSONValue {
        .object([
            "slice": .string(slice),
            "baseline_fixtures": baselineFixtures.map { .number(Double($0)) } ?? .null,
            "candidate_fixtures": candidateFixtures.map { .number(Double($0)) } ?? .null,
            "quality": .object(Dictionary(uniqueKeysWithValues: quality.map { ($0.metric, $0.json) })),
            "cost": .object(Dictionary(uniqueKeysWithValues: cost.map { ($0.metric, $0.json) })),
        ])
    }
}

extension MetricChange {
    var json: JSONValue {
        .object([
            "baseline": .finite(baseline),
            "candidate": .finite(candidate),
            "delta": .finite(delta),
            "relative_delta": .finite(relativeDelta),
            "verdict": .string(verdict.rawValue),
            "interval": interval.json,
            "paired_fixtures": .number(Double(pairedFixtures)),
        ])
    }
}

extension Optional where Wrapped == DeltaInterval {
    /// `{"low", "high"}`, or null with no paired fixture.
    var json: JSONValue {
        guard let interval = self else { return .null }
        return .object(["low": .finite(interval.low), "high": .finite(interval.high)])
    }
}
