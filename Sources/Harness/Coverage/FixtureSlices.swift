import Foundation
import StreamingMetrics

/// Each fixture's slices as a run sees them: the manifest's declared slices
/// (read with the shared `fixture/v1` decoder) plus the derived
/// `snr_bucket` and `duration_bucket` — taken from the manifest when `add`
/// wrote them there, measured from the mic otherwise.
public enum FixtureSlices {
    /// Audio features of a fixture's tracks, as flat metrics.
    public typealias FeatureMeasure = (FixtureManifest.Audio) throws -> MetricSet

    /// Fixtures under `fixturesDirectory` in id order. Folders without a
    /// `fixture.json` are not fixtures (sample audio, an `add` in progress)
    /// and are skipped; a manifest the decoder refuses is an error naming it.
    public static func load(
        fixturesDirectory: String,
        measure: FeatureMeasure = { try FeatureReport.measure(micPath: $0.mic).metrics }
    ) throws -> [(id: String, slices: [String: String])] {
        try GateCheck.fixtureIDs(in: fixturesDirectory).map { name in
            let manifest = try FixtureManifest.load(folder: (fixturesDirectory as NSString).appendingPathComponent(name))
            var slices = manifest.slices
            if slices["snr_bucket"] == nil || slices["duration_bucket"] == nil {
                let features = try measure(manifest.audio)
                if slices["snr_bucket"] == nil, case .string(let bucket)? = features["snr.bucket"] { slices["snr_bucket"] = bucket }
                if slices["duration_bucket"] == nil, case .string(let bucket)? = features["duration_bucket"] { slices["duration_bucket"] = bucket }
            }
            return (manifest.id, slices)
        }
    }
}
