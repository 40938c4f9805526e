import FixtureKit
import Foundation
import Gate
import StreamingMetrics
import XCTest

/// `--shard K/N`: a stable hash (not Swift's seeded `Hasher`), every id in
/// exactly one shard, `JOB_COMPLETION_INDEX`, and `merge` of the shards
/// giving the unsharded verdict.
final class ShardTests: XCTestCase {
    func testFNV1a64MatchesPublishedVectors() {
        // From the FNV reference test suite (Fowler/Noll/Vo).
        XCTAssertEqual(Shard.fnv1a64(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(Shard.fnv1a64("a"), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(Shard.fnv1a64("foobar"), 0x8594_4171_f739_67e8)
    }

    func testEveryIdIsInExactlyOneShard() {
        let ids = (0..<500).map { "fixture-\($0)" } + ["barge-in-sdk-echo-001", "é-ünïcode"]
        for n in [1, 2, 3, 7] {
            var sizes = Array(repeating: 0, count: n)
            for id in ids {
                let owners = (1...n).filter { Shard(index: $0, count: n).contains(id) }
                XCTAssertEqual(owners.count, 1, "\(id) in \(owners) of \(n)")
                sizes[owners[0] - 1] += 1
            }
            // 500 ids spread within ±40 % of the mean: the hash actually spreads.
            for size in sizes { XCTAssertGreaterThan(Double(size), 0.6 * Double(ids.count) / Double(n), "\(sizes)") }
        }
    }

    func testParsing() throws {
        XCTAssertEqual(try Shard(parsing: "2/4", jobCompletionIndex: nil), Shard(index: 2, count: 4))
        XCTAssertEqual(try Shard(parsing: "4", jobCompletionIndex: "0"), Shard(index: 1, count: 4), "0-based index → 1-based K")
        XCTAssertEqual(try Shard(parsing: "4", jobCompletionIndex: "3"), Shard(index: 4, count: 4))
        XCTAssertEqual(try Shard(parsing: "2/4", jobCompletionIndex: "0"), Shard(index: 2, count: 4), "explicit K wins")
        for bad in ["0/4", "5/4", "1/0", "a/b", "1/2/3", "4", "/4"] {
            XCTAssertThrowsError(try Shard(parsing: bad, jobCompletionIndex: bad == "4" ? "4" : nil), bad)
        }
    }

    func scratch() throws -> (GateScratch, [String: FixtureResult]) {
        let dir = try GateScratch()
        let store = GoldenStore(directory: dir.goldens)
        var results: [String: FixtureResult] = [:]
        for i in 0..<40 {
            let id = "fx-\(i)"
            try dir.addFixture(id)
            // Every fifth regresses, every seventh has no golden, one errors.
            results[id] = FixtureResult(id: id, metrics: ["x": .number(i % 5 == 0 ? 2 : 1)], errors: i == 13 ? ["boom"] : [])
            if i % 7 != 0 { try store.write(Golden(fixture: id, metrics: ["x": .number(1)])) }
        }
        try store.write(Golden(fixture: "orphan", metrics: ["x": .number(1)]))
        return (dir, results)
    }

    func testMergedShardsEqualTheUnshardedRun() throws {
        let (dir, results) = try scratch()
        let whole = try dir.check(results, record: .never)
        XCTAssertEqual(whole.exitCode, 2)
        for n in [1, 3, 4] {
            var reports: [GateReport] = []
            for k in 1...n {
                let part = try dir.check(results, record: .never, shard: Shard(index: k, count: n))
                // Through the JSON, as `merge` receives it.
                reports.append(try GateReport(json: .parse(part.json.serialized()), path: "shard-\(k).json"))
            }
            let merged = try GateMerge.merge(reports.reversed(), paths: (1...n).map { "shard-\($0).json" }.reversed())
            XCTAssertEqual(merged, whole, "N=\(n)")
            XCTAssertEqual(merged.exitCode, whole.exitCode)
        }
        let orphanOwners = (1...3).filter { Shard(index: $0, count: 3).contains("orphan") }
        XCTAssertEqual(orphanOwners.count, 1)
    }

    func testMergeRefusesIncompleteOrInconsistentShardSets() throws {
        let (dir, results) = try scratch()
        let parts = try (1...3).map { try dir.check(results, record: .never, shard: Shard(index: $0, count: 3)) }
        XCTAssertThrowsError(try GateMerge.merge([parts[0], parts[2]], paths: ["a", "c"])) {
            XCTAssertTrue("\($0)".contains("missing shard 2/3"), "\($0)")
        }
        XCTAssertThrowsError(try GateMerge.merge([parts[0], parts[1], parts[1], parts[2]], paths: ["a", "b", "b2", "c"])) {
            XCTAssertTrue("\($0)".contains("b2"), "\($0)")
        }
        let other = try dir.check(results, record: .never, shard: Shard(index: 1, count: 2))
        XCTAssertThrowsError(try GateMerge.merge([parts[0], other], paths: ["a", "x"])) { XCTAssertTrue("\($0)".hasPrefix("x:")) }
        XCTAssertThrowsError(try GateMerge.merge([], paths: []))
    }

    func testRejectsJSONThatIsNotACheckResult() {
        XCTAssertThrowsError(try GateReport(json: .object(["fixtures": .array([])]), path: "run.json")) {
            XCTAssertTrue("\($0)".hasPrefix("run.json:"))
        }
    }
}
