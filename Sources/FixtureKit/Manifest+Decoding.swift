import FileFormats
import Foundation
import StreamingMetrics
import Traces

extension FixtureManifest {
    /// The schema this decoder reads.
    public static let schema = "fixture/v1"

    /// Reads `folder/fixture.json`. Errors name the manifest and the field.
    /// A key the schema does not define is an error naming the nearest
    /// defined one; keys starting `x_` are extensions a tool may add, and
    /// nothing reads them.
    public static func load(folder: String) throws -> FixtureManifest {
        let file = (folder as NSString).appendingPathComponent("fixture.json")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            _ = try InputPath.folder(folder, role: "fixture")
            throw ManifestError(file: folder, field: nil, reason: "is not a fixture folder")
        }
        guard FileManager.default.fileExists(atPath: file) else {
            throw ManifestError(file: folder, field: nil, reason: "not a fixture folder: it holds no fixture.json")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ManifestError(file: file, field: nil, reason: "cannot read the manifest")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(data: data)
        } catch {
            throw ManifestError(file: file, field: nil, reason: "\(error)")
        }
        return try decode(json, folder: folder, file: file)
    }

    /// Decodes a parsed manifest of the fixture in `folder`.
    public static func decode(_ json: JSONValue, folder: String, file: String) throws -> FixtureManifest {
        let fields = FieldReader(file: file)
        let paths = FolderPaths(folder: folder, document: file, folderName: "the fixture folder")
        guard let root = json.objectValue else { throw fields.error(nil, "expected a JSON object") }
        try fields.known(root, at: nil, ["schema", "id", "description", "provenance", "slices", "audio", "annotations",
                                         "asr", "tts", "turns", "budgets", "rag"])

        let schema = try fields.string(root, "schema")
        guard schema == Self.schema else { throw fields.error("schema", "expected \"\(Self.schema)\", got \"\(schema)\"") }
        let id = try fields.string(root, "id")
        guard !id.isEmpty, !id.contains("/") else { throw fields.error("id", "must be a non-empty name without '/'") }

        let audioObject = try fields.object(root, "audio")
        try fields.known(audioObject, at: "audio", ["mic", "far_end", "near_end", "aec_out"])
        let audio = Audio(
            mic: try paths.resolve(try fields.string(audioObject, "mic", at: "audio"), field: "audio.mic"),
            farEnd: try fields.optionalString(audioObject, "far_end", at: "audio").map { try paths.resolve($0, field: "audio.far_end") },
            nearEnd: try fields.optionalString(audioObject, "near_end", at: "audio").map { try paths.resolve($0, field: "audio.near_end") },
            aecOut: try fields.optionalString(audioObject, "aec_out", at: "audio").map { try paths.resolve($0, field: "audio.aec_out") })

        let annotations = try fields.optionalObject(root, "annotations")
        if let annotations { try fields.known(annotations, at: "annotations", ["speech", "reference", "entities"]) }
        let reference = try annotations.flatMap { try fields.optionalString($0, "reference", at: "annotations") }
        let budgets = try fields.optionalObject(root, "budgets")
        if let budgets { try fields.known(budgets, at: "budgets", ["barge_in_ms"]) }
        let budget = try budgets.flatMap { try fields.optionalNumber($0, "barge_in_ms", at: "budgets") } ?? TurnTakingMetrics.defaultBargeInBudgetMs
        guard budget >= 0 else { throw fields.error("budgets.barge_in_ms", "must not be negative") }

        return FixtureManifest(
            folder: folder,
            id: id,
            description: try fields.optionalString(root, "description"),
            provenance: try provenance(root, fields),
            slices: try slices(root, fields),
            audio: audio,
            speech: try annotations.flatMap { try speech($0, fields) },
            reference: reference,
            entities: try annotations.flatMap { try entities($0, reference: reference, fields) },
            asr: try asr(root, fields, paths),
            tts: try tts(root, fields, paths),
            turns: try fields.optionalObject(root, "turns").map { try traceFile($0, "turns", fields, paths) },
            bargeInBudgetMs: budget,
            retrieval: try retrieval(root, fields, paths))
    }

    /// `annotations.entities`: strings that must each be a span of the
    /// reference, or the entity error rate would measure nothing.
    private static func entities(_ annotations: [String: JSONValue], reference: String?, _ fields: FieldReader) throws -> [String]? {
        guard let value = annotations["entities"], !value.isNull else { return nil }
        let field = "annotations.entities"
        guard let items = value.arrayValue else { throw fields.error(field, "must be a list of strings") }
        let entities = try items.enumerated().map { i, item in
            guard let text = item.stringValue, !text.allSatisfy(\.isWhitespace) else {
                throw fields.error("\(field)[\(i)]", "must be a non-empty string")
            }
            return text
        }
        guard let reference else { throw fields.error(field, "entities need annotations.reference: each is a span of it") }
        if let stray = EntityMetrics.entitiesNotInReference(entities, reference: reference).first {
            throw fields.error(field, "\"\(stray)\" is not a span of the reference (after normalization); an entity must be words of the reference in order")
        }
        return entities
    }

    private static func retrieval(_ root: [String: JSONValue], _ fields: FieldReader, _ paths: FolderPaths) throws -> Retrieval? {
        guard let object = try fields.optionalObject(root, "rag") else { return nil }
        try fields.known(object, at: "rag", ["trace", "k"])
        let k = try fields.optionalNumber(object, "k", at: "rag") ?? Double(GroundingMetrics.defaultTopK)
        guard k >= 1, k == k.rounded(), k <= 1_000 else { throw fields.error("rag.k", "must be a whole number from 1 to 1000") }
        return Retrieval(trace: try traceFile(object, "rag", fields, paths), topK: Int(k))
    }

    private static func provenance(_ root: [String: JSONValue], _ fields: FieldReader) throws -> Provenance {
        let object = try fields.object(root, "provenance")
        try fields.known(object, at: "provenance", ["kind", "consent_ref", "generator", "recipe", "recipe_sha256", "seed"])
        let kind = try fields.string(object, "kind", at: "provenance")
        switch kind {
        case "synthetic":
            return .synthetic
        case "consented":
            let ref = try fields.optionalString(object, "consent_ref", at: "provenance") ?? ""
            guard !ref.allSatisfy(\.isWhitespace) else {
                throw fields.error("provenance.consent_ref", "a consented fixture needs a non-empty consent_ref")
            }
            return .consented(consentRef: ref)
        default:
            throw fields.error("provenance.kind", "must be \"synthetic\" or \"consented\", got \"\(kind)\"; no fixture without a lawful origin")
        }
    }

    private static func slices(_ root: [String: JSONValue], _ fields: FieldReader) throws -> [String: String] {
        guard let object = try fields.optionalObject(root, "slices") else { return [:] }
        return try object.mapValues { value in
            guard let s = value.stringValue else { throw fields.error("slices", "must map names to strings (flat string→string)") }
            return s
        }.reduce(into: [:]) { $0[$1.key] = $1.value }
    }

    private static func speech(_ annotations: [String: JSONValue], _ fields: FieldReader) throws -> [SpeechSegment]? {
        guard let value = annotations["speech"], !value.isNull else { return nil }
        let field = "annotations.speech"
        guard let items = value.arrayValue else { throw fields.error(field, "must be a list of [start_ms, end_ms]") }
        var segments: [SpeechSegment] = []
        for (i, item) in items.enumerated() {
            guard let pair = item.arrayValue, pair.count == 2, let start = pair[0].numberValue, let end = pair[1].numberValue else {
                throw fields.error("\(field)[\(i)]", "must be [start_ms, end_ms]")
            }
            guard start >= 0, start < end else { throw fields.error("\(field)[\(i)]", "needs 0 ≤ start < end") }
            // Segment i is matched with utterance i, so order matters.
            if let previous = segments.last, start < previous.endMs {
                throw fields.error("\(field)[\(i)]", "starts before the previous segment ends; list segments in time order without overlap")
            }
            segments.append(SpeechSegment(startMs: start, endMs: end))
        }
        return segments
    }

    private static func traceFile(_ object: [String: JSONValue], _ name: String, _ fields: FieldReader, _ paths: FolderPaths) throws -> TraceFile {
        if name == "turns" { try fields.known(object, at: name, ["trace"]) }
        let relative = try fields.string(object, "trace", at: name)
        return TraceFile(path: try paths.resolve(relative, field: "\(name).trace"), name: relative)
    }

    /// `{"trace": FILE}` or `{"adapter": NAME}`, never both.
    private static func adapterName(_ object: [String: JSONValue], _ name: String, _ fields: FieldReader) throws -> String? {
        let hasTrace = object["trace"] != nil, adapter = try fields.optionalString(object, "adapter", at: name)
        if hasTrace, adapter != nil { throw fields.error(name, "give either \"trace\" or \"adapter\", not both") }
        if !hasTrace, adapter == nil { throw fields.error(name, "needs \"trace\" (a recorded file) or \"adapter\" (a live engine)") }
        if let adapter, adapter.isEmpty { throw fields.error("\(name).adapter", "empty adapter name") }
        return adapter
    }

    private static func asr(_ root: [String: JSONValue], _ fields: FieldReader, _ paths: FolderPaths) throws -> ASRSource? {
        guard let object = try fields.optionalObject(root, "asr") else { return nil }
        try fields.known(object, at: "asr", ["trace", "adapter", "clock"])
        if let adapter = try adapterName(object, "asr", fields) { return .adapter(name: adapter) }
        let clockName = try fields.optionalString(object, "clock", at: "asr") ?? TraceClock.audio.rawValue
        guard let clock = TraceClock(rawValue: clockName) else {
            throw fields.error("asr.clock", "must be \"audio\" or \"wall\", got \"\(clockName)\"")
        }
        return .trace(try traceFile(object, "asr", fields, paths), clock: clock)
    }

    private static func tts(_ root: [String: JSONValue], _ fields: FieldReader, _ paths: FolderPaths) throws -> TTS? {
        guard let object = try fields.optionalObject(root, "tts") else { return nil }
        try fields.known(object, at: "tts", ["trace", "adapter", "requests", "start_delay_ms"])
        let delay = try fields.optionalNumber(object, "start_delay_ms", at: "tts") ?? 0
        guard delay >= 0 else { throw fields.error("tts.start_delay_ms", "must not be negative") }
        guard let adapter = try adapterName(object, "tts", fields) else {
            return TTS(source: .trace(try traceFile(object, "tts", fields, paths)), startDelayMs: delay)
        }
        guard let items = object["requests"]?.arrayValue, !items.isEmpty else {
            throw fields.error("tts.requests", "a TTS adapter needs a non-empty list of {\"t_ms\", \"text\"}")
        }
        let requests = try items.enumerated().map { i, item in
            let field = "tts.requests[\(i)]"
            guard let request = item.objectValue else { throw fields.error(field, "must be {\"t_ms\": n, \"text\": \"...\"}") }
            try fields.known(request, at: field, ["t_ms", "text"])
            let t = try fields.optionalNumber(request, "t_ms", at: field) ?? 0
            guard t >= 0 else { throw fields.error("\(field).t_ms", "must not be negative") }
            return SynthesisRequest(req: i, tMs: t, text: try fields.string(request, "text", at: field))
        }
        return TTS(source: .adapter(name: adapter, requests: requests), startDelayMs: delay)
    }
}
