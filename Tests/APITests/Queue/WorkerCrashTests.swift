// A real `intellimix worker` process killed with SIGKILL mid-job: the lease lapses, a second worker
// process resumes the job from the cache without redoing finished stages, and no blob is corrupt.
import Foundation
import Pipeline
import TestSupport
import Testing
@testable import API

@Suite("Worker crash recovery", .serialized)
struct WorkerCrashTests {
    static var binary: String {
        ProcessInfo.processInfo.environment["INTELLIMIX_BIN"] ?? FakeServices.repo.appendingPathComponent(".build/debug/intellimix").path
    }

    /// Starts `intellimix worker` on the storage folder and database.
    static func startWorker(root: String, env extra: [String: String], log: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["worker", "--workers", "1", "--env-file", "/nonexistent", "--log-level", "info"]
        var env = ProcessInfo.processInfo.environment
        env["STORAGE_ROOT"] = root
        env["JWT_SECRET_KEY"] = String(repeating: "s3cr3t-", count: 6)
        env["JOB_LEASE_SECONDS"] = "2"
        for (k, v) in extra { env[k] = v }
        p.environment = env
        FileManager.default.createFile(atPath: log, contents: nil)
        p.standardError = FileHandle(forWritingAtPath: log)
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// A storage folder with a SQLite database, a user, an uploaded 150-second tone, and a queued job whose stages
    /// (source, loudness, FLAC encode) take a few seconds.
    static func slowJob(_ name: String) async throws -> (root: String, store: SQLiteStore, job: JobRecord) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("im-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: "\(root)/intellimix.sqlite3")
        try await store.migrate()
        let user = UserRecord(name: name, email: "\(name)@example.com", passwordHash: "x")
        try await store.createUser(user)
        let uploadId = UUID().uuidString.lowercased()
        let uploadDir = "\(root)/uploads/\(user.id.uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: uploadDir, withIntermediateDirectories: true)
        try TestAudio.tone(seconds: 150, frequency: 220).write(to: URL(fileURLWithPath: "\(uploadDir)/\(uploadId).wav"))
        let manifest = """
        version: 1
        name: \(name)
        stages:
          - id: song
            kind: source
            upload: \(uploadId)
          - id: loud
            kind: loudness
            input: song
            target: -16
          - id: out
            kind: encode
            input: loud
            format: flac
        """
        let job = JobRecord(userId: user.id, type: "manifest", manifest: manifest, maxAttempts: 3)
        try await store.enqueue(job)
        return (root, store, job)
    }

    @Test("SIGKILL mid-job: another worker finishes it from the cache")
    func crash() async throws {
        let (root, store, job) = try await Self.slowJob("crash")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let env = ["DATABASE_URL": "sqlite://\(root)/intellimix.sqlite3"]
        let first = try Self.startWorker(root: root, env: env, log: "\(root)/worker1.log")
        // Wait until a stage has finished and a later one is running, then kill the worker without warning.
        var killedDuring: [String: String] = [:]
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            let runs = try await store.stageRuns(jobId: job.id)
            let statuses = Dictionary(uniqueKeysWithValues: runs.map { ($0.stageId, $0.status) })
            if statuses["song"] == "ran", statuses["loud"] == "ran" || statuses["loud"] == "running" {
                killedDuring = statuses
                kill(first.processIdentifier, SIGKILL)
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal, "the first worker was killed, not finished: \(killedDuring)")
        let midway = try #require(try await store.job(id: job.id))
        #expect(midway.status == .running, "the killed worker left its job running under a lease")
        #expect(midway.attempt == 1)

        let second = try Self.startWorker(root: root, env: env, log: "\(root)/worker2.log")
        defer { kill(second.processIdentifier, SIGTERM); second.waitUntilExit() }
        var finished: JobRecord?
        let deadline2 = Date().addingTimeInterval(120)
        while Date() < deadline2 {
            if let j = try await store.job(id: job.id), j.status.isTerminal { finished = j; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let done = try #require(finished, "the job did not finish after the crash; worker log: \((try? String(contentsOfFile: "\(root)/worker2.log", encoding: .utf8)) ?? "")")
        #expect(done.status == .succeeded, "\(done.errorCode ?? "") \(done.errorMessage ?? "")")
        #expect(done.attempt == 2)
        #expect(done.failures == 1, "the lost attempt counts as a failure")
        let runs = Dictionary(uniqueKeysWithValues: try await store.stageRuns(jobId: job.id).map { ($0.stageId, $0.status) })
        #expect(runs["song"] == "cached", "a stage finished before the kill is not run again: \(runs)")
        if killedDuring["loud"] == "ran" { #expect(runs["loud"] == "cached") }
        #expect(runs["out"] == "ran")
        let output = "\(root)/jobs/\(job.id.uuidString.lowercased())/\(done.outputs.first ?? "-")"
        #expect(FileManager.default.fileExists(atPath: output))

        // Every blob in the shared cache still matches its name.
        let cache = try CacheDirectory(root: "\(root)/cache")
        let blobs = cache.blobs.list()
        #expect(!blobs.isEmpty)
        for blob in blobs {
            let (digest, size) = try Digest.ofFile(at: cache.blobs.path(for: blob.digest))
            #expect(digest == blob.digest && size == blob.size, "blob \(blob.digest.hex) is corrupt")
        }
        await store.close()
    }

    @Test("SIGTERM: the worker releases its job at once, and another worker finishes it")
    func gracefulShutdown() async throws {
        let (root, store, job) = try await Self.slowJob("term")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let env = ["DATABASE_URL": "sqlite://\(root)/intellimix.sqlite3"]
        let first = try Self.startWorker(root: root, env: env, log: "\(root)/w1.log")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, try await store.job(id: job.id)?.status != .running { try await Task.sleep(for: .milliseconds(20)) }
        kill(first.processIdentifier, SIGTERM)
        first.waitUntilExit()
        #expect(first.terminationStatus == 0, "graceful exit")
        let released = try #require(try await store.job(id: job.id))
        #expect(released.status == .queued || released.status == .succeeded, "\(released.status)")
        #expect(released.failures == 0, "a graceful release is not a failure")
        let second = try Self.startWorker(root: root, env: env, log: "\(root)/w2.log")
        defer { kill(second.processIdentifier, SIGTERM); second.waitUntilExit() }
        let deadline2 = Date().addingTimeInterval(90)
        while Date() < deadline2, try await store.job(id: job.id)?.status.isTerminal != true { try await Task.sleep(for: .milliseconds(100)) }
        let log = { (name: String) in ((try? String(contentsOfFile: "\(root)/\(name)", encoding: .utf8)) ?? "").split(separator: "\n").suffix(15).joined(separator: "\n") }
        #expect(try await store.job(id: job.id)?.status == .succeeded, "first worker:\n\(log("w1.log"))\nsecond worker:\n\(log("w2.log"))")
        await store.close()
    }
}
