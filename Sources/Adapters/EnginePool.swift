import Dispatch
import FileFormats
import Foundation
import Traces

/// A value guarded by one lock: the only way in is `withLock`, which holds
/// the lock for the whole access. The pool's only shared mutable state.
final class LockedBox<Value>: @unchecked Sendable {
    // @unchecked is sound: `value` is private and read or written only
    // inside `withLock`, under `lock`, so no two threads touch it at once,
    // and the lock orders every access after the previous one. A value
    // (here an idle `AdapterProcess`) taken out of the box inside the
    // closure is owned by that caller alone from then on.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// The processes of one sessions engine (`"streams": "many"`): at most
/// `capacity` alive at once, each serving fixture after fixture.
///
/// A stream checks a process out (`begin`), which reuses an idle one or
/// spawns a fresh one, sends `start` and waits for `ready` (bounded by
/// `startup_timeout_s`); when the stream ended with `done` it goes back
/// (`end(reusable: true)`). A stream that failed — the engine crashed,
/// hung, broke the protocol — has already killed its process group; its
/// slot is freed and the next stream gets a fresh process. An idle process
/// that died (after its `done`, say) is noticed at the next `begin` and
/// replaced, so the fixture it was meant for does not pay for it.
///
/// More than `capacity` streams at once wait for a slot: a caller must not
/// hold two streams of one pool at once.
public final class EnginePool: Sendable {
    public let name: String
    public let command: [String]
    public let limits: AdapterLimits
    /// Most processes alive at once.
    public let capacity: Int

    private struct State {
        var idle: [AdapterProcess] = []
        var started = 0
        var replaced = 0
        var shutDown = false
    }

    private let state = LockedBox(State())
    private let slots: DispatchSemaphore

    public init(name: String, command: [String], limits: AdapterLimits = AdapterLimits(), capacity: Int) {
        self.name = name
        self.command = command
        self.limits = limits
        self.capacity = max(1, capacity)
        self.slots = DispatchSemaphore(value: max(1, capacity))
    }

    deinit { shutdown() }

    /// Processes spawned so far (the first of each slot, and every
    /// replacement).
    public var processesStarted: Int { state.withLock { $0.started } }

    /// Idle processes found dead or broken at `begin` and replaced.
    public var processesReplaced: Int { state.withLock { $0.replaced } }

    /// Processes waiting, alive, for the next stream.
    public var idleProcesses: Int { state.withLock { $0.idle.count } }

    /// Ends every idle process: EOF on stdin, then its group is killed if it
    /// has not exited within the timeout (5 s at most). Streams still
    /// running are not touched; their processes end when they come back.
    public func shutdown() {
        let idle = state.withLock { state -> [AdapterProcess] in
            state.shutDown = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        Self.finishAll(idle)
    }

    /// Closes all stdins first, then waits, so N engines exit in parallel.
    static func finishAll(_ processes: [AdapterProcess]) {
        for process in processes { process.closeInput() }
        for process in processes { process.finish() }
    }

    /// A process that has answered `start` with `ready`, reused or fresh.
    func begin(start: JSONValue) throws -> AdapterProcess {
        slots.wait()
        do {
            while let idle = state.withLock({ $0.idle.popLast() }) {
                guard idle.isReusable else {
                    idle.abandon()
                    state.withLock { $0.replaced += 1 }
                    continue
                }
                do {
                    try Self.handshake(idle, start: start, limits: limits)
                    return idle
                } catch let failure as AdapterFailure where failure.kind == .exited {
                    // Died while idle, between our check and our `start`:
                    // not this stream's fault, so a fresh process serves it.
                    state.withLock { $0.replaced += 1 }
                }
            }
            let fresh = try AdapterProcess(name: name, command: command, limits: limits)
            state.withLock { $0.started += 1 }
            try Self.handshake(fresh, start: start, limits: limits)
            return fresh
        } catch {
            slots.signal()
            throw error
        }
    }

    /// Gives a process back after its stream: kept for the next stream
    /// when `reusable` (the stream ended with `done`) and it is still
    /// healthy, otherwise killed with its group. Frees the slot either way.
    func end(_ process: AdapterProcess, reusable: Bool) {
        var keep = reusable && process.isReusable
        if keep {
            keep = state.withLock { state in
                guard !state.shutDown else { return false }
                state.idle.append(process)
                return true
            }
            if !keep { process.finish() }
        } else {
            process.abandon()
        }
        slots.signal()
    }

    /// Sends `start` and waits for `ready`, for at most the startup
    /// timeout (model loading); anything else before `ready` is a protocol
    /// violation, an `error` message a clean failure.
    static func handshake(_ process: AdapterProcess, start: JSONValue, limits: AdapterLimits) throws {
        try process.send(start, what: "the start message")
        let what = "ready after start"
        let message = try process.receive(awaiting: what, timeout: limits.startupTimeoutSeconds)
        let type = message["type"]!.stringValue!
        switch type {
        case "ready":
            return
        case "error":
            let detail = message["message"]?.stringValue ?? message.serialized(pretty: false)
            throw process.fail(.protocolViolation, "reported an error before ready: \(detail)")
        default:
            throw process.fail(.protocolViolation, "sent \"\(type)\" while we waited for \(what)")
        }
    }
}

/// The pools of a run, one per sessions engine, made on first use and
/// shared by every fixture (and every copy of the owner). Ending the run
/// (releasing the last reference, or `shutdown`) ends the idle engines.
public final class EnginePools: Sendable {
    /// Fixtures run at once (`--jobs`): the most processes per engine,
    /// before `max_processes` caps it.
    public let jobs: Int
    private let pools = LockedBox([String: EnginePool]())

    public init(jobs: Int = 1) { self.jobs = max(1, jobs) }

    deinit { shutdown() }

    /// The pool of the engine `spec` declares, `command` resolved.
    public func pool(for spec: AdapterSpec, command: [String]) -> EnginePool {
        pools.withLock { pools in
            if let pool = pools[spec.name] { return pool }
            let pool = EnginePool(name: spec.name, command: command, limits: spec.limits,
                                  capacity: spec.poolCapacity(jobs: jobs))
            pools[spec.name] = pool
            return pool
        }
    }

    /// The pools made so far, by engine name.
    public var all: [String: EnginePool] { pools.withLock { $0 } }

    /// Ends the idle engines of every pool.
    public func shutdown() {
        for pool in all.values { pool.shutdown() }
    }
}
