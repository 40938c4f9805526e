import Foundation
import Synchronization

/// How far a run over many fixtures has got, for a progress line on a
/// terminal (docs/gate.md: fixtures done of total, elapsed, failures so far).
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
private final class PoolState<Result: Sendable>: Sendable {
    private struct Counts {
        var nextIndex = 0
        var done = 0
        var failures = 0
        var slots: [Result?]
    }

    private let counts: Mutex<Counts>

    init(count: Int) { counts = Mutex(Counts(slots: Array(repeating: nil, count: count))) }

    func next() -> Int? {
        counts.withLock { state in
            guard state.nextIndex < state.slots.count else { return nil }
            defer { state.nextIndex += 1 }
            return state.nextIndex
        }
    }

    func finish(_ index: Int, _ result: Result, failed: Bool) -> (done: Int, failures: Int) {
        counts.withLock { state in
            state.slots[index] = result
            state.done += 1
            if failed { state.failures += 1 }
            return (state.done, state.failures)
        }
    }

    var results: [Result] { counts.withLock { state in state.slots.map { $0! } } }
}
