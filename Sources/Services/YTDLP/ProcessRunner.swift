// ProcessRunner: runs one child process with piped output, a line callback, an output cap, and a hard
// wall-clock limit that kills the child's whole process group. Knows nothing about yt-dlp.
import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a finished child left behind.
struct ProcessOutcome: Sendable {
    /// The exit status, or the signal number when `signalled`.
    var status: Int32
    /// True when the child was ended by a signal.
    var signalled: Bool
    /// True when the wall-clock limit killed it.
    var timedOut: Bool
    /// Standard output (at most the cap; the start is kept).
    var stdout: String
    /// Standard error (at most the cap; the end is kept).
    var stderr: String
}

/// Runs child processes.
///
/// Killing: swift-corelibs-foundation starts each child in its own process group (pgid == pid), so the
/// limit sends SIGTERM, then SIGKILL two seconds later, to the whole group (yt-dlp's ffmpeg children included).
/// Where the child shares our group (other Foundation builds), only the child itself is signalled. The child
/// starts with an empty signal mask (see `spawn`), so SIGTERM is not silently blocked.
enum ProcessRunner {
    /// Which stream a line came from.
    enum Stream: Sendable { case stdout, stderr }

    /// Runs `executable` with `arguments` and exactly `environment` (nothing is inherited); `onLine` sees each
    /// output line as it arrives.
    static func run(
        executable: String, arguments: [String], environment: [String: String], timeout: Duration,
        maxOutputBytes: Int = 8 << 20, onLine: (@Sendable (Stream, Substring) -> Void)? = nil
    ) async throws -> ProcessOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice

        let state = NIOLockedValueBox(RunState())
        let completion = Completion()
        process.terminationHandler = { _ in
            state.withLockedValue { $0.finished = true }
            completion.exited()
        }
        do {
            try await spawn(process)
        } catch {
            throw YTDLPError(.toolMissing, "The downloader (yt-dlp) could not be started.", detail: "\(executable): \(error)")
        }
        let pid = process.processIdentifier
        state.withLockedValue { $0.pid = pid }

        let stdoutBuffer = OutputCollector(cap: maxOutputBytes, keepEnd: false)
        let stderrBuffer = OutputCollector(cap: maxOutputBytes, keepEnd: true)
        read(stdoutPipe.fileHandleForReading, into: stdoutBuffer, stream: .stdout, completion: completion, onLine: onLine)
        read(stderrPipe.fileHandleForReading, into: stderrBuffer, stream: .stderr, completion: completion, onLine: onLine)

        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            state.withLockedValue { $0.timedOut = true }
            await terminate(state)
        }
        await withTaskCancellationHandler {
            await completion.wait()
        } onCancel: {
            Task { await terminate(state) }
        }
        timer.cancel()
        try Task.checkCancellation()
        let signalled = process.terminationReason == .uncaughtSignal
        return ProcessOutcome(
            status: process.terminationStatus, signalled: signalled, timedOut: state.withLockedValue { $0.timedOut },
            stdout: stdoutBuffer.text, stderr: stderrBuffer.text)
    }

    /// Starts `process` from a fresh thread whose signal mask is empty. Threads of Dispatch and of Swift's
    /// cooperative pool block most signals, and a spawned child inherits the mask: yt-dlp and its ffmpeg would
    /// then ignore SIGTERM. (Foundation's Process does not reset the mask.)
    private static func spawn(_ process: Process) async throws {
        let handoff = ProcessHandoff(process)
        try await BlockingWork.run(name: "process-spawn") {
            var empty = sigset_t()
            sigemptyset(&empty)
            pthread_sigmask(SIG_SETMASK, &empty, nil)
            try handoff.process.run()
        }
    }

    /// Hands the not-yet-started Process to the spawning thread; only that thread touches it until run() returns.
    private final class ProcessHandoff: @unchecked Sendable {
        let process: Process
        init(_ process: Process) { self.process = process }
    }

    private struct RunState: Sendable {
        var pid: pid_t = 0
        var finished = false
        var timedOut = false
    }

    /// SIGTERM to the group, then SIGKILL after two seconds if it is still running.
    private static func terminate(_ state: NIOLockedValueBox<RunState>) async {
        signal(state, SIGTERM)
        try? await Task.sleep(for: .seconds(2))
        signal(state, SIGKILL)
    }

    private static func signal(_ state: NIOLockedValueBox<RunState>, _ signalNumber: Int32) {
        state.withLockedValue { value in
            guard value.pid > 0, !value.finished else { return }
            if getpgid(value.pid) == value.pid {
                kill(-value.pid, signalNumber)
            } else {
                kill(value.pid, signalNumber)
            }
        }
    }

    /// Reads `handle` to its end on a thread of its own (blocking reads must not hold the shared pools).
    private static func read(
        _ handle: FileHandle, into collector: OutputCollector, stream: Stream, completion: Completion,
        onLine: (@Sendable (Stream, Substring) -> Void)?
    ) {
        BlockingWork.detach(name: "process-output") {
            var pending = ""
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                collector.append(data)
                guard let onLine else { continue }
                pending += String(decoding: data, as: UTF8.self)
                while let newline = pending.firstIndex(where: \.isNewline) {
                    onLine(stream, pending[..<newline])
                    pending = String(pending[pending.index(after: newline)...])
                }
                if pending.utf8.count > 65_536 { pending = "" }
            }
            if let onLine, !pending.isEmpty { onLine(stream, pending[...]) }
            try? handle.close()
            completion.streamClosed()
        }
    }
}

/// Waits for the child's exit and both output streams' ends; after the exit, output held open by surviving
/// grandchildren is waited for at most five seconds.
private final class Completion: Sendable {
    private struct State {
        var exited = false
        var gaveUpOnStreams = false
        var openStreams = 2
        var resumed = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    /// Suspends until the child exited and both streams closed (or five seconds after the exit).
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLockedValue { value -> Bool in
                if value.exited && (value.openStreams == 0 || value.gaveUpOnStreams) {
                    value.resumed = true
                    return true
                }
                value.continuation = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Records the child's exit.
    func exited() {
        state.withLockedValue { $0.exited = true }
        resumeIfDone(force: false)
        Task { [self] in
            try? await Task.sleep(for: .seconds(5))
            resumeIfDone(force: true)
        }
    }

    /// Records the end of one output stream.
    func streamClosed() {
        state.withLockedValue { $0.openStreams -= 1 }
        resumeIfDone(force: false)
    }

    private func resumeIfDone(force: Bool) {
        let continuation = state.withLockedValue { value -> CheckedContinuation<Void, Never>? in
            if force { value.gaveUpOnStreams = true }
            guard !value.resumed, value.exited, value.gaveUpOnStreams || value.openStreams == 0,
                let continuation = value.continuation
            else { return nil }
            value.resumed = true
            value.continuation = nil
            return continuation
        }
        continuation?.resume()
    }
}

/// Collects a stream's bytes up to a cap.
private final class OutputCollector: Sendable {
    private let storage = NIOLockedValueBox(Data())
    private let cap: Int
    private let keepEnd: Bool

    init(cap: Int, keepEnd: Bool) {
        self.cap = cap
        self.keepEnd = keepEnd
    }

    func append(_ data: Data) {
        storage.withLockedValue { buffer in
            if keepEnd {
                buffer.append(data)
                if buffer.count > cap { buffer = Data(buffer.suffix(cap)) }
            } else if buffer.count < cap {
                buffer.append(data.prefix(cap - buffer.count))
            }
        }
    }

    var text: String { storage.withLockedValue { String(decoding: $0, as: UTF8.self) } }
}
