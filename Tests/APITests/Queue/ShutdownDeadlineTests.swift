// Graceful shutdown has a deadline: a real `intellimix serve` whose job is stuck in a stage that no
// cancellation can reach (reading a FIFO nobody writes) exits soon after SIGTERM, abandoning the job.
import Foundation
import Logging
import ServiceLifecycle
import Testing
@testable import API

@Suite("Shutdown deadline", .serialized)
struct ShutdownDeadlineTests {
    @Test("SIGTERM with a job stuck in a stage: serve exits within SHUTDOWN_TIMEOUT_SECONDS plus a margin")
    func stuckJob() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("im-deadline-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fifo = "\(root)/never.wav"
        #expect(mkfifo(fifo, 0o600) == 0)
        let store = try SQLiteStore(path: "\(root)/intellimix.sqlite3")
        try await store.migrate()
        let user = UserRecord(name: "deadline", email: "deadline@example.com", passwordHash: "x")
        try await store.createUser(user)
        // Written to the store directly: the API would refuse a server-local path, but the worker runs what it is given.
        let manifest = "version: 1\nname: stuck\nstages:\n  - id: song\n    kind: source\n    path: \(fifo)\n"
        let job = JobRecord(userId: user.id, type: "manifest", manifest: manifest, maxAttempts: 3)
        try await store.enqueue(job)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: WorkerCrashTests.binary)
        p.arguments = ["serve", "--workers", "1", "--env-file", "/nonexistent", "--log-level", "info"]
        var env = ProcessInfo.processInfo.environment
        env["STORAGE_ROOT"] = root
        env["DATABASE_URL"] = "sqlite://\(root)/intellimix.sqlite3"
        env["JWT_SECRET_KEY"] = String(repeating: "s3cr3t-", count: 6)
        env["PORT"] = "0"
        env["SHUTDOWN_TIMEOUT_SECONDS"] = "2"
        p.environment = env
        let log = "\(root)/serve.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        p.standardError = FileHandle(forWritingAtPath: log)
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit() } }

        let claimDeadline = Date().addingTimeInterval(60)
        while Date() < claimDeadline, try await store.job(id: job.id)?.status != .running { try await Task.sleep(for: .milliseconds(50)) }
        try #require(try await store.job(id: job.id)?.status == .running, "the job was never claimed; log: \(Self.read(log))")
        try await Task.sleep(for: .milliseconds(500))  // the stage is now blocked opening the FIFO
        let signalled = Date()
        kill(p.processIdentifier, SIGTERM)
        while p.isRunning, Date().timeIntervalSince(signalled) < 20 { try await Task.sleep(for: .milliseconds(50)) }
        let took = Date().timeIntervalSince(signalled)
        #expect(!p.isRunning, "serve still running \(Int(took)) s after SIGTERM; log: \(Self.read(log))")
        #expect(took < 2 + 5, "exited \(took) s after SIGTERM")
        if !p.isRunning {
            #expect(p.terminationStatus == 1, "an abandoned shutdown exits with status 1")
            #expect(Self.read(log).contains("passed its deadline"))
        }
        await store.close()
    }

    /// A service that ignores graceful shutdown and finishes only when cancelled.
    struct Stuck: Service {
        func run() async throws {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
        }
    }

    @Test("the deadline fires on its own thread after graceful shutdown starts, not before")
    func service() async throws {
        let fired = Locked<Date?>(nil)
        var logger = Logger(label: "deadline-test")
        logger.logLevel = .critical
        let deadline = ShutdownDeadline(timeout: .milliseconds(300), logger: logger) { fired.withLock { $0 = Date() } }
        let group = ServiceGroup(configuration: .init(services: [Stuck(), deadline], logger: logger))
        let task = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(500))
        #expect(fired.withLock { $0 } == nil, "nothing fires before shutdown")
        let started = Date()
        await group.triggerGracefulShutdown()
        while fired.withLock({ $0 }) == nil, Date().timeIntervalSince(started) < 5 { try await Task.sleep(for: .milliseconds(20)) }
        let at = try #require(fired.withLock { $0 })
        #expect(at.timeIntervalSince(started) >= 0.25 && at.timeIntervalSince(started) < 2)
        task.cancel()
    }

    static func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
}
