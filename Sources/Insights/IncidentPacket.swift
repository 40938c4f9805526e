import FileFormats
import Traces
/// One (language, device) cell of an incident packet: a count and latency
/// percentiles, nothing that could name a user.
public struct PacketCell: Equatable, Sendable {
    public var language: String
    public var device: String
    /// Requests in the cell.
    public var count: Int
    /// Requests that logged a latency (the percentiles' n).
    public var latencyCount: Int
    /// Nearest-rank percentiles; nil when no request logged a latency.
    public var latencyP50Ms: Double?
    public var latencyP95Ms: Double?
    /// Cells folded into this one; non-zero only for the `other` cell.
    public var foldedCells: Int

    public init(language: String, device: String, count: Int, latencyCount: Int,
                latencyP50Ms: Double?, latencyP95Ms: Double?, foldedCells: Int = 0) {
        self.language = language
        self.device = device
        self.count = count
        self.latencyCount = latencyCount
        self.latencyP50Ms = latencyP50Ms
        self.latencyP95Ms = latencyP95Ms
        self.foldedCells = foldedCells
    }
}

/// A privacy-safe incident packet (seed lab 3, docs/decisions.md): per
/// (language, device) request counts and latency p50/p95, and model-version
/// counts. Every reported value seen fewer than `minCount` times is folded
/// into `other` — cells and model versions alike — so a rare combination
/// cannot single out a user and a tenant's fine-tune cannot name the tenant.
public struct IncidentPacket: Equatable, Sendable {
    /// Kept cells by count (descending), then language, then device; the
    /// folded `other` cell, when any, last.
    public var cells: [PacketCell]
    /// Requests per model version; `unknown` where none was logged, `other`
    /// for versions seen fewer than `minCount` times (unless kept).
    public var modelVersions: [String: Int]
    public var requestCount: Int
    public var minCount: Int
    /// Distinct model versions folded into `other`.
    public var foldedVersions: Int
    /// Line numbers of malformed lines skipped (`--skip-bad-lines`).
    public var skippedLines: [Int]

    /// The label of absent language, device or model version.
    public static let unknown = "unknown"
    /// The label of the folded cell and folded versions.
    public static let other = "other"
    /// The default `--min-count`.
    public static let defaultMinCount = 5

    /// Builds the packet. Rare model versions are folded like everything
    /// else unless `keepRareVersions` (an explicit, warned-about choice).
    public init(records: some Sequence<RequestRecord>, minCount: Int = IncidentPacket.defaultMinCount, keepRareVersions: Bool = false) {
        var builder = Builder(minCount: minCount, keepRareVersions: keepRareVersions)
        for record in records { builder.add(record) }
        self = builder.packet()
    }

    init(cells: [PacketCell], modelVersions: [String: Int], requestCount: Int, minCount: Int,
         foldedVersions: Int = 0, skippedLines: [Int] = []) {
        self.cells = cells
        self.modelVersions = modelVersions
        self.requestCount = requestCount
        self.minCount = minCount
        self.foldedVersions = foldedVersions
        self.skippedLines = skippedLines
    }

    /// Accumulates records one at a time, for logs streamed from disk.
    public struct Builder: Sendable {
        public let minCount: Int
        public let keepRareVersions: Bool
        /// Malformed lines skipped by the reader, by number.
        public var skippedLines: [Int] = []
        private var counts: [CellKey: Int] = [:]
        private var latencies: [CellKey: [Double]] = [:]
        private var versions: [String: Int] = [:]
        private var total = 0

        struct CellKey: Hashable, Sendable {
            var language: String
            var device: String
        }

        public init(minCount: Int = IncidentPacket.defaultMinCount, keepRareVersions: Bool = false) {
            self.minCount = max(1, minCount)
            self.keepRareVersions = keepRareVersions
        }

        /// Counts one request.
        public mutating func add(_ record: RequestRecord) {
            let key = CellKey(language: record.language ?? IncidentPacket.unknown, device: record.device ?? IncidentPacket.unknown)
            counts[key, default: 0] += 1
            if let latency = record.latencyMs { latencies[key, default: []].append(latency) }
            versions[record.modelVersion ?? IncidentPacket.unknown, default: 0] += 1
            total += 1
        }

        /// The packet of everything added so far.
        public func packet() -> IncidentPacket {
            var kept: [PacketCell] = []
            var folded: [Double] = [], foldedCount = 0, foldedCells = 0
            for (key, count) in counts {
                let values = latencies[key] ?? []
                // A real cell literally labelled other/other joins the fold
                // rather than appearing twice under one name.
                if count < minCount || (key.language == IncidentPacket.other && key.device == IncidentPacket.other) {
                    folded += values
                    foldedCount += count
                    foldedCells += 1
                } else {
                    kept.append(IncidentPacket.cell(key.language, key.device, count: count, latencies: values))
                }
            }
            kept.sort { a, b in
                if a.count != b.count { return a.count > b.count }
                if a.language != b.language { return codePointOrder(a.language, b.language) }
                return codePointOrder(a.device, b.device)
            }
            if foldedCount > 0 {
                var other = IncidentPacket.cell(IncidentPacket.other, IncidentPacket.other, count: foldedCount, latencies: folded)
                other.foldedCells = foldedCells
                kept.append(other)
            }
            var modelVersions: [String: Int] = [:]
            var foldedVersions = 0
            for (version, count) in versions {
                // A real version literally named other joins the fold.
                let fold = !keepRareVersions && (count < minCount || version == IncidentPacket.other)
                if fold { foldedVersions += 1 }
                modelVersions[fold ? IncidentPacket.other : version, default: 0] += count
            }
            return IncidentPacket(cells: kept, modelVersions: modelVersions, requestCount: total, minCount: minCount,
                                  foldedVersions: foldedVersions, skippedLines: skippedLines.sorted())
        }
    }

    static func cell(_ language: String, _ device: String, count: Int, latencies: [Double]) -> PacketCell {
        let sorted = latencies.sorted()
        return PacketCell(language: language, device: device, count: count, latencyCount: sorted.count,
                          latencyP50Ms: NearestRank.percentile(50, ofSorted: sorted),
                          latencyP95Ms: NearestRank.percentile(95, ofSorted: sorted))
    }
}
