// ProcessRunner: runs one child process with piped output, a line callback, an output cap, and a hard
// wall-clock limit that kills the child's whole process group. Knows nothing about yt-dlp.
import Dispatch
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
/// limit sends SIGTERM then SIGKILL to the whole group (yt-dlp's ffmpeg children included). Where the child
/// shares our group (other Foundation builds), only the child itself is signalled.
enum ProcessRunner {
    /// Which stream a line came from.
    enum Stream: Sendable { case stdout, stderr }

    /// Runs `executable` with `arguments`; `onLine` sees each output line as it arrives.
    static func run(
        executable: String, arguments: [String], extraEnvironment: [String: String], timeout: Duration,
        maxOutputBytes: Int = 8 << 20, onLine: (@Sendable (Stream, Substring) -> Void)? = nil
    ) async throws -> ProcessOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONIOENCODING"] = "utf-8"
        environment["PYTHONUNBUFFERED"] = "1"
        for (key, value) in extraEnvironment { environment[key] = value }
        process.environment = environment
        let stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice

        let state = NIOLockedValueBox(RunState())
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw YTDLPError(.toolMissing, "The downloader (yt-dlp) could not be started.", detail: "\(executable): \(error)")
        }
        let pid = process.processIdentifier
        state.withLockedValue { $0.pid = pid }

        let readers = DispatchGroup()
        let stdoutBuffer = OutputCollector(cap: maxOutputBytes, keepEnd: false)
        let stderrBuffer = OutputCollector(cap: maxOutputBytes, keepEnd: true)
        read(stdoutPipe.fileHandleForReading, into: stdoutBuffer, stream: .stdout, group: readers, onLine: onLine)
        read(stderrPipe.fileHandleForReading, into: stderrBuffer, stream: .stderr, group: readers, onLine: onLine)

        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            state.withLockedValue { $0.timedOut = true }
            await terminate(state)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    exited.wait()
                    state.withLockedValue { $0.finished = true }
                    // Output still held by surviving grandchildren is not waited for forever.
                    _ = readers.wait(timeout: .now() + 5)
                    continuation.resume()
                }
            }
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

    private static func read(
        _ handle: FileHandle, into collector: OutputCollector, stream: Stream, group: DispatchGroup,
        onLine: (@Sendable (Stream, Substring) -> Void)?
    ) {
        group.enter()
        DispatchQueue.global().async {
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
            group.leave()
        }
    }
}

/// Collects a stream's bytes up to a cap.
final class OutputCollector: Sendable {
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
