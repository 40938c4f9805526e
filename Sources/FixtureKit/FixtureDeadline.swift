import Adapters
import Foundation
import Synchronization

/// A per-fixture time limit (`--fixture-timeout`), so one fixture that
/// hangs — libsndfile looping on a malformed header, an engine that never
/// answers — cannot stall a CI run.
///
/// A Swift thread cannot be killed safely, so a fixture that overruns is
/// *abandoned*: its measurement keeps running on its own thread, its result
/// is discarded, and the fixture becomes an error naming it and the limit.
/// The other fixtures go on. The process then exits 2 (the error), which
/// ends the abandoned thread; the CLI first kills every adapter still
/// running (`LiveAdapterGroups.killAll`) so no engine outlives the run.
public enum FixtureDeadline {
    /// Default limit: far above any sane fixture (the bundled ones take well
    /// under a second), low enough that a stuck one fails a CI job quickly.
    public static let defaultSeconds: Double = 120

    private static let abandonedCount = Mutex(0)

    /// Fixtures abandoned so far in this process.
    public static var abandoned: Int { abandonedCount.withLock { $0 } }

    /// Runs `body` on a thread of its own and waits at most `seconds`;
    /// nil when it did not finish in time (the thread is left running).
    public static func run<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let worker = Thread {
            box.value.withLock { $0 = body() }
            done.signal()
        }
        // The runner's callers use the same 8 MiB as the main thread; a
        // deeply nested JSON file must not overflow a smaller default stack.
        worker.stackSize = 8 << 20
        worker.start()
        guard done.wait(timeout: .now() + seconds) == .success else {
            abandonedCount.withLock { $0 += 1 }
            return nil
        }
        return box.value.withLock { $0 }
    }

    /// `runner` with a deadline: a fixture folder that overruns gives an
    /// error result for the folder's name instead of hanging its caller.
    public static func guarded(_ runner: @escaping FixtureRunFunction, seconds: Double) -> FixtureRunFunction {
        { folder in
            run(seconds: seconds) { runner(folder) } ?? timedOut(folder: folder.path, seconds: seconds)
        }
    }

    /// Kills every adapter still running, before a process that abandoned a
    /// fixture exits; returns how many process groups it killed.
    @discardableResult
    public static func killStrandedAdapters() -> Int {
        LiveAdapterGroups.killAll()
    }

    /// The result of a fixture that overran its limit.
    public static func timedOut(folder: String, seconds: Double) -> FixtureRun {
        let id = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
        let limit = seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
        return FixtureRun(result: FixtureResult(id: id, errors: [
            "fixture \(id): no result within \(limit) s (--fixture-timeout \(limit)); abandoned, the other fixtures ran on",
        ]))
    }
}

/// The worker's result, handed to the waiting thread.
private final class ResultBox<T: Sendable>: Sendable {
    let value = Mutex<T?>(nil)
}
