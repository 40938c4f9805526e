import FileFormats
import FixtureAudio
import FixtureKit
import Foundation
import Traces

/// Creates `<fixtures>/<id>/` from a `FixtureRequest` (`fixture-check add`).
///
/// Everything is validated before anything is written; the fixture is then
/// built in a hidden temporary folder inside the fixtures folder and renamed
/// into place, so a refusal leaves the tree untouched and a crash leaves at
/// most a hidden `.add-*` folder that no loader treats as a fixture.
public struct FixtureAuthor {
    public var fixturesDirectory: String

    public init(fixturesDirectory: String) {
        self.fixturesDirectory = fixturesDirectory
    }

    /// Validates `request`, builds the fixture and returns its folder path.
    /// Throws `AuthoringRefusal` (or `AudioError` for undecodable audio).
    @discardableResult
    public func add(_ request: FixtureRequest) throws -> String {
        let provenance = try Provenance(kind: request.provenanceKind, consentRef: request.consentRef)
        try FixtureID.validate(request.id)
        let destination = (fixturesDirectory as NSString).appendingPathComponent(request.id)
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw AuthoringRefusal(.existingFixture, "fixture '\(request.id)' already exists at \(destination); choose another --id")
        }
        for key in request.slices.keys where DerivedSlices.keys.contains(key) {
            throw AuthoringRefusal(.slice, "--slice \(key)=… is derived from the audio by the harness and cannot be set")
        }

        var tracks: [NewTrack] = []
        for (role, path) in request.audioTracks {
            do {
                tracks.append(NewTrack(role: role, path: path, shape: try AudioContentHash.shape(path: path),
                                       prefix: try AudioContentHash.prefix(path: path)))
            } catch let error as AudioError {
                throw AuthoringRefusal(.audio, "--\(role.replacingOccurrences(of: "_", with: "-")) \(error)")
            }
        }
        let mic = try FeatureReport.measure(micPath: request.micPath)
        try SpeechAnnotation.validate(request.speech, audioDurationMs: mic.audio.durationSeconds * 1000, micPath: request.micPath)
        for (section, path) in request.traces { try TraceFileCheck.validate(path: path, section: section) }
        try Self.checkLiveParts(request)
        try refuseDuplicates(&tracks)

        var slices = request.slices
        slices.merge(DerivedSlices.from(micMetrics: mic.metrics, durationSeconds: mic.audio.durationSeconds)) { _, derived in derived }
        var audioFiles: [String: String] = [:]
        for (role, path) in request.audioTracks {
            let ext = (path as NSString).pathExtension
            audioFiles[role] = ext.isEmpty ? role : "\(role).\(ext)"
        }
        var traceFiles: [String: String] = [:]
        for (section, _) in request.traces { traceFiles[section] = "\(section).jsonl" }
        let manifest = ManifestDocument(
            id: request.id, description: request.description.flatMap { $0.isEmpty ? nil : $0 }, provenance: provenance,
            slices: slices, audio: audioFiles, speech: request.speech.isEmpty ? nil : request.speech,
            reference: request.reference, traces: traceFiles, asrAdapter: request.asrAdapter,
            ttsAdapter: request.ttsAdapter.map { ($0, request.ttsRequests) })
        try build(destination: destination, request: request, audioFiles: audioFiles, traceFiles: traceFiles, manifest: manifest)
        return destination
    }

    /// A part is recorded or live, never both; a live TTS part needs what
    /// to say, and requests need a live TTS part.
    static func checkLiveParts(_ request: FixtureRequest) throws {
        if request.asrAdapter != nil, request.asrTracePath != nil {
            throw AuthoringRefusal(.trace, "give --asr-trace (recorded) or --asr-adapter (live), not both")
        }
        if request.ttsAdapter != nil, request.ttsTracePath != nil {
            throw AuthoringRefusal(.trace, "give --tts-trace (recorded) or --tts-adapter (live), not both")
        }
        if request.ttsAdapter != nil, request.ttsRequests.isEmpty {
            throw AuthoringRefusal(.trace, "--tts-adapter needs at least one --tts-request T_MS:TEXT: what the engine is asked to say")
        }
        if request.ttsAdapter == nil, !request.ttsRequests.isEmpty {
            throw AuthoringRefusal(.trace, "--tts-request needs --tts-adapter: requests are what a live TTS engine is asked to say")
        }
    }

    /// A new mic may not repeat any existing track, and no new track may
    /// repeat an existing mic. Shared playback prompts (`far_end`) and clean
    /// voices (`near_end`) across fixtures are how synthetic scenes vary
    /// noise and device, so those pairs alone are not duplicates.
    ///
    /// Cheap tests first: the header (rate, channels, length), then the
    /// hash of the first half second; only a track passing both is decoded
    /// whole. Each test is implied by equal content, so none can miss.
    private func refuseDuplicates(_ new: inout [NewTrack]) throws {
        for track in ExistingFixtureAudio.tracks(fixturesDirectory: fixturesDirectory) {
            let existingIsMic = track.role == nil || track.role == "mic"
            guard let shape = try? AudioContentHash.shape(path: track.path) else { continue }
            let eligible = new.indices.filter { (new[$0].role == "mic" || existingIsMic) && new[$0].shape == shape }
            guard !eligible.isEmpty, let prefix = try? AudioContentHash.prefix(path: track.path) else { continue }
            let candidates = eligible.filter { new[$0].prefix == prefix }
            guard !candidates.isEmpty, let hash = try? AudioContentHash.of(path: track.path) else { continue }
            for index in candidates {
                if new[index].hash == nil { new[index].hash = try AudioContentHash.of(path: new[index].path) }
                guard new[index].hash == hash else { continue }
                throw AuthoringRefusal(.duplicateAudio, "\(new[index].path): same audio as \(track.path) of existing fixture '\(track.fixture)'; extend that fixture instead of adding a copy")
            }
        }
    }

    private struct NewTrack {
        var role: String
        var path: String
        var shape: AudioContentHash.Shape
        var prefix: String
        /// The full content hash, computed only when a candidate needs it.
        var hash: String?
    }

    private func build(destination: String, request: FixtureRequest, audioFiles: [String: String],
                       traceFiles: [String: String], manifest: ManifestDocument) throws {
        let fm = FileManager.default
        let temporary = (fixturesDirectory as NSString).appendingPathComponent(".add-\(request.id)-\(UUID().uuidString)")
        do {
            try fm.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        } catch {
            throw AuthoringRefusal(.fileSystem, "\(fixturesDirectory): cannot create a folder: \(error.localizedDescription)")
        }
        do {
            for (role, path) in request.audioTracks {
                try copy(path, to: (temporary as NSString).appendingPathComponent(audioFiles[role]!))
            }
            for (section, path) in request.traces {
                try copy(path, to: (temporary as NSString).appendingPathComponent(traceFiles[section]!))
            }
            let manifestPath = (temporary as NSString).appendingPathComponent("fixture.json")
            guard fm.createFile(atPath: manifestPath, contents: Data(manifest.text.utf8)) else {
                throw AuthoringRefusal(.fileSystem, "\(manifestPath): cannot write the manifest")
            }
            // The folder always holds a manifest, so rename(2) cannot replace
            // a fixture that appeared meanwhile: it fails on a non-empty target.
            guard rename(temporary, destination) == 0 else {
                let reason = String(cString: strerror(errno))
                throw AuthoringRefusal(.existingFixture, "\(destination): cannot move the new fixture into place: \(reason)")
            }
        } catch {
            try? fm.removeItem(atPath: temporary)
            throw error
        }
    }

    private func copy(_ source: String, to target: String) throws {
        do {
            try FileManager.default.copyItem(atPath: source, toPath: target)
        } catch {
            throw AuthoringRefusal(.fileSystem, "\(source): cannot copy into the fixture: \(error.localizedDescription)")
        }
    }
}
