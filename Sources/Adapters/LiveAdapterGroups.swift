import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The process groups of adapters that are running now, so a harness that
/// gives up on a stuck fixture (`--fixture-timeout`) can kill its engines
/// before it exits instead of leaving them orphaned.
public enum LiveAdapterGroups {
    private static let groups = Mutex<Set<pid_t>>([])

    static func insert(_ pid: pid_t) {
        _ = groups.withLock { $0.insert(pid) }
    }

    static func remove(_ pid: pid_t) {
        _ = groups.withLock { $0.remove(pid) }
    }

    /// SIGKILLs every adapter process group still running; returns how many.
    /// Their children are not reaped: call this only on the way out.
    @discardableResult
    public static func killAll() -> Int {
        groups.withLock { groups in
            for pid in groups { kill(-pid, SIGKILL) }
            defer { groups.removeAll() }
            return groups.count
        }
    }
}
