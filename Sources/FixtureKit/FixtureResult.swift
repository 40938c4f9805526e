import Foundation
import StreamingMetrics

/// What running one fixture produced: its slices, its metrics under the flat
/// dotted names of docs/metrics.md, and any errors that stopped part of it.
public struct FixtureResult: Equatable, Sendable {
    /// The fixture's id (its folder name and manifest `id`).
    public var id: String
    /// Declared slices plus the derived `snr_bucket` and `duration_bucket`.
    public var slices: [String: String]
    public var metrics: MetricSet
    /// Errors that name the file (and line) at fault. Non-empty means the
    /// fixture failed to run, whatever metrics it has.
    public var errors: [String]
    /// Which engine produced each part's trace (`asr`, `tts`): `recorded`,
    /// or the adapter's name (a command for `--asr-command`).
    public var engines: [String: String]

    public init(id: String, slices: [String: String] = [:], metrics: MetricSet = [:], errors: [String] = [],
                engines: [String: String] = [:]) {
        self.id = id
        self.slices = slices
        self.metrics = metrics
        self.errors = errors
        self.engines = engines
    }

    /// The producer name of a recorded trace.
    public static let recorded = "recorded"
}

/// Runs one fixture folder (the real `FixtureRunner`, a results file, or
/// anything else that measures).
public typealias FixtureRunFunction = @Sendable (URL) -> FixtureRun
