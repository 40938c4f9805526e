import FileFormats
import StreamingMetrics
import Traces

/// A `fixture/v1` manifest as written: the one encoder behind `add`,
/// `synth` and duplex scenes, so every writer produces what
/// `FixtureManifest.load` reads. File names are relative to the fixture
/// folder; the caller decides them.
public struct ManifestDocument: Sendable {
    /// How a synthesized fixture was made, recorded in its provenance so
    /// it can be made again.
    public struct SynthesisOrigin: Equatable, Sendable {
        public var generator: String
        /// The recipe's file name (not its path: the manifest must not
        /// depend on where the command ran).
        public var recipe: String
        public var recipeSHA256: String
        public var seed: UInt64

        public init(generator: String, recipe: String, recipeSHA256: String, seed: UInt64) {
            self.generator = generator
            self.recipe = recipe
            self.recipeSHA256 = recipeSHA256
            self.seed = seed
        }
    }

    public var id: String
    public var description: String?
    public var provenance: Provenance
    public var origin: SynthesisOrigin?
    /// Declared and derived slices together.
    public var slices: [String: String]
    /// Manifest role (`mic`, `far_end`, `near_end`, `aec_out`) → file name.
    public var audio: [String: String]
    /// User speech on the mic timeline; nil writes no `speech` annotation.
    public var speech: [SpeechSegment]?
    public var reference: String?
    /// Part (`asr`, `tts`, `turns`) → recorded trace file name.
    public var traces: [String: String]
    /// An ASR part run live through this adapter (`"asr": {"adapter": …}`).
    public var asrAdapter: String?
    /// A TTS part run live: the adapter and what it is asked to say.
    public var ttsAdapter: (name: String, requests: [SynthesisRequest])?
    public var bargeInBudgetMs: Double?

    public init(id: String, description: String? = nil, provenance: Provenance, origin: SynthesisOrigin? = nil,
                slices: [String: String] = [:], audio: [String: String], speech: [SpeechSegment]? = nil,
                reference: String? = nil, traces: [String: String] = [:], asrAdapter: String? = nil,
                ttsAdapter: (name: String, requests: [SynthesisRequest])? = nil, bargeInBudgetMs: Double? = nil) {
        self.id = id
        self.description = description
        self.provenance = provenance
        self.origin = origin
        self.slices = slices
        self.audio = audio
        self.speech = speech
        self.reference = reference
        self.traces = traces
        self.asrAdapter = asrAdapter
        self.ttsAdapter = ttsAdapter
        self.bargeInBudgetMs = bargeInBudgetMs
    }

    /// The manifest as canonical JSON.
    public var json: JSONValue {
        var provenance = self.provenance.json.objectValue ?? [:]
        if let origin {
            provenance["generator"] = .string(origin.generator)
            provenance["recipe"] = .string(origin.recipe)
            provenance["recipe_sha256"] = .string(origin.recipeSHA256)
            provenance["seed"] = .number(Double(origin.seed))
        }
        var root: [String: JSONValue] = [
            "schema": .string(FixtureManifest.schema),
            "id": .string(id),
            "provenance": .object(provenance),
            "slices": .object(slices.mapValues(JSONValue.string)),
            "audio": .object(audio.mapValues(JSONValue.string)),
        ]
        if let description { root["description"] = .string(description) }
        var annotations: [String: JSONValue] = [:]
        if let speech { annotations["speech"] = .array(speech.map { .array([.finite($0.startMs), .finite($0.endMs)]) }) }
        if let reference { annotations["reference"] = .string(reference) }
        if !annotations.isEmpty { root["annotations"] = .object(annotations) }
        for (part, file) in traces { root[part] = .object(["trace": .string(file)]) }
        if let asrAdapter { root["asr"] = .object(["adapter": .string(asrAdapter)]) }
        if let ttsAdapter {
            let requests = ttsAdapter.requests.map { JSONValue.object(["t_ms": .finite($0.tMs), "text": .string($0.text)]) }
            root["tts"] = .object(["adapter": .string(ttsAdapter.name), "requests": .array(requests)])
        }
        if let bargeInBudgetMs { root["budgets"] = .object(["barge_in_ms": .finite(bargeInBudgetMs)]) }
        return .object(root)
    }

    /// The manifest file's bytes: canonical JSON and a final newline.
    public var text: String { json.serialized() + "\n" }
}
