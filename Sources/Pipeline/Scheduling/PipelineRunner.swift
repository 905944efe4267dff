// Executes a manifest's graph: keys each stage, serves hits from the cache, runs misses in
// parallel under the scheduler, stores results, publishes outputs. Knows no stage kind.
import Foundation
import Logging
import Synchronization

/// Renders manifests against a cache.
public struct PipelineRunner: Sendable {
    /// The stage kinds.
    public let registry: StageRegistry
    /// The cache.
    public let cache: CacheDirectory
    /// The logger.
    public let logger: Logger

    /// Creates a runner.
    public init(registry: StageRegistry, cache: CacheDirectory, logger: Logger) {
        self.registry = registry
        self.cache = cache
        self.logger = logger
    }

    /// Results of finished stages in this render.
    final class Results: Sendable {
        struct Done: Sendable {
            var outputs: [String: Artifact]
            var metadata: [String: Value]
            var key: Digest
        }
        let done = Mutex<[String: Done]>([:])
        let verified = Mutex<Set<Digest>>([])
        subscript(id: String) -> Done? { done.withLock { $0[id] } }
        func set(_ id: String, _ d: Done) { done.withLock { $0[id] = d } }
    }

    /// Renders a manifest, reporting progress through `events`.
    public func render(_ manifest: Manifest, options: RenderOptions,
                       events: @escaping @Sendable (RenderEvent) -> Void = { _ in }) async -> RenderReport {
        let started = ContinuousClock.now
        let graph = manifest.graph
        events(.planned(graph.stages))
        let lock = try? cache.lock(exclusive: false)
        defer { _ = lock }
        let results = Results()
        var reports: [String: StageReport] = [:]
        var machine = SchedulerState(graph: graph, maxParallel: options.jobs, keepGoing: options.keepGoing)
        let encodeCount = graph.stages.filter { registry.spec($0.kind)?.outputs.isEmpty == false && $0.kind == "encode" }.count

        await withTaskGroup(of: StageReport.self) { group in
            var actions = machine.start()
            var finished = false
            while !finished {
                for action in actions {
                    switch action {
                    case .start(let id):
                        let stage = graph[id]!
                        group.addTask {
                            await self.execute(stage, manifest: manifest, options: options, results: results,
                                               multiplePublishers: encodeCount > 1, events: events)
                        }
                    case .skip(let id, let reason):
                        let stage = graph[id]!
                        let r = StageReport(id: id, kind: stage.kind, status: .skipped, seconds: 0, key: nil, outputs: [:], metadata: [:],
                                            published: nil, errorCode: nil, error: reason)
                        reports[id] = r
                        events(.finished(r))
                    case .finished:
                        finished = true
                    }
                }
                if finished { break }
                guard let report = await group.next() else { break }
                reports[report.id] = report
                actions = report.status == .failed ? machine.failed(report.id) : machine.succeeded(report.id)
            }
        }

        let ordered = graph.stages.compactMap { reports[$0.id] }
        let record = RenderRecord(manifest: manifest.name, at: Date(),
                                  keys: ordered.compactMap { $0.key.flatMap { Digest(hex: $0) } },
                                  blobs: ordered.flatMap { $0.outputs.values.map(\.digest) })
        do { try cache.recordRender(record) } catch { logger.warning("could not record the render for cache GC: \(error)") }
        let elapsed = started.duration(to: .now)
        return RenderReport(manifest: manifest.name, succeeded: ordered.allSatisfy { $0.status == .ran || $0.status == .cached },
                            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                            stages: ordered, outputs: ordered.compactMap(\.published))
    }

    // MARK: One stage

    private func execute(_ stage: StageInstance, manifest: Manifest, options: RenderOptions, results: Results,
                         multiplePublishers: Bool, events: @escaping @Sendable (RenderEvent) -> Void) async -> StageReport {
        let clock = ContinuousClock.now
        var log = logger
        log[metadataKey: "stage.id"] = "\(stage.id)"
        func seconds() -> Double {
            let d = clock.duration(to: .now)
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        func fail(_ code: String, _ message: String, key: Digest? = nil, retryAfter: Double? = nil) -> StageReport {
            log.notice("stage failed: \(message)", metadata: ["error.code": "\(code)"])
            let r = StageReport(id: stage.id, kind: stage.kind, status: .failed, seconds: seconds(), key: key?.hex, outputs: [:],
                                metadata: [:], published: nil, errorCode: code, error: message, retryAfterSeconds: retryAfter)
            events(.finished(r))
            return r
        }
        // A cancelled render (a job cancelled, or a worker shutting down) starts no more stages, and a running stage
        // stops at its next cancellation check: it fails with CANCELLED and nothing of it is stored.
        if Task.isCancelled { return fail(StageFailure.Code.cancelled.rawValue, "the render was cancelled before stage \(stage.id) started") }
        guard let impl = registry.implementation(stage.kind), registry.spec(stage.kind) != nil else {
            return fail(StageFailure.Code.internal.rawValue, "no implementation for stage kind '\(stage.kind)'")
        }
        // `refresh: true` in a stage's settings asks for a new run every render (a fetch of live content, say).
        let forced = options.refresh.contains(stage.id) || options.refresh.contains(stage.declarationId)
            || stage.settings["refresh"] == .bool(true)
        do {
            for attempt in 0..<3 {
                let (key, record, inputs) = try await computeKey(stage, impl: impl, manifest: manifest, offline: options.offline, results: results)
                // Cache hit: outputs present with the right size, and not expired (an offline render takes an expired
                // entry rather than fail). Their digests are checked when something reads them.
                if !forced, let entry = cache.action(for: key), entry.outputs.values.allSatisfy(cache.blobs.contains),
                   options.offline || !entry.isExpired() {
                    var published: String?
                    if let p = entry.publish, let artifact = entry.outputs[p.output] {
                        guard verify(artifact, results: results) else {
                            log.warning("cached output \(artifact.digest.short) is corrupt; running the stage again")
                            cache.removeAction(key)
                            continue
                        }
                        published = try publish(artifact, as: p.fileName, options: options)
                    }
                    results.set(stage.id, .init(outputs: entry.outputs, metadata: entry.metadata, key: key))
                    try? cache.recordHistory(manifest: manifest.name, stage: stage.id, key: key, ingredients: record)
                    var warnings = entry.warnings ?? []
                    if entry.isExpired(), let expires = entry.expires {
                        warnings.append("the cached result expired \(Self.timestamp(expires)); used it because the render is --offline")
                    }
                    let r = StageReport(id: stage.id, kind: stage.kind, status: .cached, seconds: seconds(), key: key.hex,
                                        outputs: entry.outputs, metadata: entry.metadata, published: published, errorCode: nil, error: nil,
                                        warnings: warnings)
                    events(.finished(r))
                    return r
                }
                if impl.spec.needsNetwork && options.offline {
                    return fail(StageFailure.Code.offline.rawValue,
                                "stage \(stage.id) needs the network, but the render is --offline and its result is not in the cache", key: key)
                }
                // A miss: every input must be intact before the stage reads it; a corrupt one is rebuilt.
                var repaired = false
                for input in inputs where !verify(input.artifact, results: results) {
                    log.warning("input \(input.binding.stage) blob \(input.artifact.digest.short) is missing or corrupt; rebuilding it")
                    try await rebuild(input.binding.stage, manifest: manifest, options: options, results: results, events: events)
                    repaired = true
                }
                if repaired && attempt < 2 { continue }
                events(.started(stage.id))
                let work = try cache.makeWorkDirectory()
                defer { try? FileManager.default.removeItem(atPath: work) }
                let publishBase = multiplePublishers ? "\(manifest.name)-\(stage.declarationId)" : manifest.name
                let id = stage.id
                let context = StageContext(
                    stage: stage, inputs: inputs, audio: manifest.audio, manifestName: manifest.name,
                    manifestDirectory: manifest.directory, workDirectory: work,
                    publishBaseName: stage.index.map { "\(publishBase)-\($0 + 1)" } ?? publishBase,
                    offline: options.offline, logger: log, progress: { events(.progress(id, min(1, max(0, $0)))) })
                let cancellation = context.cancellation
                let result = try await withTaskCancellationHandler {
                    try await impl.run(context)
                } onCancel: {
                    cancellation.cancel()
                }
                // A stage that finished as the cancel arrived is not stored either: the render is over.
                if Task.isCancelled || cancellation.isCancelled {
                    throw StageFailure(code: .cancelled, message: "stage \(stage.id) was cancelled while it ran")
                }
                var outputs: [String: Artifact] = [:]
                for (name, file) in result.outputs {
                    let artifact = try cache.blobs.ingest(moving: file.path, kind: file.kind, known: file.known)
                    outputs[name] = artifact
                    results.verified.withLock { _ = $0.insert(artifact.digest) }
                }
                let elapsed = seconds()
                let now = Date()
                try cache.store(ActionEntry(key: key, kind: stage.kind, stageId: stage.id, outputs: outputs, metadata: result.metadata,
                                            publish: result.publish, ingredients: record, created: now, seconds: elapsed,
                                            warnings: result.warnings.isEmpty ? nil : result.warnings,
                                            expires: result.validFor.map { now.addingTimeInterval(max(0, $0)) }))
                try? cache.recordHistory(manifest: manifest.name, stage: stage.id, key: key, ingredients: record)
                var published: String?
                if let p = result.publish, let artifact = outputs[p.output] {
                    published = try publish(artifact, as: p.fileName, options: options)
                }
                results.set(stage.id, .init(outputs: outputs, metadata: result.metadata, key: key))
                let r = StageReport(id: stage.id, kind: stage.kind, status: .ran, seconds: seconds(), key: key.hex, outputs: outputs,
                                    metadata: result.metadata, published: published, errorCode: nil, error: nil, warnings: result.warnings)
                events(.finished(r))
                return r
            }
            return fail(StageFailure.Code.storage.rawValue, "inputs of \(stage.id) stayed corrupt after two rebuilds")
        } catch let failure as StageFailure where failure.code == .cancelled {
            return fail(failure.code.rawValue, "stage \(stage.id) was cancelled while it ran")
        } catch let failure as StageFailure {
            return fail(failure.code.rawValue, failure.message, retryAfter: failure.retryAfterSeconds)
        } catch is CancellationError {
            return fail(StageFailure.Code.cancelled.rawValue, "stage \(stage.id) was cancelled while it ran")
        } catch let convertible as any StageFailureConvertible {
            let failure = convertible.stageFailure
            return fail(failure.code.rawValue, "stage \(stage.id): \(failure.message)", retryAfter: failure.retryAfterSeconds)
        } catch {
            return fail(StageFailure.Code.internal.rawValue, "\(error)")
        }
    }

    /// A moment for people: `2025-01-31 14:05 UTC`.
    static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f.string(from: date)
    }

    /// Checks a blob's digest once per render.
    private func verify(_ artifact: Artifact, results: Results) -> Bool {
        if results.verified.withLock({ $0.contains(artifact.digest) }) { return true }
        guard cache.blobs.verify(artifact) else { return false }
        results.verified.withLock { _ = $0.insert(artifact.digest) }
        return true
    }

    /// Runs a finished stage again because its stored output turned out corrupt.
    private func rebuild(_ id: String, manifest: Manifest, options: RenderOptions, results: Results,
                         events: @escaping @Sendable (RenderEvent) -> Void) async throws {
        guard let stage = manifest.graph[id], let done = results[id] else { return }
        cache.removeAction(done.key)
        var forced = options
        forced.refresh.insert(id)
        let report = await execute(stage, manifest: manifest, options: forced, results: results, multiplePublishers: false, events: { _ in })
        if report.status == .failed {
            throw StageFailure(code: .storage, message: "rebuilding corrupt input \(id) failed: \(report.error ?? "")")
        }
    }

    private func publish(_ artifact: Artifact, as fileName: String, options: RenderOptions) throws -> String {
        let dir = URL(fileURLWithPath: options.outputDirectory).standardizedFileURL.path
        let dest = "\(dir)/\(fileName)"
        try AtomicFile.copy(from: cache.blobs.path(for: artifact.digest), to: dest)
        chmod(dest, 0o644)
        return dest
    }

    // MARK: Keys

    private func computeKey(_ stage: StageInstance, impl: any StageImplementation, manifest: Manifest, offline: Bool,
                            results: Results) async throws -> (Digest, IngredientRecord, [StageInput]) {
        var inputs: [StageInput] = []
        for b in stage.inputs {
            guard let done = results[b.stage], let artifact = done.outputs[b.output] else {
                throw StageFailure(code: .internal, message: "input \(b.label) of \(stage.id) is not available")
            }
            inputs.append(StageInput(binding: b, artifact: artifact, path: cache.blobs.path(for: artifact.digest), metadata: done.metadata))
        }
        let keyContext = StageKeyContext(stage: stage, manifestDirectory: manifest.directory, fileDigests: cache.fileDigests, offline: offline)
        let external = try await impl.externalIngredients(keyContext)
        let (key, record) = CacheKey.compute(stage: stage, version: impl.version, toolVersions: impl.toolVersions, audio: manifest.audio,
                                             inputs: inputs.map { ($0.binding, $0.artifact.digest) }, external: external)
        return (key, record, inputs)
    }

    // MARK: Explain

    /// Says for each stage whether it would come from the cache or run, and why, without running anything.
    public func plan(_ manifest: Manifest, options: RenderOptions) async -> [StagePlan] {
        var known: [String: Results.Done] = [:]
        var plans: [StagePlan] = []
        for stage in manifest.graph.stages {
            guard let impl = registry.implementation(stage.kind) else { continue }
            let forced = options.refresh.contains(stage.id) || options.refresh.contains(stage.declarationId)
            let pending = stage.inputs.filter { known[$0.stage] == nil }.map(\.stage)
            if !pending.isEmpty {
                var seen = Set<String>()
                let names = pending.filter { seen.insert($0).inserted }
                plans.append(StagePlan(id: stage.id, kind: stage.kind, decision: .run,
                                       reasons: names.map { "input \($0) will be rebuilt" }, key: nil))
                continue
            }
            let inputs: [(InputBinding, Digest)] = stage.inputs.map { ($0, known[$0.stage]!.outputs[$0.output]!.digest) }
            let external: [Ingredient]
            do {
                external = try await impl.externalIngredients(StageKeyContext(stage: stage, manifestDirectory: manifest.directory,
                                                                              fileDigests: cache.fileDigests, offline: options.offline))
            } catch {
                plans.append(StagePlan(id: stage.id, kind: stage.kind, decision: .run, reasons: ["\(error)"], key: nil))
                continue
            }
            let (key, record) = CacheKey.compute(stage: stage, version: impl.version, toolVersions: impl.toolVersions,
                                                 audio: manifest.audio, inputs: inputs, external: external)
            if !forced, let entry = cache.action(for: key, touch: false), entry.outputs.values.allSatisfy(cache.blobs.contains),
               entry.isExpired(), !options.offline, let expires = entry.expires {
                let why = (entry.warnings ?? []).first.map { " (it said: \($0))" } ?? ""
                plans.append(StagePlan(id: stage.id, kind: stage.kind, decision: .run,
                                       reasons: ["the cached result expired \(Self.timestamp(expires))\(why)"], key: key.hex))
                continue
            }
            if !forced, let entry = cache.action(for: key, touch: false), entry.outputs.values.allSatisfy(cache.blobs.contains) {
                known[stage.id] = .init(outputs: entry.outputs, metadata: entry.metadata, key: key)
                plans.append(StagePlan(id: stage.id, kind: stage.kind, decision: .cached, reasons: [], key: key.hex))
                continue
            }
            var reasons: [String] = []
            if forced { reasons.append("refresh requested") }
            if let last = cache.history(manifest: manifest.name, stage: stage.id) {
                let changes = record.changes(since: last.ingredients, stageId: stage.id)
                reasons += changes.isEmpty ? ["cache entry missing (collected by cache gc or never stored)"] : changes
            } else {
                reasons.append("no earlier render of \(stage.id)")
            }
            plans.append(StagePlan(id: stage.id, kind: stage.kind, decision: .run, reasons: reasons, key: key.hex))
        }
        return plans
    }
}
