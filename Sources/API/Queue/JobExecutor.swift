// Runs one claimed job attempt: resolves an AI job's songs when needed, renders the manifest
// through the cached pipeline, streams stage progress to the store, renews the lease, and ends
// the attempt (succeeded, failed, retried, cancelled or released). Every write is fenced by attempt.
import Foundation
import Logging
import Mashup
import Pipeline
import Stages

/// What a worker needs to run jobs.
public struct WorkerEnvironment: Sendable {
    /// The job store.
    public var store: any AppStore
    /// The storage layout.
    public var paths: JobPaths
    /// The stage cache, shared by every worker that shares the storage folder.
    public var cache: CacheDirectory
    /// Outside services for stages (uploads are added per job).
    public var providers: StageProviders
    /// Environment variables stages read (LLM settings and so on).
    public var variables: [String: String]
    /// Lease length in seconds.
    public var leaseSeconds: Double
    /// What is retried, and when.
    public var retry: RetryPolicy
    /// Metrics.
    public var metrics: ServiceMetrics
    /// Logs.
    public var logger: Logger
    /// Stages run at once within one job.
    public var stageParallelism: Int
    /// How often a running job's worker looks for a cancel request (default 250 ms).
    public var cancelPollInterval: Duration = .milliseconds(250)
    /// Stage instances a job's manifest may expand to (`MAX_STAGE_INSTANCES`), as the API checked at submission.
    public var maxStageInstances = ManifestLimits().maxStageInstances
    /// Keeps the cache under `CACHE_MAX_SIZE`: run after each job and hourly by the workers; nil: never.
    public var cacheCollection: CacheCollectionService?
    /// The bytes one job's output files may take together (`MAX_OUTPUT_MB`); past it the job fails with `OUTPUT_TOO_LARGE`
    /// and its output files are removed. nil: no limit.
    public var maxOutputBytes: Int64?
    /// Limits on the probed upload sources (rate, channels, decoded duration), checked before the render; nil: none.
    public var sourceBounds: SourceBounds?

    /// Creates an environment.
    public init(store: any AppStore, paths: JobPaths, cache: CacheDirectory, providers: StageProviders, variables: [String: String],
                leaseSeconds: Double, retry: RetryPolicy = RetryPolicy(), metrics: ServiceMetrics, logger: Logger,
                stageParallelism: Int = 2) {
        self.store = store
        self.paths = paths
        self.cache = cache
        self.providers = providers
        self.variables = variables
        self.leaseSeconds = leaseSeconds
        self.retry = retry
        self.metrics = metrics
        self.logger = logger
        self.stageParallelism = stageParallelism
    }
}

/// Runs claimed jobs.
public struct JobExecutor: Sendable {
    /// Why an attempt stopped early.
    enum Interruption: Sendable { case cancelRequested, lost }

    /// The environment.
    public let environment: WorkerEnvironment

    /// Creates an executor.
    public init(environment: WorkerEnvironment) { self.environment = environment }

    /// Runs one attempt of a claimed job to its end. When the calling task is cancelled (shutdown), the attempt is released
    /// back to the queue; finished stages stay cached, so the next attempt resumes where this one stopped.
    public func execute(_ job: JobRecord) async {
        var logger = environment.logger
        logger[metadataKey: "job.id"] = "\(job.id.uuidString.lowercased())"
        logger[metadataKey: "job.attempt"] = "\(job.attempt)"
        let log = logger
        log.info("job started", metadata: ["job.type": "\(job.type)"])
        let store = environment.store
        let interruption = Locked<Interruption?>(nil)
        let progress = Locked(JobProgress())
        let metrics = environment.metrics
        let paths = environment.paths

        let result: AttemptResult = await withTaskGroup(of: AttemptResult?.self) { group in
            group.addTask { await self.attempt(job, log: log, progress: progress) }
            // Lease renewal; notices cancellation requests and lost leases. A worker that cannot renew for three leases
            // (at least 10 s; its link to the database is cut) must assume another worker has taken the job over: it
            // stops the attempt and writes nothing (self-fencing), rather than rendering on for nothing; the store's
            // attempt fence refuses its writes anyway. A renewal that is merely late (a busy machine) still counts: the
            // store accepts it as long as no other attempt owns the job.
            group.addTask {
                let lease = self.environment.leaseSeconds
                let interval = max(0.5, lease / 3)
                let patience = Duration.seconds(max(lease * 3, 10))
                var lastRenewal = ContinuousClock.now
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(interval))
                    if Task.isCancelled { break }
                    // The call runs on its own, and is waited for only until `patience` has passed since the last renewal:
                    // a cut link can hold a query far longer than that.
                    let answer = Locked<Result<HeartbeatResult, any Error>?>(nil)
                    let call = Task {
                        do {
                            let r = try await store.heartbeat(jobId: job.id, attempt: job.attempt, lease: lease, now: Date())
                            answer.withLock { $0 = .success(r) }
                        } catch {
                            answer.withLock { $0 = .failure(error) }
                        }
                    }
                    var result: Result<HeartbeatResult, any Error>?
                    while result == nil && !Task.isCancelled && lastRenewal.duration(to: .now) < patience {
                        try? await Task.sleep(for: .milliseconds(50))
                        result = answer.withLock { $0 }
                    }
                    switch result {
                    case .success(.renewed):
                        lastRenewal = .now
                        continue
                    case .success(.cancelRequested):
                        interruption.withLock { $0 = .cancelRequested }
                        return nil
                    case .success(.lost):
                        interruption.withLock { $0 = .lost }
                        return nil
                    case .failure(let error):
                        log.warning("heartbeat failed; retrying", metadata: ["error": "\(error)"])
                    case nil:
                        call.cancel()
                    }
                    if !Task.isCancelled && lastRenewal.duration(to: .now) >= patience {
                        log.warning("no heartbeat for three leases; stopping this attempt, which writes nothing", metadata: ["lease.seconds": "\(lease)"])
                        interruption.withLock { $0 = .lost }
                        return nil
                    }
                }
                return nil
            }
            // Cancel watcher: a cancel request reaches the running stage within `cancelPollInterval` (the lease renewal
            // above is too rare for that); the attempt is then cancelled and its stage stops at its next chunk.
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.environment.cancelPollInterval)
                    if Task.isCancelled { break }
                    // One boolean column of one row, not the job with its manifest and stage table.
                    guard let state = try? await store.attemptState(jobId: job.id, attempt: job.attempt) else { continue }
                    switch state {
                    case .current: continue
                    case .cancelRequested: interruption.withLock { $0 = $0 ?? .cancelRequested }
                    case .lost: interruption.withLock { $0 = $0 ?? .lost }
                    }
                    return nil
                }
                return nil
            }
            // Progress writer: stage state changes and percentages, at most four times a second.
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    let snapshot: JobProgress? = progress.withLock { p in
                        guard p.dirty else { return nil }
                        let s = p
                        p.markSaved()
                        return s
                    }
                    guard let snapshot else { continue }
                    let ok = (try? await store.updateProgress(jobId: job.id, attempt: job.attempt, progress: snapshot.overall,
                                                              stages: snapshot.stages, now: Date())) ?? true
                    if !ok {
                        interruption.withLock { $0 = .lost }
                        return nil
                    }
                }
                return nil
            }
            var final: AttemptResult?
            while let next = await group.next() {
                if let r = next {
                    final = r
                    group.cancelAll()
                } else if interruption.withLock({ $0 }) != nil {
                    group.cancelAll()
                }
            }
            return final ?? .interrupted
        }

        // The end of the attempt is written even while the process shuts down.
        let shuttingDown = Task.isCancelled
        let reason = interruption.withLock { $0 }
        let snapshot = progress.withLock { $0 }
        await Task.detached {
            let now = Date()
            if reason == .lost {
                log.warning("lease lost; another attempt owns the job now, so this one writes nothing")
                return
            }
            _ = try? await store.updateProgress(jobId: job.id, attempt: job.attempt, progress: snapshot.overall, stages: snapshot.stages, now: now)
            // Each write is fenced by the attempt: false means another attempt owns the job now (this worker lost its
            // lease, say, behind a cut link), and this attempt's end is not recorded.
            func fenced() { log.warning("fenced: another attempt owns the job now, so this attempt's end was refused") }
            do {
                if reason == .cancelRequested {
                    guard try await store.finish(jobId: job.id, attempt: job.attempt, outcome: JobOutcome(status: .cancelled), now: now) else {
                        return fenced()
                    }
                    metrics.jobFinished(status: .cancelled)
                    log.info("job cancelled")
                    return
                }
                switch result {
                case .interrupted:
                    guard try await store.release(jobId: job.id, attempt: job.attempt, now: now) else { return fenced() }
                    log.info("job released for another worker (shutdown)")
                case .succeeded(let outputs):
                    if shuttingDown { log.info("job finished during shutdown") }
                    guard try await store.finish(jobId: job.id, attempt: job.attempt, outcome: JobOutcome(status: .succeeded, outputs: outputs), now: now) else {
                        return fenced()
                    }
                    metrics.jobFinished(status: .succeeded)
                    log.info("job succeeded", metadata: ["outputs": "\(outputs)"])
                case .failed(let code, let message, let retryAfter):
                    if shuttingDown && code == "CANCELLED" {
                        guard try await store.release(jobId: job.id, attempt: job.attempt, now: now) else { return fenced() }
                        log.info("job released for another worker (shutdown)")
                        return
                    }
                    let safe = paths.sanitize(message)
                    if let delay = self.environment.retry.retryDelay(code: code, failures: job.failures, maxAttempts: job.maxAttempts,
                                                                     retryAfter: retryAfter) {
                        guard try await store.retry(jobId: job.id, attempt: job.attempt, runAfter: now.addingTimeInterval(delay),
                                                    errorCode: code, errorMessage: safe, now: now) else { return fenced() }
                        log.notice("job attempt failed; retrying", metadata: ["error.code": "\(code)", "retry.in": "\(delay)"])
                    } else {
                        guard try await store.finish(jobId: job.id, attempt: job.attempt,
                                                     outcome: JobOutcome(status: .failed, errorCode: code, errorMessage: safe,
                                                                         retryAfterSeconds: retryAfter.map { Int($0.rounded(.up)) }), now: now)
                        else { return fenced() }
                        metrics.jobFinished(status: .failed)
                        log.notice("job failed", metadata: ["error.code": "\(code)"])
                    }
                }
            } catch {
                log.error("could not record the end of the job; its lease will lapse and it will be retried", metadata: ["error": "\(error)"])
            }
        }.value
    }

    /// How an attempt's work ended.
    enum AttemptResult: Sendable {
        case succeeded([String])
        case failed(code: String, message: String, retryAfter: Double?)
        case interrupted
    }

    /// Resolves the manifest and renders it.
    private func attempt(_ job: JobRecord, log: Logger, progress: Locked<JobProgress>) async -> AttemptResult {
        let paths = environment.paths
        let directory = paths.jobDirectory(job.id)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            log.error("cannot create the job folder", metadata: ["error": "\(error)"])
            return .failed(code: "STORAGE", message: "the job's folder could not be created", retryAfter: nil)
        }
        var providers = environment.providers
        providers.uploads = UploadDirectoryLocator(directory: paths.uploadDirectory(job.userId))
        providers.mediaLimits = environment.sourceBounds?.mediaLimits
        let registry = StageCatalog.standard(providers: providers, environment: environment.variables)

        var yaml = job.manifest
        if yaml.isEmpty {
            // An AI mashup whose prompt names no songs: the LLM proposes them here, in the worker, not in the request.
            do {
                yaml = try await AIJobManifest.resolve(input: job.input, providers: providers)
            } catch {
                let f = Self.failure(error)
                log.notice("song resolution failed", metadata: ["error.code": "\(f.code)", "error": "\(error)"])
                return .failed(code: f.code, message: f.message, retryAfter: f.retryAfter)
            }
            do {
                guard try await environment.store.setManifest(jobId: job.id, attempt: job.attempt, manifest: yaml, now: Date()) else {
                    return .interrupted
                }
            } catch {
                return .failed(code: "UNAVAILABLE", message: "the job store is unavailable", retryAfter: nil)
            }
        }
        let manifest: Manifest
        do {
            let limits = ManifestLimits(maxStageInstances: environment.maxStageInstances,
                                        maxInputBindings: max(100_000, environment.maxStageInstances * 50))
            manifest = try ManifestLoader(registry: registry, overrides: job.overrides, limits: limits)
                .load(yaml: yaml, file: "job.yaml", directory: directory)
        } catch {
            return .failed(code: "MANIFEST_INVALID", message: error.issues.first.map { "\($0.field): \($0.message)" } ?? "invalid manifest",
                           retryAfter: nil)
        }
        if let bounds = environment.sourceBounds, let uploads = providers.uploads, let problem = bounds.problem(manifest, uploads: uploads) {
            return .failed(code: "JOB_TOO_LARGE", message: problem, retryAfter: nil)
        }
        let runner = PipelineRunner(registry: registry, cache: environment.cache, logger: log)
        let options = RenderOptions(jobs: environment.stageParallelism, keepGoing: false, outputDirectory: directory, offline: false, refresh: [])
        let metrics = environment.metrics
        let report = await runner.render(manifest, options: options) { event in
            progress.withLock { $0.apply(event, sanitize: paths.sanitize) }
            if case .finished(let r) = event { metrics.stage(kind: r.kind, status: r.status.rawValue, seconds: r.seconds) }
        }
        if Task.isCancelled && !report.succeeded { return .interrupted }
        if report.succeeded {
            if let limit = environment.maxOutputBytes {
                let sizes = report.outputs.map { ((try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? NSNumber)?.int64Value ?? 0 }
                let total = sizes.reduce(0, +)
                if total > limit {
                    for file in report.outputs { try? FileManager.default.removeItem(atPath: file) }
                    return .failed(code: "OUTPUT_TOO_LARGE",
                                   message: "the job's outputs take \(total / 1_048_576) MB, over the limit of \(limit / 1_048_576) MB (MAX_OUTPUT_MB)",
                                   retryAfter: nil)
                }
            }
            return .succeeded(report.outputs.map { URL(fileURLWithPath: $0).lastPathComponent })
        }
        guard let failed = report.stages.first(where: { $0.status == StageStatus.failed }) else {
            return .failed(code: "INTERNAL", message: "the render stopped without a failed stage", retryAfter: nil)
        }
        let code = failed.errorCode ?? "INTERNAL"
        if code == "INTERNAL" {
            log.error("stage failed unexpectedly", metadata: ["stage": "\(failed.id)", "error": "\(failed.error ?? "")"])
            return .failed(code: code, message: "stage \(failed.id) failed with an internal error", retryAfter: nil)
        }
        return .failed(code: code, message: failed.error ?? "stage \(failed.id) failed", retryAfter: failed.retryAfterSeconds)
    }

    /// A stable code and a safe message for any error.
    static func failure(_ error: Error) -> (code: String, message: String, retryAfter: Double?) {
        if let f = error as? StageFailure { return (f.code.rawValue, f.message, f.retryAfterSeconds) }
        if let c = error as? any StageFailureConvertible {
            let f = c.stageFailure
            return (f.code.rawValue, f.message, f.retryAfterSeconds)
        }
        if let c = error as? any CodedError { return (c.code, c.message, nil) }
        if let m = error as? MashupError { return (m.code.rawValue, m.message, nil) }
        return ("INTERNAL", "internal error", nil)
    }
}
