import Adapters
import FileFormats
import Foundation
import Traces

extension SynthRecipe {
    /// Reads and validates the recipe at `path`. Every error names the file
    /// and the field.
    public static func load(path: String) throws -> SynthRecipe {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RecipeError(file: path, field: nil, reason: "cannot read the recipe")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(data: data)
        } catch {
            throw RecipeError(file: path, field: nil, reason: "\(error)")
        }
        return try decode(json, file: path, sha256: SHA256.hex(of: data))
    }

    /// Validates a parsed recipe read from `file`.
    public static func decode(_ json: JSONValue, file: String, sha256: String) throws -> SynthRecipe {
        let r = FieldReader(file: file)
        guard let root = json.objectValue else { throw r.error(nil, "expected a JSON object") }
        try r.known(root, at: nil, ["schema", "id", "description", "seed", "sample_rate", "slices", "speech",
                                    "reference", "tail_ms", "noise", "agent", "duplex", "asr"])
        let schema = try r.string(root, "schema")
        guard schema == Self.schema else { throw r.error("schema", "expected \"\(Self.schema)\", got \"\(schema)\"") }
        let id = try r.string(root, "id")
        do {
            try FixtureID.validate(id)
        } catch {
            throw r.error("id", "\(error)")
        }
        guard let seedNumber = root["seed"] else { throw r.error("seed", "is required: a whole number from 0 to 2^53") }
        guard let seedValue = seedNumber.numberValue, seedValue >= 0, seedValue == seedValue.rounded(), seedValue <= 9_007_199_254_740_992 else {
            throw r.error("seed", "must be a whole number from 0 to 2^53")
        }
        let rate = try r.optionalNumber(root, "sample_rate") ?? 16_000
        guard rate == rate.rounded(), (8_000...48_000).contains(rate) else {
            throw r.error("sample_rate", "must be a whole number of Hz from 8000 to 48000")
        }
        var slices: [String: String] = [:]
        if let object = try r.optionalObject(root, "slices") {
            for (key, value) in object {
                guard let text = value.stringValue, !text.isEmpty else { throw r.error("slices.\(key)", "must be a non-empty string") }
                guard !DerivedSlices.keys.contains(key) else {
                    throw r.error("slices.\(key)", "is derived by the harness (from the recipe's SNR and the mic's length) and cannot be set")
                }
                slices[key] = text
            }
        }
        let speech = try userSpeech(try r.object(root, "speech"), r)
        let tail = try r.optionalNumber(root, "tail_ms") ?? 400
        guard tail >= 0, tail <= 10_000 else { throw r.error("tail_ms", "must be from 0 to 10000") }
        let noise = try r.optionalObject(root, "noise").map { try self.noise($0, r) }
        let agent = try r.optionalObject(root, "agent").map { try self.agent($0, r) }
        var asrAdapter: String?
        if let asr = try r.optionalObject(root, "asr") {
            try r.known(asr, at: "asr", ["adapter"])
            asrAdapter = try r.string(asr, "adapter", at: "asr")
            guard !asrAdapter!.isEmpty else { throw r.error("asr.adapter", "must name an adapter of fixture-check.json") }
        }
        var duplex: Duplex?
        if let object = try r.optionalObject(root, "duplex") {
            try r.known(object, at: "duplex", ["min_words", "barge_in_ms"])
            guard agent != nil else { throw r.error("duplex", "needs an \"agent\": a full-duplex scene is the user talking over the agent") }
            guard asrAdapter != nil else { throw r.error("duplex", "needs \"asr\": {\"adapter\": …}, whose hypotheses drive the barge-in policy") }
            let minWords = try r.optionalNumber(object, "min_words", at: "duplex") ?? 1
            guard minWords >= 1, minWords == minWords.rounded(), minWords <= 100 else {
                throw r.error("duplex.min_words", "must be a whole number from 1 to 100")
            }
            let budget = try r.optionalNumber(object, "barge_in_ms", at: "duplex")
            if let budget, budget < 0 { throw r.error("duplex.barge_in_ms", "must not be negative") }
            duplex = Duplex(minWords: Int(minWords), bargeInBudgetMs: budget)
        }
        let reference = try r.optionalString(root, "reference")
        if case .file = speech.source, reference == nil {
            throw r.error("reference", "is required when the speech comes from a WAV file (the text is only known for TTS speech)")
        }
        return SynthRecipe(
            file: file, sha256: sha256, id: id, description: try r.optionalString(root, "description"),
            seed: UInt64(seedValue), sampleRate: Int(rate), slices: slices, speech: speech, reference: reference,
            tailMs: tail, noise: noise, agent: agent, duplex: duplex, asrAdapter: asrAdapter)
    }

    private static func voice(_ object: [String: JSONValue], at field: String, _ r: FieldReader, extra: Set<String> = []) throws -> Voice {
        try r.known(object, at: field, extra.union(["text", "voice", "rate", "adapter"]))
        let text = try r.string(object, "text", at: field)
        guard !text.allSatisfy(\.isWhitespace) else { throw r.error("\(field).text", "must not be empty") }
        var rate: Int?
        if let wpm = try r.optionalNumber(object, "rate", at: field) {
            guard wpm == wpm.rounded(), (80...450).contains(wpm) else { throw r.error("\(field).rate", "must be whole words per minute from 80 to 450") }
            rate = Int(wpm)
        }
        let voiceName = try r.optionalString(object, "voice", at: field)
        if let voiceName, voiceName.isEmpty { throw r.error("\(field).voice", "must not be empty") }
        let adapter = try r.optionalString(object, "adapter", at: field) ?? "espeak"
        return Voice(text: text, voice: voiceName, rate: rate, adapter: adapter)
    }

    private static func userSpeech(_ object: [String: JSONValue], _ r: FieldReader) throws -> UserSpeech {
        let placement: Set<String> = ["onset_ms", "gain_db"]
        let source: SpeechSource
        switch (object["text"], object["wav"]) {
        case (nil, nil):
            throw r.error("speech", "needs \"text\" (spoken by a TTS adapter) or \"wav\" (a file beside the recipe)")
        case (_?, _?):
            throw r.error("speech", "give either \"text\" or \"wav\", not both")
        case (_?, nil):
            source = .tts(try voice(object, at: "speech", r, extra: placement))
        case (nil, _?):
            try r.known(object, at: "speech", placement.union(["wav"]))
            let recipeFolder = FolderPaths(folder: (r.file as NSString).deletingLastPathComponent, document: r.file,
                                           folderName: "the recipe's folder")
            source = .file(try recipeFolder.resolve(try r.string(object, "wav", at: "speech"), field: "speech.wav"))
        }
        let onset = try r.optionalNumber(object, "onset_ms", at: "speech") ?? 300
        guard onset >= 0, onset <= 60_000 else { throw r.error("speech.onset_ms", "must be from 0 to 60000") }
        let gain = try r.optionalNumber(object, "gain_db", at: "speech") ?? 0
        guard abs(gain) <= 60 else { throw r.error("speech.gain_db", "must be within ±60 dB") }
        return UserSpeech(source: source, onsetMs: onset, gainDb: gain)
    }

    private static func noise(_ object: [String: JSONValue], _ r: FieldReader) throws -> Noise {
        try r.known(object, at: "noise", ["type", "snr_db", "hum_hz", "harmonics", "talkers"])
        let name = try r.string(object, "type", at: "noise")
        guard let kind = NoiseKind(rawValue: name) else {
            throw r.error("noise.type", "unknown noise \"\(name)\" (known: \(NoiseKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let snr = try r.optionalNumber(object, "snr_db", at: "noise") else { throw r.error("noise.snr_db", "is required (dB)") }
        guard (-20...60).contains(snr) else { throw r.error("noise.snr_db", "must be from -20 to 60 dB") }
        let hum = try r.optionalNumber(object, "hum_hz", at: "noise") ?? 50
        guard (20...1_000).contains(hum) else { throw r.error("noise.hum_hz", "must be from 20 to 1000 Hz") }
        let harmonics = try r.optionalNumber(object, "harmonics", at: "noise") ?? 5
        guard harmonics == harmonics.rounded(), (1...40).contains(harmonics) else { throw r.error("noise.harmonics", "must be a whole number from 1 to 40") }
        var talkers: [Voice] = []
        if let items = object["talkers"] {
            guard kind == .babble else { throw r.error("noise.talkers", "only babble noise has talkers") }
            guard let list = items.arrayValue else { throw r.error("noise.talkers", "must be a list of {\"text\", \"voice\", \"rate\"}") }
            talkers = try list.enumerated().map { i, item in
                guard let talker = item.objectValue else { throw r.error("noise.talkers[\(i)]", "must be an object") }
                return try voice(talker, at: "noise.talkers[\(i)]", r)
            }
        }
        if kind == .babble, talkers.count < 2 {
            throw r.error("noise.talkers", "babble needs at least two talkers")
        }
        return Noise(kind: kind, snrDb: snr, humHz: hum, harmonics: Int(harmonics), talkers: talkers)
    }

    private static func agent(_ object: [String: JSONValue], _ r: FieldReader) throws -> Agent {
        let timingKeys: Set<String> = ["request_ms", "first_byte_ms", "chunk_ms", "cadence_ms", "jitter_ms", "echo"]
        let voice = try voice(object, at: "agent", r, extra: timingKeys)
        func number(_ key: String, _ fallback: Double, _ range: ClosedRange<Double>) throws -> Double {
            let value = try r.optionalNumber(object, key, at: "agent") ?? fallback
            guard range.contains(value) else {
                throw r.error("agent.\(key)", "must be from \(JSONValue.format(number: range.lowerBound)) to \(JSONValue.format(number: range.upperBound)) ms")
            }
            return value
        }
        let timing = TTSTimingModel(requestMs: try number("request_ms", 0, 0...60_000),
                                    firstByteMs: try number("first_byte_ms", 200, 0...30_000),
                                    chunkMs: try number("chunk_ms", 100, 5...5_000),
                                    cadenceMs: try number("cadence_ms", 60, 0...5_000),
                                    jitterMs: try number("jitter_ms", 0, 0...5_000))
        var echo: EchoPath?
        if let object = try r.optionalObject(object, "echo", at: "agent") {
            try r.known(object, at: "agent.echo", ["delay_ms", "attenuation_db", "tail_ms", "tail_level_db"])
            let delay = try r.optionalNumber(object, "delay_ms", at: "agent.echo") ?? 40
            guard (0...1_000).contains(delay) else { throw r.error("agent.echo.delay_ms", "must be from 0 to 1000") }
            let attenuation = try r.optionalNumber(object, "attenuation_db", at: "agent.echo") ?? 20
            guard (0...120).contains(attenuation) else { throw r.error("agent.echo.attenuation_db", "must be from 0 to 120") }
            let tail = try r.optionalNumber(object, "tail_ms", at: "agent.echo")
            if let tail, !(0...2_000).contains(tail) { throw r.error("agent.echo.tail_ms", "must be from 0 to 2000") }
            let level = try r.optionalNumber(object, "tail_level_db", at: "agent.echo") ?? -6
            guard (-60...0).contains(level) else { throw r.error("agent.echo.tail_level_db", "must be from -60 to 0") }
            echo = EchoPath(delayMs: delay, attenuationDb: attenuation, tailMs: tail, tailLevelDb: level)
        }
        return Agent(voice: voice, timing: timing, echo: echo)
    }
}
