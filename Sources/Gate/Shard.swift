import Foundation

/// One of `count` disjoint slices of the fixture set, chosen by a stable
/// hash of the fixture id so every machine and every run agrees.
public struct Shard: Equatable, Sendable {
    /// 1-based, as `--shard K/N` spells it.
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (1 ≤ K ≤ N), or a bare `N` whose K comes from the
    /// 0-based `JOB_COMPLETION_INDEX` of a Kubernetes Indexed Job.
    public init(parsing text: String, jobCompletionIndex: String?) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        func int(_ s: Substring) -> Int? { Int(s.trimmingCharacters(in: .whitespaces)) }
        switch parts.count {
        case 2:
            guard let k = int(parts[0]), let n = int(parts[1]), n >= 1, (1...n).contains(k) else {
                throw ShardSyntaxError(reason: "--shard \(text): expected K/N with 1 ≤ K ≤ N")
            }
            self.init(index: k, count: n)
        case 1:
            guard let n = int(parts[0]), n >= 1 else {
                throw ShardSyntaxError(reason: "--shard \(text): expected K/N, or N with JOB_COMPLETION_INDEX set")
            }
            guard let env = jobCompletionIndex, let i = Int(env), (0..<n).contains(i) else {
                throw ShardSyntaxError(reason: "--shard \(text) needs JOB_COMPLETION_INDEX in 0..<\(n) (got \(jobCompletionIndex.map { "\"\($0)\"" } ?? "nothing"))")
            }
            self.init(index: i + 1, count: n)
        default:
            throw ShardSyntaxError(reason: "--shard \(text): expected K/N")
        }
    }

    /// Whether fixture `id` belongs to this shard.
    public func contains(_ id: String) -> Bool {
        Int(Shard.fnv1a64(id) % UInt64(count)) == index - 1
    }

    /// FNV-1a 64 over the id's UTF-8 bytes: unlike Swift's `Hasher`, the
    /// same on every process, platform and release.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// A malformed `--shard` value.
public struct ShardSyntaxError: Error, CustomStringConvertible, Equatable, Sendable {
    public var reason: String
    public var description: String { reason }
}
