import FixtureKit
import StreamingMetrics

/// The slices the harness derives from the audio rather than trusting the
/// author (docs/formats.md): `snr_bucket` and `duration_bucket`.
public enum DerivedSlices {
    /// Keys an author may not set with `--slice`.
    public static let keys: Set<String> = ["snr_bucket", "duration_bucket"]

    /// Derived slices from the mic's feature metrics. `snr_bucket` appears
    /// only when the features carry an `snr.bucket` label.
    public static func from(micMetrics metrics: MetricSet, durationSeconds: Double) -> [String: String] {
        var slices: [String: String] = [:]
        if case .string(let bucket)? = metrics["snr.bucket"] { slices["snr_bucket"] = bucket }
        if case .string(let bucket)? = metrics["duration_bucket"] {
            slices["duration_bucket"] = bucket
        } else {
            slices["duration_bucket"] = DurationBucket(seconds: durationSeconds).rawValue
        }
        return slices
    }
}
