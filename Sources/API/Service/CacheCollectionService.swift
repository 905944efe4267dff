// Keeps the stage cache under CACHE_MAX_SIZE: after each job a worker ends, and at least hourly while workers wait,
// the existing collector (the plan of `intellimix cache gc --max-size`) runs under the exclusive cache lock, off the pool.
import Foundation
import Logging
import Pipeline

/// Runs the service's cache collection, one pass at a time, shared by every worker of a process.
public final class CacheCollectionService: Sendable {
    /// The cache.
    public let cache: CacheDirectory
    /// The size the cache is brought under (`CACHE_MAX_SIZE`), in bytes.
    public let maxSize: Int64
    /// How long workers may go without a pass (default an hour).
    public let interval: Duration
    /// Logs.
    public let logger: Logger
    private let state = Locked(PassState())

    /// Whether a pass runs, and when the last one began.
    struct PassState: Sendable {
        var running = false
        var lastStarted: ContinuousClock.Instant?
    }

    /// Creates the service.
    public init(cache: CacheDirectory, maxSize: Int64, interval: Duration = .seconds(3_600), logger: Logger) {
        self.cache = cache
        self.maxSize = maxSize
        self.interval = interval
        self.logger = logger
    }

    /// Starts a pass on a thread of its own unless one is running; returns at once (a job just ended).
    public func collectSoon() {
        guard begin() else { return }
        Thread.detachNewThread { [self] in
            _ = self.pass()
            self.end()
        }
    }

    /// Starts a pass when none has begun within `interval` (the hourly check).
    public func collectIfDue() {
        let due = state.withLock { s in s.lastStarted.map { ContinuousClock.now - $0 >= interval } ?? true }
        if due { collectSoon() }
    }

    /// Runs one pass and returns its plan once done; nil when a pass was already running or the cache could not be locked.
    /// The pass waits for running renders to release the shared cache lock, on its own thread.
    public func collect() async -> CollectionPlan? {
        guard begin() else { return nil }
        return await withCheckedContinuation { (continuation: CheckedContinuation<CollectionPlan?, Never>) in
            Thread.detachNewThread { [self] in
                let plan = self.pass()
                self.end()
                continuation.resume(returning: plan)
            }
        }
    }

    /// A size such as `20G`, `500M`, `512KiB` or a number of bytes (units of 1024); nil when malformed or not positive.
    public static func parseSize(_ text: String) -> Int64? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where s.hasSuffix(suffix) && s.count > suffix.count {
            s.removeLast(suffix.count)
            break
        }
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var factor: Int64 = 1
        if let last = s.last, let f = units[last] {
            factor = f
            s.removeLast()
        }
        guard let n = Double(s), n.isFinite, n > 0, n * Double(factor) < 9e18 else { return nil }
        return Int64(n * Double(factor))
    }

    private func begin() -> Bool {
        state.withLock { s in
            if s.running { return false }
            s.running = true
            s.lastStarted = .now
            return true
        }
    }

    private func end() { state.withLock { $0.running = false } }

    /// One collection under the exclusive lock; applied only when the cache is over `maxSize`.
    private func pass() -> CollectionPlan? {
        do {
            let lock = try cache.lock(exclusive: true)
            return withExtendedLifetime(lock) {
                let collector = CacheCollector(cache: cache)
                let plan = collector.plan(maxSize: maxSize)
                guard plan.bytesBefore > maxSize else { return plan }
                collector.apply(plan)
                logger.info("cache collected", metadata: ["bytes.before": "\(plan.bytesBefore)", "bytes.after": "\(plan.bytesAfter)",
                                                          "entries": "\(plan.actions.count)", "blobs": "\(plan.blobs.count)"])
                if plan.bytesAfter > maxSize {
                    logger.warning("cache still above CACHE_MAX_SIZE: the latest renders use that much",
                                   metadata: ["bytes.after": "\(plan.bytesAfter)", "bytes.limit": "\(maxSize)"])
                }
                return plan
            }
        } catch {
            logger.warning("cache collection failed", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
