// The JobStore contract, run against every store kind: the durable queue (claims, leases, fencing, recovery),
// cancellation, progress, history and queue statistics.
import Foundation
import Testing
@testable import API

@Suite("JobStore contract")
struct JobStoreContractTests {
    private let t0 = StoreTestData.t0
    private let owner = UUID()
    private let lease: TimeInterval = 30

    // MARK: Records and ownership

    @Test("jobs round-trip and are scoped to their owner", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            var job = StoreTestData.job(userId: owner)
            job.parentId = UUID()
            try await store.enqueue(job)
            #expect(try await store.job(id: job.id)?.normalized == job.normalized)
            #expect(try await store.job(id: job.id, userId: owner)?.normalized == job.normalized)
            #expect(try await store.job(id: job.id, userId: UUID()) == nil)
            #expect(try await store.job(id: UUID()) == nil)
        }
    }

    // MARK: Claims

    @Test("the conditional enqueue admits exactly maxActive of many parallel jobs, per user", arguments: StoreKind.allCases)
    func atomicInFlightLimit(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let owner = UUID(), other = UUID()
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await store.enqueue(StoreTestData.job(userId: owner), maxActive: 5) }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(admitted == 5)
            #expect(try await store.activeJobCount(userId: owner) == 5)
            // Another user's jobs do not count; finished jobs free a place.
            #expect(try await store.enqueue(StoreTestData.job(userId: other), maxActive: 5))
            let claimed = try #require(try await store.claim(workerId: "w", lease: 30, now: Date()))
            #expect(try await store.finish(jobId: claimed.id, attempt: claimed.attempt, outcome: JobOutcome(status: .succeeded), now: Date()))
            let freed = claimed.userId == owner
            #expect(try await store.enqueue(StoreTestData.job(userId: owner), maxActive: 5) == freed)
        }
    }

    @Test("claim takes the oldest ready job and leases it", arguments: StoreKind.allCases)
    func claimOrder(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let middle = StoreTestData.job(userId: owner, created: t0.addingTimeInterval(2))
            let oldest = StoreTestData.job(userId: owner, created: t0.addingTimeInterval(1))
            var notYet = StoreTestData.job(userId: owner, created: t0)
            notYet.runAfter = t0.addingTimeInterval(100)
            for job in [middle, oldest, notYet] { try await store.enqueue(job) }

            let now = t0.addingTimeInterval(10)
            let first = try #require(try await store.claim(workerId: "w1", lease: lease, now: now))
            #expect(first.id == oldest.id)
            #expect(first.status == .running)
            #expect(first.attempt == 1)
            #expect(first.failures == 0)
            #expect(first.leaseOwner == "w1")
            expectSameDate(first.leaseExpiresAt, now.addingTimeInterval(lease))
            expectSameDate(first.startedAt, now)
            expectSameDate(first.updatedAt, now)
            #expect(try await store.job(id: oldest.id)?.normalized == first.normalized)

            #expect(try await store.claim(workerId: "w2", lease: lease, now: now)?.id == middle.id)
            #expect(try await store.claim(workerId: "w3", lease: lease, now: now) == nil)
            // The delayed job becomes claimable once its run time has come.
            #expect(try await store.claim(workerId: "w3", lease: lease, now: t0.addingTimeInterval(100))?.id == notYet.id)
        }
    }

    @Test("a reclaimed job keeps its first start time and counts attempts", arguments: StoreKind.allCases)
    func reclaim(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let job = StoreTestData.job(userId: owner)
            try await store.enqueue(job)
            let first = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0.addingTimeInterval(1)))
            #expect(try await store.release(jobId: job.id, attempt: first.attempt, now: t0.addingTimeInterval(2)))
            let second = try #require(try await store.claim(workerId: "w2", lease: lease, now: t0.addingTimeInterval(3)))
            #expect(second.attempt == 2)
            #expect(second.leaseOwner == "w2")
            expectSameDate(second.startedAt, t0.addingTimeInterval(1))
        }
    }

    @Test("concurrent claimers never share a job and together take all of them", arguments: StoreKind.allCases)
    func concurrentClaimers(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            var ids: Set<UUID> = []
            for index in 0..<20 {
                let job = StoreTestData.job(userId: owner, created: t0.addingTimeInterval(Double(index)))
                ids.insert(job.id)
                try await store.enqueue(job)
            }
            let now = t0.addingTimeInterval(100)
            let claimed = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var mine: [UUID] = []
                        while let job = try await store.claim(workerId: "w\(worker)", lease: 30, now: now) {
                            #expect(job.leaseOwner == "w\(worker)")
                            #expect(job.attempt == 1)
                            mine.append(job.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [UUID]()) { $0 += $1 }
            }
            #expect(claimed.count == 20)
            #expect(Set(claimed) == ids)
            #expect(try await store.queueStats(now: now).byStatus[.running] == 20)
        }
    }

    // MARK: Fenced worker writes

    @Test("heartbeat renews the current attempt, reports cancellation, and loses stale attempts", arguments: StoreKind.allCases)
    func heartbeat(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let job = StoreTestData.job(userId: owner)
            try await store.enqueue(job)
            #expect(try await store.heartbeat(jobId: job.id, attempt: 0, lease: lease, now: t0) == .lost)
            let claimed = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0))

            #expect(try await store.heartbeat(jobId: job.id, attempt: 1, lease: lease, now: t0.addingTimeInterval(20)) == .renewed)
            let renewed = try #require(try await store.job(id: job.id))
            expectSameDate(renewed.leaseExpiresAt, t0.addingTimeInterval(50))
            #expect(renewed.attempt == claimed.attempt)

            #expect(try await store.heartbeat(jobId: job.id, attempt: 2, lease: lease, now: t0.addingTimeInterval(21)) == .lost)
            #expect(try await store.heartbeat(jobId: UUID(), attempt: 1, lease: lease, now: t0.addingTimeInterval(21)) == .lost)

            _ = try await store.requestCancel(id: job.id, userId: owner, now: t0.addingTimeInterval(22))
            #expect(try await store.heartbeat(jobId: job.id, attempt: 1, lease: lease, now: t0.addingTimeInterval(23)) == .cancelRequested)
            expectSameDate(try await store.job(id: job.id)?.leaseExpiresAt, t0.addingTimeInterval(53))

            #expect(try await store.finish(jobId: job.id, attempt: 1, outcome: JobOutcome(status: .cancelled), now: t0.addingTimeInterval(24)))
            #expect(try await store.heartbeat(jobId: job.id, attempt: 1, lease: lease, now: t0.addingTimeInterval(25)) == .lost)
        }
    }

    @Test("attemptState: current while the attempt runs, cancelRequested after a cancel, lost for stale attempts and ended jobs", arguments: StoreKind.allCases)
    func attemptState(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let job = StoreTestData.job(userId: owner)
            try await store.enqueue(job)
            #expect(try await store.attemptState(jobId: job.id, attempt: 0) == .lost, "queued, not running")
            _ = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0))
            #expect(try await store.attemptState(jobId: job.id, attempt: 1) == .current)
            #expect(try await store.attemptState(jobId: job.id, attempt: 2) == .lost)
            #expect(try await store.attemptState(jobId: UUID(), attempt: 1) == .lost)
            let before = try #require(try await store.job(id: job.id))
            _ = try await store.requestCancel(id: job.id, userId: owner, now: t0.addingTimeInterval(1))
            #expect(try await store.attemptState(jobId: job.id, attempt: 1) == .cancelRequested)
            // A read: the lease is not extended.
            expectSameDate(try await store.job(id: job.id)?.leaseExpiresAt, before.leaseExpiresAt)
            #expect(try await store.finish(jobId: job.id, attempt: 1, outcome: JobOutcome(status: .cancelled), now: t0.addingTimeInterval(2)))
            #expect(try await store.attemptState(jobId: job.id, attempt: 1) == .lost)
        }
    }

    @Test("finish writes the current attempt's outcome; a stale attempt's finish changes nothing", arguments: StoreKind.allCases)
    func finishFencing(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let job = StoreTestData.job(userId: owner)
            try await store.enqueue(job)
            _ = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0))
            // Attempt 1 loses its lease; attempt 2 takes over.
            #expect(try await store.recoverExpiredLeases(now: t0.addingTimeInterval(31)) == 1)
            let second = try #require(try await store.claim(workerId: "w2", lease: lease, now: t0.addingTimeInterval(32)))
            #expect(second.attempt == 2)
            #expect(try await store.updateProgress(jobId: job.id, attempt: 2, progress: 0.4, stages: [], now: t0.addingTimeInterval(33)))
            let before = try #require(try await store.job(id: job.id))

            let stale = JobOutcome(status: .failed, errorCode: "STALE", errorMessage: "stale")
            #expect(try await store.finish(jobId: job.id, attempt: 1, outcome: stale, now: t0.addingTimeInterval(40)) == false)
            #expect(try await store.job(id: job.id)?.normalized == before.normalized)

            let outcome = JobOutcome(status: .succeeded, outputs: ["mix.mp3", "cover.png"])
            #expect(try await store.finish(jobId: job.id, attempt: 2, outcome: outcome, now: t0.addingTimeInterval(50)))
            let done = try #require(try await store.job(id: job.id))
            #expect(done.status == .succeeded)
            #expect(done.outputs == ["mix.mp3", "cover.png"])
            #expect(done.progress == 1)
            #expect(done.errorCode == nil)
            #expect(done.errorMessage == nil)
            #expect(done.leaseOwner == nil)
            #expect(done.leaseExpiresAt == nil)
            expectSameDate(done.completedAt, t0.addingTimeInterval(50))
            expectSameDate(done.updatedAt, t0.addingTimeInterval(50))

            // Finishing twice is refused and changes nothing.
            #expect(try await store.finish(jobId: job.id, attempt: 2, outcome: stale, now: t0.addingTimeInterval(60)) == false)
            #expect(try await store.job(id: job.id)?.normalized == done.normalized)
        }
    }

    @Test("a failed outcome keeps the progress and records the error", arguments: StoreKind.allCases)
    func finishFailed(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let job = StoreTestData.job(userId: owner)
            try await store.enqueue(job)
            let claimed = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0))
            #expect(try await store.updateProgress(jobId: job.id, attempt: claimed.attempt, progress: 0.25, stages: [], now: t0))
            let outcome = JobOutcome(status: .failed, errorCode: "RATE_LIMITED", errorMessage: "try later", retryAfterSeconds: 120)
            #expect(try await store.finish(jobId: job.id, attempt: claimed.attempt, outcome: outcome, now: t0.addingTimeInterval(5)))
            let failed = try #require(try await store.job(id: job.id))
            #expect(failed.status == .failed)
            #expect(failed.progress == 0.25)
            #expect(failed.errorCode == "RATE_LIMITED")
            #expect(failed.errorMessage == "try later")
            #expect(failed.retryAfterSeconds == 120)
            #expect(failed.outputs == [])
            expectSameDate(failed.completedAt, t0.addingTimeInterval(5))
        }
    }

    @Test("retry requeues the current attempt for later and counts a failure", arguments: StoreKind.allCases)
    func retry(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let job = StoreTestData.job(userId: owner)
            try await store.enqueue(job)
            _ = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0))
            #expect(try await store.retry(jobId: job.id, attempt: 0, runAfter: t0, errorCode: "X", errorMessage: "x", now: t0) == false)

            let runAfter = t0.addingTimeInterval(60)
            #expect(try await store.retry(jobId: job.id, attempt: 1, runAfter: runAfter, errorCode: "UPSTREAM_DOWN",
                                          errorMessage: "the lyrics service is down", now: t0.addingTimeInterval(5)))
            let queued = try #require(try await store.job(id: job.id))
            #expect(queued.status == .queued)
            #expect(queued.failures == 1)
            #expect(queued.attempt == 1)
            #expect(queued.errorCode == "UPSTREAM_DOWN")
            #expect(queued.errorMessage == "the lyrics service is down")
            #expect(queued.leaseOwner == nil)
            #expect(queued.leaseExpiresAt == nil)
            expectSameDate(queued.runAfter, runAfter)

            // Stale again: the attempt was already put back.
            #expect(try await store.retry(jobId: job.id, attempt: 1, runAfter: t0, errorCode: "X", errorMessage: "x", now: t0) == false)
            #expect(try await store.claim(workerId: "w2", lease: lease, now: t0.addingTimeInterval(59)) == nil)
            #expect(try await store.claim(workerId: "w2", lease: lease, now: runAfter)?.attempt == 2)
        }
    }

    @Test("release requeues the current attempt at once without counting a failure", arguments: StoreKind.allCases)
    func release(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let job = StoreTestData.job(userId: owner)
            try await store.enqueue(job)
            _ = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0))
            #expect(try await store.retry(jobId: job.id, attempt: 1, runAfter: t0.addingTimeInterval(1), errorCode: "E", errorMessage: "e",
                                          now: t0))
            _ = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0.addingTimeInterval(1)))

            #expect(try await store.release(jobId: job.id, attempt: 1, now: t0.addingTimeInterval(2)) == false)
            #expect(try await store.release(jobId: job.id, attempt: 2, now: t0.addingTimeInterval(3)))
            let released = try #require(try await store.job(id: job.id))
            #expect(released.status == .queued)
            #expect(released.failures == 1)
            #expect(released.attempt == 2)
            #expect(released.leaseOwner == nil)
            #expect(released.leaseExpiresAt == nil)
            expectSameDate(released.runAfter, t0.addingTimeInterval(3))
            #expect(try await store.release(jobId: job.id, attempt: 2, now: t0.addingTimeInterval(4)) == false)
            #expect(try await store.claim(workerId: "w2", lease: lease, now: t0.addingTimeInterval(3))?.attempt == 3)
        }
    }

    // MARK: Recovery

    @Test("expired leases are requeued, and fail with WORKER_LOST when out of attempts", arguments: StoreKind.allCases)
    func recoverExpiredLeases(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let job = StoreTestData.job(userId: owner, maxAttempts: 2)
            let healthy = StoreTestData.job(userId: owner, created: t0.addingTimeInterval(-1))
            try await store.enqueue(job)
            try await store.enqueue(healthy)
            _ = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0))
            _ = try #require(try await store.claim(workerId: "w2", lease: lease, now: t0))

            #expect(try await store.recoverExpiredLeases(now: t0.addingTimeInterval(30)) == 0)
            #expect(try await store.heartbeat(jobId: healthy.id, attempt: 1, lease: 300, now: t0.addingTimeInterval(30)) == .renewed)

            let firstLoss = t0.addingTimeInterval(31)
            #expect(try await store.recoverExpiredLeases(now: firstLoss) == 1)
            let requeued = try #require(try await store.job(id: job.id))
            #expect(requeued.status == .queued)
            #expect(requeued.failures == 1)
            #expect(requeued.leaseOwner == nil)
            #expect(requeued.leaseExpiresAt == nil)
            #expect(requeued.errorCode == nil)
            #expect(requeued.completedAt == nil)
            expectSameDate(requeued.runAfter, firstLoss)
            #expect(try await store.job(id: healthy.id)?.status == .running)
            #expect(try await store.heartbeat(jobId: job.id, attempt: 1, lease: lease, now: firstLoss) == .lost)

            let second = try #require(try await store.claim(workerId: "w3", lease: lease, now: firstLoss))
            #expect(second.id == job.id)
            #expect(second.attempt == 2)
            let secondLoss = firstLoss.addingTimeInterval(lease + 1)
            #expect(try await store.recoverExpiredLeases(now: secondLoss) == 1)
            let lost = try #require(try await store.job(id: job.id))
            #expect(lost.status == .failed)
            #expect(lost.failures == 2)
            #expect(lost.errorCode == "WORKER_LOST")
            #expect(lost.errorMessage == "the worker running this job stopped responding")
            #expect(lost.leaseOwner == nil)
            expectSameDate(lost.completedAt, secondLoss)
            #expect(try await store.recoverExpiredLeases(now: secondLoss.addingTimeInterval(1000)) == 1) // the healthy one, at last
            #expect(try await store.finish(jobId: job.id, attempt: 2, outcome: JobOutcome(status: .succeeded), now: secondLoss) == false)
        }
    }

    // MARK: Cancellation

    @Test("cancelling a queued job ends it; a running job is flagged; terminal jobs stay as they are", arguments: StoreKind.allCases)
    func cancel(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let queued = StoreTestData.job(userId: owner, created: t0.addingTimeInterval(1))
            let running = StoreTestData.job(userId: owner, created: t0)
            try await store.enqueue(queued)
            try await store.enqueue(running)
            #expect(try await store.claim(workerId: "w1", lease: lease, now: t0.addingTimeInterval(2))?.id == running.id)

            #expect(try await store.requestCancel(id: queued.id, userId: UUID(), now: t0) == nil)
            #expect(try await store.requestCancel(id: UUID(), userId: owner, now: t0) == nil)

            let cancelled = try #require(try await store.requestCancel(id: queued.id, userId: owner, now: t0.addingTimeInterval(3)))
            #expect(cancelled.status == .cancelled)
            expectSameDate(cancelled.completedAt, t0.addingTimeInterval(3))
            #expect(try await store.job(id: queued.id)?.normalized == cancelled.normalized)
            #expect(try await store.claim(workerId: "w2", lease: lease, now: t0.addingTimeInterval(4)) == nil)

            let flagged = try #require(try await store.requestCancel(id: running.id, userId: owner, now: t0.addingTimeInterval(5)))
            #expect(flagged.status == .running)
            #expect(flagged.cancelRequested)
            #expect(flagged.completedAt == nil)
            #expect(flagged.leaseOwner == "w1")

            let again = try #require(try await store.requestCancel(id: queued.id, userId: owner, now: t0.addingTimeInterval(6)))
            #expect(again.normalized == cancelled.normalized)
        }
    }

    // MARK: Progress

    @Test("progress updates replace the stage runs of the current attempt", arguments: StoreKind.allCases)
    func progress(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let job = StoreTestData.job(userId: owner)
            try await store.enqueue(job)
            _ = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0))
            let stages = [
                StageRunRecord(stageId: "mix", kind: "crossfade", position: 2, status: "pending"),
                StageRunRecord(stageId: "a", kind: "source", position: 0, status: "cached", progress: 1, seconds: 0),
                StageRunRecord(stageId: "b", kind: "source", position: 1, status: "failed", progress: 0.5, seconds: 1.25,
                               errorCode: "FETCH_FAILED", errorMessage: "404"),
            ]
            #expect(try await store.updateProgress(jobId: job.id, attempt: 1, progress: 0.5, stages: stages, now: t0.addingTimeInterval(1)))
            #expect(try await store.stageRuns(jobId: job.id) == stages.sorted { $0.position < $1.position })
            #expect(try await store.job(id: job.id)?.progress == 0.5)

            let replaced = [
                StageRunRecord(stageId: "a", kind: "source", position: 0, status: "ran", progress: 1, seconds: 2,
                               metadata: #"{"cuts":[{"end":12.5,"start":0,"track":"a"}],"order":["a"]}"#),
                StageRunRecord(stageId: "mix", kind: "crossfade", position: 1, status: "running", progress: 0.1),
            ]
            #expect(try await store.updateProgress(jobId: job.id, attempt: 1, progress: 0.75, stages: replaced, now: t0.addingTimeInterval(2)))
            #expect(try await store.stageRuns(jobId: job.id) == replaced)
            #expect(try await store.job(id: job.id)?.progress == 0.75)

            #expect(try await store.updateProgress(jobId: job.id, attempt: 2, progress: 0.9, stages: [], now: t0.addingTimeInterval(3)) == false)
            #expect(try await store.stageRuns(jobId: job.id) == replaced)
            #expect(try await store.job(id: job.id)?.progress == 0.75)
            #expect(try await store.stageRuns(jobId: UUID()) == [])
        }
    }

    // MARK: History

    @Test("history pages newest first, filters by type, and counts the filtered set", arguments: StoreKind.allCases)
    func history(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let other = UUID()
            var mine: [JobRecord] = []
            for index in 0..<5 {
                let job = StoreTestData.job(userId: owner, type: index.isMultiple(of: 2) ? "audio_mix" : "manifest",
                                  created: t0.addingTimeInterval(Double(index)))
                mine.append(job)
                try await store.enqueue(job)
            }
            // Two jobs submitted at the same instant are ordered by id, descending.
            let tieA = StoreTestData.job(userId: owner, type: "video_download", created: t0.addingTimeInterval(10))
            let tieB = StoreTestData.job(userId: owner, type: "video_download", created: t0.addingTimeInterval(10))
            try await store.enqueue(tieA)
            try await store.enqueue(tieB)
            try await store.enqueue(StoreTestData.job(userId: other, type: "audio_mix", created: t0.addingTimeInterval(20)))

            let ties = [tieA, tieB].sorted { $0.id.uuidString > $1.id.uuidString }.map(\.id)
            let newestFirst = ties + mine.reversed().map(\.id)

            let page1 = try await store.jobs(userId: owner, type: nil, offset: 0, limit: 3)
            #expect(page1.total == 7)
            #expect(page1.items.map(\.id) == Array(newestFirst[0..<3]))
            let page3 = try await store.jobs(userId: owner, type: nil, offset: 6, limit: 3)
            #expect(page3.total == 7)
            #expect(page3.items.map(\.id) == [mine[0].id])
            let beyond = try await store.jobs(userId: owner, type: nil, offset: 50, limit: 3)
            #expect(beyond.items.isEmpty)
            #expect(beyond.total == 7)

            let mixes = try await store.jobs(userId: owner, type: "audio_mix", offset: 0, limit: 10)
            #expect(mixes.total == 3)
            #expect(mixes.items.map(\.id) == [mine[4].id, mine[2].id, mine[0].id])
            #expect(mixes.items.first?.normalized == mine[4].normalized)
            #expect(try await store.jobs(userId: owner, type: "ai_parody", offset: 0, limit: 10).total == 0)
            #expect(try await store.jobs(userId: other, type: nil, offset: 0, limit: 10).total == 1)
        }
    }

    @Test("deleteJob removes only the owner's job and its stage runs", arguments: StoreKind.allCases)
    func delete(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let job = StoreTestData.job(userId: owner)
            let kept = StoreTestData.job(userId: owner, created: t0.addingTimeInterval(1))
            try await store.enqueue(job)
            try await store.enqueue(kept)
            _ = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0))
            let stages = [StageRunRecord(stageId: "a", kind: "source", position: 0, status: "ran")]
            #expect(try await store.updateProgress(jobId: job.id, attempt: 1, progress: 1, stages: stages, now: t0))

            #expect(try await store.deleteJob(id: job.id, userId: UUID()) == false)
            #expect(try await store.job(id: job.id) != nil)
            #expect(try await store.stageRuns(jobId: job.id) == stages)

            #expect(try await store.deleteJob(id: job.id, userId: owner))
            #expect(try await store.job(id: job.id) == nil)
            #expect(try await store.stageRuns(jobId: job.id) == [])
            #expect(try await store.deleteJob(id: job.id, userId: owner) == false)
            #expect(try await store.job(id: kept.id) != nil)
        }
    }

    @Test("active jobs are the owner's queued and running ones", arguments: StoreKind.allCases)
    func activeCount(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let jobs = (0..<4).map { StoreTestData.job(userId: owner, created: t0.addingTimeInterval(Double($0))) }
            for job in jobs { try await store.enqueue(job) }
            try await store.enqueue(StoreTestData.job(userId: UUID(), created: t0.addingTimeInterval(100)))
            #expect(try await store.activeJobCount(userId: owner) == 4)

            let running = try #require(try await store.claim(workerId: "w1", lease: lease, now: t0.addingTimeInterval(10)))
            #expect(running.id == jobs[0].id)
            #expect(try await store.activeJobCount(userId: owner) == 4)
            #expect(try await store.finish(jobId: running.id, attempt: 1, outcome: JobOutcome(status: .succeeded), now: t0.addingTimeInterval(11)))
            _ = try await store.requestCancel(id: jobs[1].id, userId: owner, now: t0.addingTimeInterval(12))
            #expect(try await store.activeJobCount(userId: owner) == 2)
            #expect(try await store.activeJobCount(userId: UUID()) == 0)
        }
    }

    // MARK: Statistics

    @Test("queue statistics count every status, the ready depth and the oldest ready age", arguments: StoreKind.allCases)
    func queueStats(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let now = t0.addingTimeInterval(1_000)
            let empty = try await store.queueStats(now: now)
            #expect(empty.byStatus == Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) }))
            #expect(empty.depth == 0)
            #expect(empty.oldestAge == 0)

            // Claimed and finished first (they are the oldest), so the queued ones stay queued.
            let toRun = StoreTestData.job(userId: owner, created: t0)
            let toSucceed = StoreTestData.job(userId: owner, created: t0.addingTimeInterval(1))
            let toFail = StoreTestData.job(userId: owner, created: t0.addingTimeInterval(2))
            for job in [toRun, toSucceed, toFail] { try await store.enqueue(job) }
            for _ in 0..<3 { _ = try #require(try await store.claim(workerId: "w", lease: 3_600, now: t0.addingTimeInterval(5))) }
            #expect(try await store.finish(jobId: toSucceed.id, attempt: 1, outcome: JobOutcome(status: .succeeded), now: t0.addingTimeInterval(6)))
            #expect(try await store.finish(jobId: toFail.id, attempt: 1, outcome: JobOutcome(status: .failed, errorCode: "E"), now: t0.addingTimeInterval(6)))

            let readyOld = StoreTestData.job(userId: owner, created: now.addingTimeInterval(-100))
            let readyNew = StoreTestData.job(userId: owner, created: now.addingTimeInterval(-50))
            var delayed = StoreTestData.job(userId: owner, created: now.addingTimeInterval(-500))
            delayed.runAfter = now.addingTimeInterval(60)
            let toCancel = StoreTestData.job(userId: UUID(), created: now.addingTimeInterval(-700))
            for job in [readyOld, readyNew, delayed, toCancel] { try await store.enqueue(job) }
            _ = try #require(try await store.requestCancel(id: toCancel.id, userId: toCancel.userId, now: now))

            let stats = try await store.queueStats(now: now)
            #expect(stats.byStatus == [.queued: 3, .running: 1, .succeeded: 1, .failed: 1, .cancelled: 1])
            #expect(stats.depth == 2)
            #expect(abs(stats.oldestAge - 100) < 0.001)
        }
    }
}
