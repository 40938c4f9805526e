import FileFormats
import Foundation
import Traces

/// Which side of the conversation an adapter plays.
public enum AdapterKind: String, Sendable {
    case asr
    case tts
}

/// How many streams one engine process serves (`streams` in
/// `fixture-check.json`).
public enum AdapterStreams: String, Sendable {
    /// One stream per process: `start` … `done`, then EOF (the default).
    case one
    /// Sessions: `start` → `ready` … `done`, then the next `start`, until
    /// EOF; the process is kept and reused across fixtures (`EnginePool`).
    case many
}

/// One adapter as `fixture-check.json` declares it.
public struct AdapterSpec: Equatable, Sendable {
    public var name: String
    public var kind: AdapterKind
    /// Program and arguments as written; see `AdapterRegistry.resolve`.
    public var command: [String]
    /// `timeout_s`; nil means `AdapterLimits.defaultTimeoutSeconds`.
    public var timeoutSeconds: Double?
    /// ASR: the PCM rate to send (`sample_rate`, default 16000).
    public var sampleRate: Int?
    /// ASR: `language` sent in `start` (default `en-US`).
    public var language: String?
    /// TTS: default `voice` of requests.
    public var voice: String?
    /// `streams`: one stream per process (default) or sessions.
    public var streams: AdapterStreams
    /// `startup_timeout_s`: longest wait for `ready` (sessions); nil means
    /// `AdapterLimits.defaultStartupTimeoutSeconds`.
    public var startupTimeoutSeconds: Double?
    /// `max_processes`: most processes of this engine alive at once
    /// (sessions); nil means as many as `--jobs`.
    public var maxProcesses: Int?

    public init(name: String, kind: AdapterKind, command: [String], timeoutSeconds: Double? = nil,
                sampleRate: Int? = nil, language: String? = nil, voice: String? = nil,
                streams: AdapterStreams = .one, startupTimeoutSeconds: Double? = nil, maxProcesses: Int? = nil) {
        self.name = name
        self.kind = kind
        self.command = command
        self.timeoutSeconds = timeoutSeconds
        self.sampleRate = sampleRate
        self.language = language
        self.voice = voice
        self.streams = streams
        self.startupTimeoutSeconds = startupTimeoutSeconds
        self.maxProcesses = maxProcesses
    }

    /// The limits this declaration implies.
    public var limits: AdapterLimits {
        AdapterLimits(timeoutSeconds: timeoutSeconds ?? AdapterLimits.defaultTimeoutSeconds,
                      startupTimeoutSeconds: startupTimeoutSeconds ?? AdapterLimits.defaultStartupTimeoutSeconds)
    }

    /// Processes a pool of this engine keeps for a run of `jobs` fixtures at
    /// once: `jobs`, capped by `max_processes`.
    public func poolCapacity(jobs: Int) -> Int {
        max(1, min(jobs, maxProcesses ?? jobs))
    }
}

/// The adapters declared in `fixture-check.json` (docs/adapters.md), and the lookup
/// of their programs.
public struct AdapterRegistry: Sendable {
    /// The file name looked for at the repository root.
    public static let fileName = "fixture-check.json"

    /// The file the declarations came from (for error messages).
    public var path: String
    public var adapters: [String: AdapterSpec]
    /// Folders searched before `PATH` for a program without a `/`.
    public var searchDirectories: [String]

    public init(path: String, adapters: [String: AdapterSpec], searchDirectories: [String] = AdapterRegistry.executableDirectories) {
        self.path = path
        self.adapters = adapters
        self.searchDirectories = searchDirectories
    }

    /// Reads and validates `path`.
    public static func load(path: String, searchDirectories: [String] = AdapterRegistry.executableDirectories) throws -> AdapterRegistry {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AdapterConfigError(path: path, reason: "cannot read: \((error as NSError).localizedDescription)")
        }
        let root: JSONValue
        do {
            root = try JSONValue.parse(data: data)
        } catch {
            throw AdapterConfigError(path: path, reason: "\(error)")
        }
        return try AdapterRegistry(path: path, json: root, searchDirectories: searchDirectories)
    }

    /// Validates an already-parsed document.
    public init(path: String, json root: JSONValue, searchDirectories: [String] = AdapterRegistry.executableDirectories) throws {
        func bad(_ reason: String) -> AdapterConfigError { AdapterConfigError(path: path, reason: reason) }
        guard let top = root.objectValue else { throw bad("top level must be an object") }
        guard let entries = top["adapters"]?.objectValue else { throw bad("needs an \"adapters\" object") }
        var adapters: [String: AdapterSpec] = [:]
        for (name, value) in entries {
            let at = "adapter \"\(name)\""
            guard let entry = value.objectValue else { throw bad("\(at) must be an object") }
            let known: Set = ["kind", "command", "timeout_s", "sample_rate", "language", "voice", "description",
                              "streams", "startup_timeout_s", "max_processes"]
            if let unknown = entry.keys.sorted().first(where: { !known.contains($0) }) {
                throw bad("\(at) has unknown key \"\(unknown)\" (known: \(known.sorted().joined(separator: ", ")))")
            }
            guard let kindName = entry["kind"]?.stringValue, let kind = AdapterKind(rawValue: kindName) else {
                throw bad("\(at) needs \"kind\": \"asr\" or \"tts\"")
            }
            guard let words = entry["command"]?.arrayValue, !words.isEmpty,
                  case let command = words.compactMap(\.stringValue), command.count == words.count, !command[0].isEmpty else {
                throw bad("\(at) needs \"command\": a non-empty array of strings")
            }
            var timeout: Double?
            if let value = entry["timeout_s"] {
                guard let seconds = value.numberValue, seconds > 0 else { throw bad("\(at): \"timeout_s\" must be a positive number") }
                timeout = seconds
            }
            var rate: Int?
            if let value = entry["sample_rate"] {
                guard let hz = value.intValue, (1_000...384_000).contains(hz) else {
                    throw bad("\(at): \"sample_rate\" must be an integer from 1000 to 384000")
                }
                rate = hz
            }
            func string(_ key: String) throws -> String? {
                guard let value = entry[key] else { return nil }
                guard let text = value.stringValue else { throw bad("\(at): \"\(key)\" must be a string") }
                return text
            }
            var streams = AdapterStreams.one
            if let value = entry["streams"] {
                guard let text = value.stringValue, let mode = AdapterStreams(rawValue: text) else {
                    throw bad("\(at): \"streams\" must be \"one\" or \"many\"")
                }
                streams = mode
            }
            var startup: Double?
            if let value = entry["startup_timeout_s"] {
                guard let seconds = value.numberValue, seconds > 0 else {
                    throw bad("\(at): \"startup_timeout_s\" must be a positive number")
                }
                startup = seconds
            }
            var maxProcesses: Int?
            if let value = entry["max_processes"] {
                guard let count = value.intValue, count >= 1 else {
                    throw bad("\(at): \"max_processes\" must be a positive integer")
                }
                maxProcesses = count
            }
            if streams == .one, let key = ["startup_timeout_s", "max_processes"].first(where: { entry[$0] != nil }) {
                throw bad("\(at): \"\(key)\" needs \"streams\": \"many\" (a one-stream engine is never kept)")
            }
            adapters[name] = AdapterSpec(name: name, kind: kind, command: command, timeoutSeconds: timeout,
                                         sampleRate: rate, language: try string("language"), voice: try string("voice"),
                                         streams: streams, startupTimeoutSeconds: startup, maxProcesses: maxProcesses)
        }
        self.init(path: path, adapters: adapters, searchDirectories: searchDirectories)
    }

    /// `fixture-check.json` in `directory` or its nearest ancestor holding
    /// one; nil when there is none.
    public static func find(from directory: String) -> String? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    /// The declared adapter `name`, or an error naming the file and the
    /// adapters it does declare.
    public func spec(named name: String, kind: AdapterKind) throws -> AdapterSpec {
        guard let spec = adapters[name] else {
            let known = adapters.keys.sorted().joined(separator: ", ")
            let hint = NearestName.didYouMean(name, among: adapters.keys.sorted())
            throw AdapterConfigError(path: path, reason: "no adapter named \"\(name)\"\(hint) (declared: \(known.isEmpty ? "none" : known))")
        }
        guard spec.kind == kind else {
            throw AdapterConfigError(path: path, reason: "adapter \"\(name)\" is \(spec.kind.rawValue), not \(kind.rawValue)")
        }
        return spec
    }

    /// The ASR adapter `name`, its program resolved. A sessions engine
    /// takes its processes from `pools` (kept and reused across calls);
    /// without `pools` each stream gets a process of its own.
    public func asr(named name: String, pools: EnginePools? = nil) throws -> ProcessASRAdapter {
        let spec = try spec(named: name, kind: .asr)
        let command = try resolve(spec.command, adapter: name)
        return ProcessASRAdapter(name: name, command: command,
                                 sampleRate: spec.sampleRate ?? 16_000, language: spec.language ?? "en-US",
                                 limits: spec.limits, streams: spec.streams,
                                 pool: spec.streams == .many ? pools?.pool(for: spec, command: command) : nil)
    }

    /// The TTS adapter `name`, its program resolved; `pools` as for `asr`.
    public func tts(named name: String, pools: EnginePools? = nil) throws -> ProcessTTSAdapter {
        let spec = try spec(named: name, kind: .tts)
        let command = try resolve(spec.command, adapter: name)
        return ProcessTTSAdapter(name: name, command: command, voice: spec.voice, limits: spec.limits,
                                 streams: spec.streams,
                                 pool: spec.streams == .many ? pools?.pool(for: spec, command: command) : nil)
    }

    /// `command` with its program made absolute: a word with a `/` is used
    /// as written; otherwise the folders beside the running executable are
    /// searched first (so adapters built with the package work from any
    /// build folder), then `PATH`.
    public func resolve(_ command: [String], adapter: String) throws -> [String] {
        guard let program = command.first else { return command }
        if program.contains("/") { return command }
        let pathDirectories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
            .split(separator: ":").map(String.init)
        for directory in searchDirectories + pathDirectories where !directory.isEmpty {
            let candidate = (directory as NSString).appendingPathComponent(program)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return [candidate] + command.dropFirst()
            }
        }
        throw AdapterFailure(adapter: adapter, kind: .launch,
                             problem: "program \"\(program)\" not found beside \(searchDirectories.first ?? "the executable") or on PATH")
    }

    /// Folders of the running executable: `CommandLine.arguments[0]`
    /// resolved against the working directory, and `/proc/self/exe`.
    public static var executableDirectories: [String] {
        var directories: [String] = []
        if let argv0 = CommandLine.arguments.first, argv0.contains("/") {
            let absolute = argv0.hasPrefix("/") ? argv0 : FileManager.default.currentDirectoryPath + "/" + argv0
            directories.append((URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path as NSString).deletingLastPathComponent)
        }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let directory = (exe as NSString).deletingLastPathComponent
            if !directories.contains(directory) { directories.append(directory) }
        }
        return directories
    }

    /// Splits an `--asr-command`/`--tts-command` string into words: white
    /// space separates, single or double quotes group, backslash escapes.
    public static func splitCommand(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; inWord = true; continue }
            if character == "\\" && quote != "'" { escaped = true; continue }
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if character == "'" || character == "\"" { quote = character; inWord = true; continue }
            if character.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(character)
            inWord = true
        }
        guard quote == nil, !escaped else {
            throw AdapterConfigError(path: "--asr-command/--tts-command", reason: "unterminated quote or escape in \(text)")
        }
        if inWord { words.append(current) }
        guard !words.isEmpty else { throw AdapterConfigError(path: "--asr-command/--tts-command", reason: "empty command") }
        return words
    }
}
