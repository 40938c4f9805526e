import FileFormats
import StreamingMetrics
/// Joins shard results into the verdict an unsharded run would give.
public enum GateMerge {
    /// `reports[i]` was read from `paths[i]`. Refuses (naming the files)
    /// shard sets that disagree on N, repeat or miss a shard, mix metric
    /// versions, or list a fixture twice — any of which would make the
    /// merged verdict differ from an unsharded run.
    public static func merge(_ reports: [GateReport], paths: [String]) throws -> GateReport {
        guard !reports.isEmpty else { throw InputFileError(path: "merge", reason: "no shard results given") }
        let shards = reports.map { $0.shard ?? Shard(index: 1, count: 1) }
        let count = shards[0].count
        for (shard, path) in zip(shards, paths) where shard.count != count {
            throw InputFileError(path: path, reason: "is shard \(shard.index)/\(shard.count), but \(paths[0]) is one of \(count)")
        }
        var seen: [Int: String] = [:]
        for (shard, path) in zip(shards, paths) {
            if let other = seen[shard.index] {
                throw InputFileError(path: path, reason: "shard \(shard.index)/\(count) is also in \(other)")
            }
            seen[shard.index] = path
        }
        let missing = (1...count).filter { seen[$0] == nil }
        if !missing.isEmpty {
            throw InputFileError(path: "merge", reason: "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", "))")
        }
        // Shards of one run share the fixture set they were drawn from; a
        // shard of another folder (or another day's set) would make a
        // verdict for a set that never existed.
        for (report, path) in zip(reports, paths) {
            guard let set = report.fixtureSet else {
                throw InputFileError(path: path, reason: "does not record its fixture set (\"fixture_set\"): re-run the shard with this fixture-check")
            }
            if let first = reports[0].fixtureSet, set != first {
                throw InputFileError(path: path, reason: "comes from a fixture set of \(set.count) fixtures (\(set.digest)), but \(paths[0]) from one of \(first.count) (\(first.digest)): merge only the shards of one run")
            }
        }
        let version = reports[0].metricsVersion
        for (report, path) in zip(reports, paths) where report.metricsVersion != version {
            throw InputFileError(path: path, reason: "metrics_version \(report.metricsVersion) differs from \(version) in \(paths[0])")
        }
        var owner: [String: String] = [:]
        for (report, path) in zip(reports, paths) {
            for verdict in report.fixtures {
                if let other = owner[verdict.id] {
                    throw InputFileError(path: path, reason: "fixture \(verdict.id) is also in \(other)")
                }
                owner[verdict.id] = path
            }
        }
        return GateReport(fixtures: reports.flatMap(\.fixtures), shard: nil, fixtureSet: reports[0].fixtureSet,
                          metricsVersion: version)
    }
}
