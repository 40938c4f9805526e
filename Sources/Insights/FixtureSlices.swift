import FixtureKit
import Foundation
import StreamingMetrics

/// Each fixture's slices as a run sees them: the manifest's declared slices
/// (read with the shared `fixture/v1` decoder) with the derived
/// `snr_bucket` and `duration_bucket` measured from the mic, exactly as
/// `FixtureRunner` derives them — a bucket written into a manifest (by
/// `add` or `synth`) is informational and the measurement wins, so coverage
/// and `compare` never disagree about which slice a fixture is in.
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
        try FixtureFolders.ids(in: fixturesDirectory).map { name in
            let manifest = try FixtureManifest.load(folder: (fixturesDirectory as NSString).appendingPathComponent(name))
            var slices = manifest.slices
            let features = try measure(manifest.audio)
            if case .string(let bucket)? = features["snr.bucket"] { slices["snr_bucket"] = bucket }
            if case .string(let bucket)? = features["duration_bucket"] { slices["duration_bucket"] = bucket }
            return (manifest.id, slices)
        }
    }
}
