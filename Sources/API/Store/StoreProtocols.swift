// What the API and the workers need from storage, as protocols. SQLiteStore and PostgresStore
// implement all of them; one contract test suite per protocol runs against both.
import Foundation

/// Errors every store reports the same way.
public enum StoreError: Error, Sendable, Equatable {
    /// A unique value (an e-mail address) is already taken.
    case duplicate(String)
    /// The database could not be reached or answered with an error; the text is for logs, never for clients.
    case unavailable(String)
    /// The database's schema is newer than this program knows.
    case schemaTooNew(found: Int, known: Int)
}

/// Registered users.
public protocol UserStore: Sendable {
    /// Stores a new user; throws `StoreError.duplicate` when the e-mail address is taken.
    func createUser(_ user: UserRecord) async throws
    /// The user with this id.
    func user(id: UUID) async throws -> UserRecord?
    /// The user with this (already normalised) e-mail address.
    func user(email: String) async throws -> UserRecord?
    /// The user, when active, the access token `jti` is not revoked and its login `familyId` is not revoked: one round
    /// trip for every authenticated request.
    func authenticate(userId: UUID, accessTokenId: String, familyId: UUID) async throws -> UserRecord?
    /// The revocation epoch: a counter the database bumps (by trigger) whenever a user changes or is deleted, or a
    /// token or login is revoked. A token verified at epoch `e` is still good while the epoch reads `e`.
    func authEpoch() async throws -> Int64
}

/// Refresh tokens and access-token revocations.
public protocol TokenStore: Sendable {
    /// Stores a newly issued refresh token.
    func insertRefreshToken(_ token: RefreshTokenRecord) async throws
    /// The refresh token with this `jti`.
    func refreshToken(id: String) async throws -> RefreshTokenRecord?
    /// Atomically uses refresh token `id` of `userId`: when it is live, marks it replaced by `replacement` and stores the
    /// replacement; when it was already replaced or revoked, revokes its whole family (reuse detection).
    func rotateRefreshToken(id: String, userId: UUID, replacement: RefreshTokenRecord, now: Date) async throws -> RotationOutcome
    /// Revokes one refresh token (logout). Unknown ids are ignored.
    func revokeRefreshToken(id: String, now: Date) async throws
    /// Revokes every token of a family: its refresh tokens, and (through a family block) its access tokens and signed URLs.
    func revokeFamily(_ familyId: UUID, now: Date) async throws
    /// Whether a family was revoked (logout or refresh-token reuse).
    func isFamilyRevoked(_ familyId: UUID) async throws -> Bool
    /// Blocks an access token until it would have expired anyway.
    func revokeAccessToken(id: String, userId: UUID, expiresAt: Date) async throws
    /// Whether an access token was revoked.
    func isAccessTokenRevoked(id: String) async throws -> Bool
    /// Deletes expired refresh tokens, refresh tokens and family blocks revoked before `revokedBefore` (which must be
    /// older than the longest access-token and signed-URL lifetime), and lapsed access-token blocks; returns how many rows went.
    func purgeTokens(now: Date, revokedBefore: Date) async throws -> Int
}

/// Jobs, their stage runs, and the durable queue that workers claim them from.
public protocol JobStore: Sendable {
    /// Stores a new queued job.
    func enqueue(_ job: JobRecord) async throws
    /// Stores a new queued job unless its user already has `maxActive` jobs queued or running; false (nothing stored)
    /// then. Check and insert are one atomic step, so parallel submissions cannot exceed the limit.
    func enqueue(_ job: JobRecord, maxActive: Int) async throws -> Bool
    /// The job, whoever owns it (workers); routes use `job(id:userId:)`.
    func job(id: UUID) async throws -> JobRecord?
    /// The job when `userId` owns it.
    func job(id: UUID, userId: UUID) async throws -> JobRecord?
    /// A user's jobs, newest first, optionally of one type; and the total count.
    func jobs(userId: UUID, type: String?, offset: Int, limit: Int) async throws -> (items: [JobRecord], total: Int)
    /// Deletes a user's job and its stage runs; false when there is no such job of theirs.
    func deleteJob(id: UUID, userId: UUID) async throws -> Bool
    /// The user's jobs that are queued or running.
    func activeJobCount(userId: UUID) async throws -> Int

    /// Claims the oldest ready queued job: sets it running, increments `attempt`, and gives `workerId` a lease until
    /// `now + lease`. On PostgreSQL concurrent claimers skip each other's locked rows (`FOR UPDATE SKIP LOCKED`).
    func claim(workerId: String, lease: TimeInterval, now: Date) async throws -> JobRecord?
    /// Renews the lease of `attempt`; `.lost` when the job has moved on to another attempt or state.
    func heartbeat(jobId: UUID, attempt: Int, lease: TimeInterval, now: Date) async throws -> HeartbeatResult
    /// Whether `attempt` still runs the job and whether a cancel was asked, reading one small column, writing nothing
    /// (the running worker's frequent cancel check).
    func attemptState(jobId: UUID, attempt: Int) async throws -> AttemptState
    /// Ends `attempt` with an outcome; false (and nothing written) when the attempt is no longer current.
    func finish(jobId: UUID, attempt: Int, outcome: JobOutcome, now: Date) async throws -> Bool
    /// Puts `attempt` back in the queue to run after `runAfter`, counting a failure; false when the attempt is stale.
    func retry(jobId: UUID, attempt: Int, runAfter: Date, errorCode: String, errorMessage: String, now: Date) async throws -> Bool
    /// Stores the manifest `attempt` resolved for a job submitted without one (an AI job whose songs the LLM chose);
    /// false when the attempt is stale.
    func setManifest(jobId: UUID, attempt: Int, manifest: String, now: Date) async throws -> Bool
    /// Puts `attempt` back in the queue at once without counting a failure (graceful shutdown); false when stale.
    func release(jobId: UUID, attempt: Int, now: Date) async throws -> Bool
    /// Requeues running jobs whose lease lapsed before `now`, counting a failure; those out of attempts fail with
    /// `WORKER_LOST`. Returns how many jobs were requeued or failed.
    func recoverExpiredLeases(now: Date) async throws -> Int
    /// Cancels a user's job: a queued job becomes cancelled at once; a running one is flagged for its worker.
    /// Returns the job after the change, or nil when there is no such job of theirs.
    func requestCancel(id: UUID, userId: UUID, now: Date) async throws -> JobRecord?
    /// Replaces the stage runs shown for `attempt` and sets the job's overall progress; false when the attempt is stale.
    func updateProgress(jobId: UUID, attempt: Int, progress: Double, stages: [StageRunRecord], now: Date) async throws -> Bool
    /// The stage runs of the job's latest attempt, in position order.
    func stageRuns(jobId: UUID) async throws -> [StageRunRecord]
    /// Counts by status, ready-queue depth and the age of the oldest ready job.
    func queueStats(now: Date) async throws -> QueueStats
}

/// Uploaded audio files.
public protocol UploadStore: Sendable {
    /// Stores an upload's record.
    func insertUpload(_ upload: UploadRecord) async throws
    /// The upload when `userId` owns it.
    func upload(id: UUID, userId: UUID) async throws -> UploadRecord?
    /// A page of the user's uploads, newest first (ties by id), and how many the user has.
    func uploads(userId: UUID, offset: Int, limit: Int) async throws -> (items: [UploadRecord], total: Int)
    /// Removes the user's upload record and returns it (the caller deletes the file); nil when the user has no such upload.
    func deleteUpload(id: UUID, userId: UUID) async throws -> UploadRecord?
}

/// Everything the service stores, in one database.
public protocol AppStore: UserStore, TokenStore, JobStore, UploadStore {
    /// Applies pending migrations; returns the versions applied.
    @discardableResult func migrate() async throws -> [Int]
    /// The schema version now in the database.
    func schemaVersion() async throws -> Int
    /// A cheap round trip, for health checks.
    func ping() async throws
    /// Releases connections.
    func close() async
}
