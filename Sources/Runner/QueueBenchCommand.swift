// `intellimix bench-queue` (hidden; used by scripts/bench): claim throughput of the database queue
// with several concurrent workers finishing no-op jobs, in jobs per second.
import API
import ArgumentParser
import Foundation
import Logging

struct QueueBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-queue", abstract: "Measure queue claim throughput with no-op jobs (for scripts/bench).", shouldDisplay: false)

    @Option(help: "The database (postgres://... or sqlite:///path).")
    var databaseURL: String

    @Option(help: "Concurrent claimers.")
    var workers: Int = 4

    @Option(help: "No-op jobs to enqueue and claim.")
    var jobs: Int = 4000

    func run() async throws {
        var logger = Logger(label: "bench-queue")
        logger.logLevel = .error
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("im-qbench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = try AppConfig(environment: ["DATABASE_URL": databaseURL, "STORAGE_ROOT": root])
        let store = try await APIRuntime.openStore(config, logger: logger)
        let user = UserRecord(name: "bench", email: "bench-\(UUID().uuidString.prefix(8))@example.com", passwordHash: "-")
        try await store.createUser(user)
        // Distinct creation times a millisecond apart, all in the past: every job is ready when the claimers start
        // (jobs stamped in the future would not be, and fast claimers would stop before reaching them).
        let base = Date().addingTimeInterval(-Double(jobs) / 1000 - 1)
        for i in 0..<jobs {
            try await store.enqueue(JobRecord(userId: user.id, type: "noop", manifest: "", now: base.addingTimeInterval(Double(i) / 1000)))
        }
        let start = ContinuousClock.now
        // Only this run's jobs (its own user's) count: a database that holds other jobs, from earlier runs or anyone
        // else, may hand some of them out too, and they are finished but not counted.
        let finished = try await withThrowingTaskGroup(of: [UUID].self) { group in
            for w in 0..<workers {
                group.addTask {
                    var mine: [UUID] = []
                    while let job = try await store.claim(workerId: "bench-\(w)", lease: 30, now: Date()) {
                        guard try await store.finish(jobId: job.id, attempt: job.attempt, outcome: JobOutcome(status: .succeeded), now: Date()) else {
                            throw ValidationError("fenced write refused for a current attempt")
                        }
                        if job.userId == user.id { mine.append(job.id) }
                    }
                    return mine
                }
            }
            return try await group.reduce(into: [UUID]()) { $0 += $1 }
        }
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let left = try await store.activeJobCount(userId: user.id)
        await store.close()
        let distinct = Set(finished).count
        guard finished.count == jobs, distinct == jobs, left == 0 else {
            throw ValidationError("claimed \(finished.count) of this run's \(jobs) jobs (\(distinct) distinct); \(left) still queued or running")
        }
        print(String(format: #"{"jobs": %d, "workers": %d, "seconds": %.3f, "jobs_per_second": %.1f}"#, jobs, workers, seconds, Double(jobs) / seconds))
    }
}
