import Foundation
import Traces
#if canImport(Glibc)
import Glibc
import FileFormats
#endif

/// One running adapter: a child process in its own process group, talking
/// JSON Lines over three non-blocking pipes.
///
/// Everything happens in one `poll` loop that writes stdin, reads stdout
/// and drains stderr together, so neither side can deadlock on a full pipe
/// however the child behaves. On any failure the whole process group is
/// killed (SIGKILL) and the child reaped before the error is returned: no
/// orphans, no zombies.
final class AdapterProcess {
    let name: String
    let limits: AdapterLimits
    private(set) var pid: pid_t = 0
    private var stdinFD: Int32 = -1
    private var stdoutFD: Int32 = -1
    private var stderrFD: Int32 = -1
    private var pendingInput: [UInt8] = []
    private var pendingOffset = 0
    private var outBuffer: [UInt8] = []
    private var scanFrom = 0
    private var totalOut = 0
    private var stderrTail: StderrTail
    private var exitStatus: Int32?
    private var finished = false

    /// Spawns `command` (first word looked up on PATH when it has no `/`).
    init(name: String, command: [String], limits: AdapterLimits, environment: [String: String]? = nil) throws {
        self.name = name
        self.limits = limits
        self.stderrTail = StderrTail(maxLines: limits.stderrTailLines)
        guard let program = command.first, !program.isEmpty else {
            throw AdapterFailure(adapter: name, kind: .launch, problem: "empty command")
        }
        AdapterProcess.ignoreSIGPIPE
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        // Pipes are made close-on-exec under one lock held until the spawn:
        // a pipe end leaking into a sibling adapter spawned by a concurrent
        // fixture would keep our EOF from ever arriving.
        AdapterProcess.spawnLock.lock()
        defer { AdapterProcess.spawnLock.unlock() }
        func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
            guard pipe(&fds) == 0 else { return false }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return true
        }
        guard closeOnExecPipe(&inPipe), closeOnExecPipe(&outPipe), closeOnExecPipe(&errPipe) else {
            let reason = String(cString: strerror(errno))
            for fd in inPipe + outPipe + errPipe where fd >= 0 { close(fd) }
            throw AdapterFailure(adapter: name, kind: .launch, problem: "cannot create pipes: \(reason)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group, so one kill reaches the engine's helpers too;
        // default signal dispositions, since we ignore SIGPIPE ourselves.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)

        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var env = environment ?? ProcessInfo.processInfo.environment
        if environment == nil { env["PYTHONUNBUFFERED"] = env["PYTHONUNBUFFERED"] ?? "1" }
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for entry in envp { free(entry) } }

        var child: pid_t = 0
        let status = program.contains("/")
            ? posix_spawn(&child, program, &actions, &attributes, argv, envp)
            : posix_spawnp(&child, program, &actions, &attributes, argv, envp)
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard status == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw AdapterFailure(adapter: name, kind: .launch,
                                 problem: "cannot start \(program): \(String(cString: strerror(status)))")
        }
        pid = child
        LiveAdapterGroups.insert(child)
        stdinFD = inPipe[1]
        stdoutFD = outPipe[0]
        stderrFD = errPipe[0]
        for fd in [stdinFD, stdoutFD, stderrFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        if !finished { terminate() }
    }

    private static let spawnLock = NSLock()

    /// A write to a pipe whose reader died must be an error we report, not a
    /// signal that kills the whole harness.
    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN); return () }()

    // MARK: - Messages

    /// Writes one JSON line, waiting (and draining output) while the pipe is full.
    func send(_ message: JSONValue, what: String) throws {
        pendingInput.append(contentsOf: Array(message.serialized(pretty: false).utf8))
        pendingInput.append(0x0A)
        let deadline = deadline(after: limits.timeoutSeconds)
        while pendingOffset < pendingInput.count {
            if MonotonicClock.nowNanoseconds() >= deadline {
                throw fail(.timeout, "did not read its input for \(format(limits.timeoutSeconds)) s while we sent \(what)")
            }
            try pumpOnce(until: deadline)
        }
        pendingInput.removeAll(keepingCapacity: true)
        pendingOffset = 0
    }

    /// The next stdout message, waiting at most `timeout` seconds (default
    /// the limits' `timeoutSeconds`) for it.
    func receive(awaiting what: String, timeout: Double? = nil) throws -> JSONValue {
        let seconds = timeout ?? limits.timeoutSeconds
        let deadline = deadline(after: seconds)
        while true {
            if let message = try nextMessage() { return message }
            if stdoutFD < 0 { throw failExited(awaiting: what) }
            if MonotonicClock.nowNanoseconds() >= deadline {
                throw fail(.timeout, "no reply within \(format(seconds)) s while waiting for \(what)")
            }
            try pumpOnce(until: deadline)
        }
    }

    /// Messages that arrive before `deadline` (monotonic ns); waits until then.
    func idle(until deadline: UInt64) throws -> [(JSONValue, UInt64)] {
        var messages: [(JSONValue, UInt64)] = []
        while true {
            while let message = try nextMessage() { messages.append((message, MonotonicClock.nowNanoseconds())) }
            if MonotonicClock.nowNanoseconds() >= deadline { return messages }
            if stdoutFD < 0 { throw failExited(awaiting: "the next audio chunk to be due") }
            try pumpOnce(until: deadline)
        }
    }

    /// True while the process can still serve a stream: not finished or
    /// failed, not exited, stdout still open, and nothing unread on stdout
    /// (an idle engine has nothing to say; a stray line means it broke the
    /// protocol after `done`).
    var isReusable: Bool {
        guard !finished, stdoutFD >= 0, stdinFD >= 0, !hasExited() else { return false }
        try? pumpOnce(until: MonotonicClock.nowNanoseconds())
        return !finished && stdoutFD >= 0 && outBuffer.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Kills the process group now and reaps it (a stream abandoned
    /// midway: the engine's state is unknown, so it is not reused).
    func abandon() { terminate() }

    /// Closes stdin (EOF: the engine should exit); `finish` then waits.
    func closeInput() {
        guard !finished else { return }
        closeFD(&stdinFD)
    }

    /// Closes stdin, gives the process the timeout to exit by itself, then
    /// kills whatever is left of its group and reaps it.
    func finish() {
        guard !finished else { return }
        closeFD(&stdinFD)
        let deadline = deadline(after: min(limits.timeoutSeconds, 5))
        while !hasExited(), MonotonicClock.nowNanoseconds() < deadline {
            try? pumpOnce(until: min(deadline, MonotonicClock.nowNanoseconds() + 20_000_000))
            if stdoutFD < 0 && stderrFD < 0 { usleep(2_000) }
        }
        terminate()
    }

    /// Kills and reaps the process, then returns the failure to throw.
    func fail(_ kind: AdapterFailure.Kind, _ problem: String) -> AdapterFailure {
        terminate()
        return AdapterFailure(adapter: name, kind: kind, problem: problem, stderrTail: stderrTail.snapshot)
    }

    private func failExited(awaiting what: String) -> AdapterFailure {
        // Let the exit status settle so the message can say how it ended.
        let deadline = deadline(after: 1)
        while !hasExited(), MonotonicClock.nowNanoseconds() < deadline { usleep(2_000) }
        terminate()
        let how = exitStatus.map(Self.describe(status:)) ?? "closed its output"
        return AdapterFailure(adapter: name, kind: .exited, problem: "\(how) while we waited for \(what)",
                              stderrTail: stderrTail.snapshot)
    }

    // MARK: - The poll loop

    private func nextMessage() throws -> JSONValue? {
        guard let newline = outBuffer[scanFrom...].firstIndex(of: 0x0A) else {
            scanFrom = outBuffer.count
            if outBuffer.count > limits.maxLineBytes {
                throw fail(.flood, "wrote a line longer than \(limits.maxLineBytes) bytes")
            }
            return nil
        }
        var lineBytes = outBuffer[0..<newline]
        if lineBytes.last == 0x0D { lineBytes = lineBytes.dropLast() }
        outBuffer.removeSubrange(0...newline)
        scanFrom = 0
        if lineBytes.count > limits.maxLineBytes {
            throw fail(.flood, "wrote a line longer than \(limits.maxLineBytes) bytes")
        }
        if lineBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return try nextMessage() }
        let message: JSONValue
        do {
            message = try JSONValue.parse(data: Data(lineBytes))
        } catch {
            throw fail(.badJSON, "wrote a stdout line that is not JSON (\(error)): \(Self.excerpt(lineBytes))")
        }
        guard message["type"]?.stringValue != nil else {
            throw fail(.badJSON, "wrote a message without a string \"type\": \(Self.excerpt(lineBytes))")
        }
        return message
    }

    /// One `poll` round: write what stdin accepts, read what stdout and
    /// stderr hold. Returns after activity or at `deadline` (at most 100 ms,
    /// so callers re-check their own conditions).
    private func pumpOnce(until deadline: UInt64) throws {
        var fds: [pollfd] = []
        if stdoutFD >= 0 { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
        if stderrFD >= 0 { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
        if stdinFD >= 0, pendingOffset < pendingInput.count {
            fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0))
        }
        let now = MonotonicClock.nowNanoseconds()
        let waitMs = deadline > now ? Int32(min((deadline - now) / 1_000_000 + 1, 100)) : 0
        if fds.isEmpty { usleep(UInt32(waitMs) * 1000); return }
        let ready = poll(&fds, nfds_t(fds.count), waitMs)
        if ready < 0 {
            if errno == EINTR { return }
            throw fail(.exited, "poll failed: \(String(cString: strerror(errno)))")
        }
        for entry in fds where entry.revents != 0 {
            if entry.fd == stdoutFD { try readStdout() }
            else if entry.fd == stderrFD { readStderr() }
            else if entry.fd == stdinFD { try writeStdin() }
        }
    }

    private func readStdout() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let got = chunk.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress, $0.count) }
        if got > 0 {
            totalOut += got
            if totalOut > limits.maxTotalBytes {
                throw fail(.flood, "wrote more than \(limits.maxTotalBytes) bytes on stdout")
            }
            outBuffer.append(contentsOf: chunk[0..<got])
        } else if got == 0 || (errno != EAGAIN && errno != EINTR) {
            closeFD(&stdoutFD)
        }
    }

    private func readStderr() {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let got = chunk.withUnsafeMutableBytes { read(stderrFD, $0.baseAddress, $0.count) }
        if got > 0 {
            chunk.withUnsafeBufferPointer { stderrTail.append(UnsafeBufferPointer(rebasing: $0[0..<got])) }
        } else if got == 0 || (errno != EAGAIN && errno != EINTR) {
            closeFD(&stderrFD)
        }
    }

    private func writeStdin() throws {
        let wrote = pendingInput.withUnsafeBytes {
            write(stdinFD, $0.baseAddress! + pendingOffset, $0.count - pendingOffset)
        }
        if wrote > 0 {
            pendingOffset += wrote
        } else if wrote < 0, errno != EAGAIN, errno != EINTR {
            // EPIPE: the reading end is gone, so the process has exited or
            // closed stdin; either way the conversation is over.
            closeFD(&stdinFD)
            throw failExited(awaiting: "it to read its input")
        }
    }

    // MARK: - Process lifetime

    /// True once the child has exited; it stays unreaped (a zombie holding
    /// its pid) so the group kill in `terminate` cannot hit a recycled pid.
    private func hasExited() -> Bool {
        guard exitStatus == nil, pid > 0 else { return true }
        var info = siginfo_t()
        let rc = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        return rc == 0 && info._sifields._kill.si_pid == pid
    }

    /// SIGKILL to the whole group, reap the child, then drain what is left
    /// of stderr so the failure can quote the last words.
    private func terminate() {
        guard !finished else { return }
        finished = true
        if pid > 0 {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exitStatus = status
            LiveAdapterGroups.remove(pid)
        }
        closeFD(&stdinFD)
        let deadline = deadline(after: 0.5)
        while stderrFD >= 0, MonotonicClock.nowNanoseconds() < deadline {
            var fds = [pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 1, 50) > 0 { readStderr() }
        }
        closeFD(&stdoutFD)
        closeFD(&stderrFD)
    }

    private func closeFD(_ fd: inout Int32) {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    private func deadline(after seconds: Double) -> UInt64 {
        MonotonicClock.nowNanoseconds() + UInt64(max(0, seconds) * 1e9)
    }

    private func format(_ seconds: Double) -> String { JSONValue.format(number: seconds) }

    static func describe(status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        return "was killed by signal \(signal)"
    }

    private static func excerpt(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(120), as: UTF8.self)
        return bytes.count > 120 ? "\(text)…" : text
    }
}
