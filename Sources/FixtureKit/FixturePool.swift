import Foundation

/// How far a run over many fixtures has got, for a progress line on a
/// terminal (SPEC §5: fixtures done of total, elapsed, failures so far).
public struct FixtureProgress: Equatable, Sendable {
    public var done: Int
    public var total: Int
    /// Fixtures that failed (the gate) or errored (`run`) so far.
    public var failures: Int
    public var elapsedSeconds: Double
}

/// Runs independent fixtures on up to `jobs` worker threads and returns
/// their results in input order, whatever order they finish in — the one
/// scheduler behind `run` and `check`.
public enum FixturePool {
    public static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], jobs: Int,
        failed: @escaping @Sendable (Result) -> Bool,
        progress: (@Sendable (FixtureProgress) -> Void)?,
        work: @escaping @Sendable (Item) -> Result
    ) -> [Result] {
        let state = PoolState<Result>(count: items.count)
        let start = Date()
        let group = DispatchGroup()
        for _ in 0..<max(1, min(jobs, items.count)) {
            group.enter()
            // Plain threads, not the global queue: a fixture blocks on file
            // and process I/O, and must not starve Dispatch's workers.
            Thread.detachNewThread {
                while let index = state.next() {
                    let result = work(items[index])
                    let (done, failures) = state.finish(index, result, failed: failed(result))
                    progress?(FixtureProgress(done: done, total: items.count, failures: failures,
                                              elapsedSeconds: Date().timeIntervalSince(start)))
                }
                group.leave()
            }
        }
        group.wait()
        return state.results
    }
}

/// Work queue and results shared by the worker threads.
private final class PoolState<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var done = 0
    private var failures = 0
    private var slots: [Result?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.withLock {
            guard nextIndex < slots.count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func finish(_ index: Int, _ result: Result, failed: Bool) -> (done: Int, failures: Int) {
        lock.withLock {
            slots[index] = result
            done += 1
            if failed { failures += 1 }
            return (done, failures)
        }
    }

    var results: [Result] { lock.withLock { slots.map { $0! } } }
}
