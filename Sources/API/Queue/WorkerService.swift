// A worker: claims jobs from the database queue and runs them one at a time; recovers jobs whose
// worker died (lapsed leases). A ServiceLifecycle service: on graceful shutdown it stops claiming
// and releases the job it holds, which another worker resumes from the cache.
import Foundation
import Logging
import ServiceLifecycle

/// One queue worker.
public struct WorkerService: Service {
    /// Runs the claimed jobs.
    public let executor: JobExecutor
    /// This worker's id in leases (host, process, index).
    public let workerId: String
    /// Pause between claims when the queue is empty.
    public var pollInterval: Duration
    /// How often lapsed leases are looked for.
    public var recoveryInterval: TimeInterval

    /// Creates a worker.
    public init(executor: JobExecutor, workerId: String, pollInterval: Duration = .milliseconds(500), recoveryInterval: TimeInterval = 5) {
        self.executor = executor
        self.workerId = workerId
        self.pollInterval = pollInterval
        self.recoveryInterval = recoveryInterval
    }

    /// A worker id unique across machines: host name, process id and index.
    public static func makeId(index: Int) -> String {
        "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(index)"
    }

    /// Claims and runs jobs until graceful shutdown (or cancellation).
    public func run() async throws {
        let env = executor.environment
        var logger = env.logger
        logger[metadataKey: "worker.id"] = "\(workerId)"
        let log = logger
        log.info("worker started")
        await cancelWhenGracefulShutdown {
            var lastRecovery = Date.distantPast
            while !Task.isCancelled {
                let now = Date()
                if now.timeIntervalSince(lastRecovery) >= recoveryInterval {
                    lastRecovery = now
                    do {
                        let n = try await env.store.recoverExpiredLeases(now: now)
                        if n > 0 { log.notice("requeued jobs whose worker stopped responding", metadata: ["count": "\(n)"]) }
                    } catch {
                        log.warning("lease recovery failed", metadata: ["error": "\(error)"])
                    }
                }
                let job: JobRecord?
                do {
                    job = try await env.store.claim(workerId: workerId, lease: env.leaseSeconds, now: Date())
                } catch {
                    if Task.isCancelled { break }
                    log.warning("claim failed; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                if let job {
                    await executor.execute(job)
                    env.cacheCollection?.collectSoon()
                } else {
                    env.cacheCollection?.collectIfDue()
                    let jitter = Duration.milliseconds(Int.random(in: 0...100))
                    try? await Task.sleep(for: pollInterval + jitter)
                }
            }
        }
        log.info("worker stopped")
    }
}
