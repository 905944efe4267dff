// The SQLite implementation of every store protocol, on a GRDB DatabasePool in WAL mode.
// It speaks the SQLite dialect only; the schema lives in SQLiteMigrations.
import Foundation
import GRDB

/// The SQLite store: one database file opened as a GRDB `DatabasePool` (WAL mode, 5 s busy timeout, foreign keys on).
///
/// Every write runs in one transaction on the pool's single writer connection, so a claim (pick the oldest ready job,
/// then update it) is atomic. Dates are stored as REAL seconds since 1970, UUIDs as upper-case text.
public final class SQLiteStore: AppStore {
    private let pool: DatabasePool
    private let migrations: [StoreMigration]

    /// Opens the database file at `path`, creating it and its parent folders when missing; call `migrate()` next.
    public convenience init(path: String) throws {
        try self.init(path: path, migrations: SQLiteMigrations.all)
    }

    /// Opens the database with another migration list (the tests simulate a newer program this way).
    init(path: String, migrations: [StoreMigration]) throws {
        self.migrations = migrations
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(5)
            configuration.label = "IntelliMix"
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.storeError(error)
        }
    }

    // MARK: AppStore

    /// Applies pending migrations, each in its own immediate transaction; returns the versions applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let migrations = self.migrations
        let known = migrations.last?.version ?? 0
        return try await writeWithoutTransaction { db in
            try db.execute(sql: SQLiteMigrations.bookkeeping)
            let found = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0
            guard found <= known else { throw StoreError.schemaTooNew(found: found, known: known) }
            var applied: [Int] = []
            for migration in migrations {
                try db.inTransaction(.immediate) {
                    let done = try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?)", arguments: [migration.version]) ?? false
                    guard !done else { return .commit }
                    for statement in migration.statements {
                        try db.execute(sql: statement)
                    }
                    try db.execute(sql: "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                                   arguments: [migration.version, Date().timeIntervalSince1970])
                    applied.append(migration.version)
                    return .commit
                }
            }
            return applied
        }
    }

    /// The highest applied migration, 0 for an empty database.
    public func schemaVersion() async throws -> Int {
        try await read { db in
            guard try db.tableExists("schema_migrations") else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0
        }
    }

    /// Runs `SELECT 1`.
    public func ping() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Closes the pool's connections; the store is unusable afterwards.
    public func close() async {
        try? pool.close()
    }

    // MARK: UserStore

    /// Inserts the user; `StoreError.duplicate("email")` when the address is taken.
    public func createUser(_ user: UserRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO users (id, name, email, password_hash, is_active, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [Self.text(user.id), user.name, user.email, user.passwordHash, user.isActive, Self.real(user.createdAt)])
        }
    }

    /// The user with this id.
    public func user(id: UUID) async throws -> UserRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [Self.text(id)]).map(Self.user)
        }
    }

    /// The user with this e-mail address.
    public func user(email: String) async throws -> UserRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE email = ?", arguments: [email]).map(Self.user)
        }
    }

    /// The active user, unless the access token or its family is revoked: one query.
    public func authenticate(userId: UUID, accessTokenId: String, familyId: UUID) async throws -> UserRecord? {
        try await read { db in
            // Every authenticated request runs this: the prepared statement is cached per connection.
            let statement = try db.cachedStatement(sql: """
                SELECT u.* FROM users u
                WHERE u.id = ? AND u.is_active
                  AND NOT EXISTS (SELECT 1 FROM revoked_access_tokens r WHERE r.id = ?)
                  AND NOT EXISTS (SELECT 1 FROM revoked_token_families f WHERE f.family_id = ?)
                """)
            return try Row.fetchOne(statement, arguments: [Self.text(userId), accessTokenId, Self.text(familyId)]).map(Self.user)
        }
    }

    /// The revocation epoch (one row, by primary key).
    public func authEpoch() async throws -> Int64 {
        try await read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM auth_epoch WHERE id = 1")) ?? 0
        }
    }

    // MARK: TokenStore

    /// Inserts a refresh token.
    public func insertRefreshToken(_ token: RefreshTokenRecord) async throws {
        try await write { db in try Self.insert(token, db) }
    }

    /// The refresh token with this id.
    public func refreshToken(id: String) async throws -> RefreshTokenRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM refresh_tokens WHERE id = ?", arguments: [id]).map(Self.refreshToken)
        }
    }

    /// Rotates the token in one write transaction, revoking its family on reuse.
    public func rotateRefreshToken(id: String, userId: UUID, replacement: RefreshTokenRecord, now: Date) async throws -> RotationOutcome {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM refresh_tokens WHERE id = ?", arguments: [id]) else {
                return .notFound
            }
            let token = try Self.refreshToken(row)
            guard token.userId == userId else { return .notFound }
            if token.revokedAt != nil || token.replacedBy != nil {
                try Self.revokeFamily(token.familyId, now: now, db)
                return .reused
            }
            guard token.expiresAt > now else { return .expired }
            try db.execute(sql: "UPDATE refresh_tokens SET replaced_by = ? WHERE id = ?", arguments: [replacement.id, id])
            try Self.insert(replacement, db)
            return .rotated
        }
    }

    /// Marks one token revoked (unless it already is).
    public func revokeRefreshToken(id: String, now: Date) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE refresh_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                           arguments: [Self.real(now), id])
        }
    }

    /// Marks every live token of the family revoked and blocks the family.
    public func revokeFamily(_ familyId: UUID, now: Date) async throws {
        try await write { db in try Self.revokeFamily(familyId, now: now, db) }
    }

    /// Whether the family is blocked.
    public func isFamilyRevoked(_ familyId: UUID) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM revoked_token_families WHERE family_id = ?)",
                              arguments: [Self.text(familyId)]) ?? false
        }
    }

    private static func revokeFamily(_ familyId: UUID, now: Date, _ db: Database) throws {
        try db.execute(sql: "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
                       arguments: [real(now), text(familyId)])
        try db.execute(sql: "INSERT INTO revoked_token_families (family_id, revoked_at) VALUES (?, ?) ON CONFLICT (family_id) DO NOTHING",
                       arguments: [text(familyId), real(now)])
    }

    /// Records the access token as revoked; revoking twice is harmless.
    public func revokeAccessToken(id: String, userId: UUID, expiresAt: Date) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO revoked_access_tokens (id, user_id, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                           arguments: [id, Self.text(userId), Self.real(expiresAt)])
        }
    }

    /// Whether a revocation row exists for the access token.
    public func isAccessTokenRevoked(id: String) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM revoked_access_tokens WHERE id = ?)", arguments: [id]) ?? false
        }
    }

    /// Deletes expired or long-revoked refresh tokens and lapsed access-token blocks; returns the rows deleted.
    public func purgeTokens(now: Date, revokedBefore: Date) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM refresh_tokens WHERE expires_at <= ? OR revoked_at < ?",
                           arguments: [Self.real(now), Self.real(revokedBefore)])
            let refresh = db.changesCount
            try db.execute(sql: "DELETE FROM revoked_access_tokens WHERE expires_at <= ?", arguments: [Self.real(now)])
            let access = db.changesCount
            try db.execute(sql: "DELETE FROM revoked_token_families WHERE revoked_at < ?", arguments: [Self.real(revokedBefore)])
            return refresh + access + db.changesCount
        }
    }

    // MARK: JobStore

    /// Inserts the job as given.
    public func enqueue(_ job: JobRecord) async throws {
        let insert = try Self.insertJob(job)
        try await write { db in try insert(db) }
    }

    /// Counts the user's active jobs and inserts in one write transaction (writes are serialised: the pool's single
    /// writer in this process, SQLite's write lock across processes).
    public func enqueue(_ job: JobRecord, maxActive: Int) async throws -> Bool {
        let insert = try Self.insertJob(job)
        return try await write { db in
            let active = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE user_id = ? AND status IN ('queued', 'running')",
                                          arguments: [Self.text(job.userId)]) ?? 0
            guard active < maxActive else { return false }
            try insert(db)
            return true
        }
    }

    /// The statement storing `job`, as a closure to run inside a write.
    private static func insertJob(_ job: JobRecord) throws -> @Sendable (Database) throws -> Void {
        let overrides = try StoreJSON.encode(job.overrides)
        let outputs = try StoreJSON.encode(job.outputs)
        return { db in
            try db.execute(sql: """
                INSERT INTO jobs (id, user_id, type, status, manifest, overrides, input, attempt, failures, max_attempts,
                    run_after, lease_owner, lease_expires_at, cancel_requested, progress, outputs, error_code, error_message,
                    retry_after_seconds, parent_id, created_at, started_at, completed_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    Self.text(job.id), Self.text(job.userId), job.type, job.status.rawValue, job.manifest, overrides, job.input,
                    job.attempt, job.failures, job.maxAttempts, Self.real(job.runAfter), job.leaseOwner,
                    job.leaseExpiresAt.map(Self.real), job.cancelRequested, job.progress, outputs, job.errorCode, job.errorMessage,
                    job.retryAfterSeconds, job.parentId.map(Self.text), Self.real(job.createdAt), job.startedAt.map(Self.real),
                    job.completedAt.map(Self.real), Self.real(job.updatedAt),
                ])
        }
    }

    /// The job with this id.
    public func job(id: UUID) async throws -> JobRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [Self.text(id)]).map(Self.job)
        }
    }

    /// The job with this id when `userId` owns it.
    public func job(id: UUID, userId: UUID) async throws -> JobRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ? AND user_id = ?",
                             arguments: [Self.text(id), Self.text(userId)]).map(Self.job)
        }
    }

    /// A page of the user's jobs (newest first, ties by id) and the total of the filtered set.
    public func jobs(userId: UUID, type: String?, offset: Int, limit: Int) async throws -> (items: [JobRecord], total: Int) {
        let page = try await read { db in
            var filter = "user_id = ?"
            var arguments: StatementArguments = [Self.text(userId)]
            if let type {
                filter += " AND type = ?"
                arguments += [type]
            }
            let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM jobs WHERE \(filter)"), arguments: arguments) ?? 0
            let items = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM jobs WHERE \(filter) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"),
                arguments: arguments + [max(0, limit), max(0, offset)]
            ).map(Self.job)
            return Page(items: items, total: total)
        }
        return (page.items, page.total)
    }

    /// Deletes the user's job and its stage runs.
    public func deleteJob(id: UUID, userId: UUID) async throws -> Bool {
        try await write { db in
            let owned = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM jobs WHERE id = ? AND user_id = ?)",
                                          arguments: [Self.text(id), Self.text(userId)]) ?? false
            guard owned else { return false }
            try db.execute(sql: "DELETE FROM stage_runs WHERE job_id = ?", arguments: [Self.text(id)])
            try db.execute(sql: "DELETE FROM jobs WHERE id = ? AND user_id = ?", arguments: [Self.text(id), Self.text(userId)])
            return db.changesCount > 0
        }
    }

    /// The user's queued and running jobs.
    public func activeJobCount(userId: UUID) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE user_id = ? AND status IN ('queued', 'running')",
                             arguments: [Self.text(userId)]) ?? 0
        }
    }

    /// Picks and leases the oldest ready job in one write transaction.
    public func claim(workerId: String, lease: TimeInterval, now: Date) async throws -> JobRecord? {
        try await write { db in
            try Row.fetchAll(db, sql: """
                UPDATE jobs SET status = 'running', attempt = attempt + 1, lease_owner = ?, lease_expires_at = ?,
                    started_at = COALESCE(started_at, ?), updated_at = ?
                WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= ? ORDER BY created_at, id LIMIT 1)
                RETURNING *
                """, arguments: [workerId, Self.real(now.addingTimeInterval(lease)), Self.real(now), Self.real(now), Self.real(now)]
            ).first.map(Self.job)
        }
    }

    /// Extends the lease of a current attempt.
    public func heartbeat(jobId: UUID, attempt: Int, lease: TimeInterval, now: Date) async throws -> HeartbeatResult {
        try await write { db in
            let rows = try Row.fetchAll(db, sql: """
                UPDATE jobs SET lease_expires_at = ?, updated_at = ?
                WHERE id = ? AND status = 'running' AND attempt = ?
                RETURNING cancel_requested
                """, arguments: [Self.real(now.addingTimeInterval(lease)), Self.real(now), Self.text(jobId), attempt])
            guard let row = rows.first else { return .lost }
            return try row.decode(Bool.self, forColumn: "cancel_requested") ? .cancelRequested : .renewed
        }
    }

    /// Whether `attempt` still runs the job, and whether a cancel was asked.
    public func attemptState(jobId: UUID, attempt: Int) async throws -> AttemptState {
        try await read { db in
            let row = try Row.fetchOne(db, sql: "SELECT cancel_requested FROM jobs WHERE id = ? AND status = 'running' AND attempt = ?",
                                       arguments: [Self.text(jobId), attempt])
            guard let row else { return .lost }
            return try row.decode(Bool.self, forColumn: "cancel_requested") ? .cancelRequested : .current
        }
    }

    /// Records the end of a current attempt.
    public func finish(jobId: UUID, attempt: Int, outcome: JobOutcome, now: Date) async throws -> Bool {
        precondition(outcome.status.isTerminal, "finish needs a terminal status, not \(outcome.status)")
        let outputs = try StoreJSON.encode(outcome.outputs)
        return try await write { db in
            try db.execute(sql: """
                UPDATE jobs SET status = ?, outputs = ?, error_code = ?, error_message = ?, retry_after_seconds = ?,
                    progress = CASE WHEN ? THEN 1.0 ELSE progress END, completed_at = ?,
                    lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE id = ? AND status = 'running' AND attempt = ?
                """, arguments: [
                    outcome.status.rawValue, outputs, outcome.errorCode, outcome.errorMessage, outcome.retryAfterSeconds,
                    outcome.status == .succeeded, Self.real(now), Self.real(now), Self.text(jobId), attempt,
                ])
            return db.changesCount > 0
        }
    }

    /// Requeues a current attempt for later, counting a failure.
    public func retry(jobId: UUID, attempt: Int, runAfter: Date, errorCode: String, errorMessage: String, now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: """
                UPDATE jobs SET status = 'queued', failures = failures + 1, run_after = ?, error_code = ?, error_message = ?,
                    lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE id = ? AND status = 'running' AND attempt = ?
                """, arguments: [Self.real(runAfter), errorCode, errorMessage, Self.real(now), Self.text(jobId), attempt])
            return db.changesCount > 0
        }
    }

    /// Stores the manifest a current attempt resolved (fenced by attempt).
    public func setManifest(jobId: UUID, attempt: Int, manifest: String, now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE jobs SET manifest = ?, updated_at = ? WHERE id = ? AND status = 'running' AND attempt = ?",
                           arguments: [manifest, Self.real(now), Self.text(jobId), attempt])
            return db.changesCount > 0
        }
    }

    /// Puts a running attempt back in the queue without counting a failure (fenced by attempt).
    public func release(jobId: UUID, attempt: Int, now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: """
                UPDATE jobs SET status = 'queued', run_after = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE id = ? AND status = 'running' AND attempt = ?
                """, arguments: [Self.real(now), Self.real(now), Self.text(jobId), attempt])
            return db.changesCount > 0
        }
    }

    /// Requeues or fails (`WORKER_LOST`) every running job whose lease lapsed before `now`.
    public func recoverExpiredLeases(now: Date) async throws -> Int {
        try await write { db in
            try db.execute(sql: """
                UPDATE jobs SET
                    failures = failures + 1,
                    status = CASE WHEN failures + 1 >= max_attempts THEN 'failed' ELSE 'queued' END,
                    error_code = CASE WHEN failures + 1 >= max_attempts THEN 'WORKER_LOST' ELSE error_code END,
                    error_message = CASE WHEN failures + 1 >= max_attempts THEN ? ELSE error_message END,
                    completed_at = CASE WHEN failures + 1 >= max_attempts THEN ? ELSE completed_at END,
                    run_after = CASE WHEN failures + 1 >= max_attempts THEN run_after ELSE ? END,
                    lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE status = 'running' AND lease_expires_at < ?
                """, arguments: [Self.workerLostMessage, Self.real(now), Self.real(now), Self.real(now), Self.real(now)])
            return db.changesCount
        }
    }

    /// Cancels a queued job, or flags a running one, of this user.
    public func requestCancel(id: UUID, userId: UUID, now: Date) async throws -> JobRecord? {
        try await write { db in
            try Row.fetchAll(db, sql: """
                UPDATE jobs SET
                    completed_at = CASE WHEN status = 'queued' THEN ? ELSE completed_at END,
                    cancel_requested = CASE WHEN status = 'running' THEN 1 ELSE cancel_requested END,
                    updated_at = CASE WHEN status IN ('queued', 'running') THEN ? ELSE updated_at END,
                    status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END
                WHERE id = ? AND user_id = ?
                RETURNING *
                """, arguments: [Self.real(now), Self.real(now), Self.text(id), Self.text(userId)]
            ).first.map(Self.job)
        }
    }

    /// Sets the progress and replaces the stage runs of a current attempt.
    public func updateProgress(jobId: UUID, attempt: Int, progress: Double, stages: [StageRunRecord], now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ? AND status = 'running' AND attempt = ?",
                           arguments: [progress, Self.real(now), Self.text(jobId), attempt])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "DELETE FROM stage_runs WHERE job_id = ?", arguments: [Self.text(jobId)])
            for stage in stages {
                try db.execute(sql: """
                    INSERT INTO stage_runs (job_id, attempt, stage_id, kind, position, status, progress, seconds, error_code, error_message, metadata)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        Self.text(jobId), attempt, stage.stageId, stage.kind, stage.position, stage.status, stage.progress,
                        stage.seconds, stage.errorCode, stage.errorMessage, stage.metadata,
                    ])
            }
            return true
        }
    }

    /// The job's stage runs by position.
    public func stageRuns(jobId: UUID) async throws -> [StageRunRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM stage_runs WHERE job_id = ? ORDER BY position, stage_id",
                             arguments: [Self.text(jobId)]).map(Self.stageRun)
        }
    }

    /// Counts by status, the ready depth, and the oldest ready job's age.
    public func queueStats(now: Date) async throws -> QueueStats {
        try await read { db in
            var byStatus = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM jobs GROUP BY status") {
                if let status = JobStatus(rawValue: try row.decode(String.self, forColumn: "status")) {
                    byStatus[status] = try row.decode(Int.self, forColumn: "n")
                }
            }
            let ready = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM jobs WHERE status = 'queued' AND run_after <= ?
                """, arguments: [Self.real(now)])
            let depth = try ready?.decode(Int.self, forColumn: "depth") ?? 0
            let oldest = try ready?.decode(Double?.self, forColumn: "oldest")
            let age = oldest.map { max(0, now.timeIntervalSince1970 - $0) } ?? 0
            return QueueStats(byStatus: byStatus, depth: depth, oldestAge: age)
        }
    }

    // MARK: UploadStore

    /// Inserts an upload record.
    public func insertUpload(_ upload: UploadRecord) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO uploads (id, user_id, file_name, stored_path, size, duration, format, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    Self.text(upload.id), Self.text(upload.userId), upload.fileName, upload.storedPath, upload.size,
                    upload.duration, upload.format, Self.real(upload.createdAt),
                ])
        }
    }

    /// The upload when `userId` owns it.
    public func upload(id: UUID, userId: UUID) async throws -> UploadRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM uploads WHERE id = ? AND user_id = ?",
                             arguments: [Self.text(id), Self.text(userId)]).map(Self.upload)
        }
    }

    /// A page of the user's uploads, newest first.
    public func uploads(userId: UUID, offset: Int, limit: Int) async throws -> (items: [UploadRecord], total: Int) {
        try await read { db in
            let items = try Row.fetchAll(db, sql: "SELECT * FROM uploads WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                                         arguments: [Self.text(userId), limit, offset]).map(Self.upload)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM uploads WHERE user_id = ?", arguments: [Self.text(userId)]) ?? 0
            return (items, total)
        }
    }

    /// Removes the user's upload record and returns it.
    public func deleteUpload(id: UUID, userId: UUID) async throws -> UploadRecord? {
        try await write { db in
            try Row.fetchOne(db, sql: "DELETE FROM uploads WHERE id = ? AND user_id = ? RETURNING *",
                             arguments: [Self.text(id), Self.text(userId)]).map(Self.upload)
        }
    }
}

// MARK: - Access and errors

extension SQLiteStore {
    /// The message of a job failed because its worker stopped heartbeating.
    static let workerLostMessage = "the worker running this job stopped responding"

    /// A page of jobs, Sendable so it can leave the database closure.
    private struct Page: Sendable {
        let items: [JobRecord]
        let total: Int
    }

    private func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    private func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    private func writeWithoutTransaction<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Maps GRDB errors to `StoreError`; store errors and cancellation pass through.
    static func storeError(_ error: any Error) -> any Error {
        switch error {
        case is StoreError, is CancellationError:
            return error
        case let error as DatabaseError:
            if error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                let message = error.message ?? ""
                if message.contains("users.email") { return StoreError.duplicate("email") }
                if message.contains("users.id") { return StoreError.duplicate("id") }
            }
            return StoreError.unavailable("SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "no message")")
        default:
            return StoreError.unavailable("SQLite: \(error)")
        }
    }

    // MARK: Values

    private static func text(_ id: UUID) -> String { id.uuidString }

    private static func real(_ date: Date) -> Double { date.timeIntervalSince1970 }

    private static func uuid(_ row: Row, _ column: String) throws -> UUID {
        let text = try row.decode(String.self, forColumn: column)
        guard let id = UUID(uuidString: text) else { throw StoreError.unavailable("\(column) is not a UUID: \(text)") }
        return id
    }

    private static func optionalUUID(_ row: Row, _ column: String) throws -> UUID? {
        guard try row.decode(String?.self, forColumn: column) != nil else { return nil }
        return try uuid(row, column)
    }

    private static func date(_ row: Row, _ column: String) throws -> Date {
        Date(timeIntervalSince1970: try row.decode(Double.self, forColumn: column))
    }

    private static func optionalDate(_ row: Row, _ column: String) throws -> Date? {
        try row.decode(Double?.self, forColumn: column).map(Date.init(timeIntervalSince1970:))
    }

    // MARK: Rows

    private static func insert(_ token: RefreshTokenRecord, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO refresh_tokens (id, user_id, family_id, issued_at, expires_at, revoked_at, replaced_by)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                token.id, text(token.userId), text(token.familyId), real(token.issuedAt), real(token.expiresAt),
                token.revokedAt.map(real), token.replacedBy,
            ])
    }

    private static func user(_ row: Row) throws -> UserRecord {
        UserRecord(
            id: try uuid(row, "id"), name: try row.decode(forColumn: "name"), email: try row.decode(forColumn: "email"),
            passwordHash: try row.decode(forColumn: "password_hash"), isActive: try row.decode(forColumn: "is_active"),
            createdAt: try date(row, "created_at"))
    }

    private static func refreshToken(_ row: Row) throws -> RefreshTokenRecord {
        RefreshTokenRecord(
            id: try row.decode(forColumn: "id"), userId: try uuid(row, "user_id"), familyId: try uuid(row, "family_id"),
            issuedAt: try date(row, "issued_at"), expiresAt: try date(row, "expires_at"),
            revokedAt: try optionalDate(row, "revoked_at"), replacedBy: try row.decode(forColumn: "replaced_by"))
    }

    private static func job(_ row: Row) throws -> JobRecord {
        // By position: GRDB's by-name lookup compares every column name case-insensitively, a tenth of a history page.
        let column = ColumnPositions(row)
        func value<T: DatabaseValueConvertible>(_ name: String, _ type: T.Type = T.self) throws -> T {
            try row.decode(type, atIndex: try column(name))
        }
        func id(_ name: String) throws -> UUID {
            let text: String = try value(name)
            guard let id = UUID(uuidString: text) else { throw StoreError.unavailable("\(name) is not a UUID: \(text)") }
            return id
        }
        func time(_ name: String) throws -> Date? { try value(name, Double?.self).map(Date.init(timeIntervalSince1970:)) }
        var job = JobRecord(id: try id("id"), userId: try id("user_id"), type: try value("type"), manifest: try value("manifest"))
        let status: String = try value("status")
        guard let jobStatus = JobStatus(rawValue: status) else { throw StoreError.unavailable("unknown job status \(status)") }
        job.status = jobStatus
        job.overrides = try StoreJSON.decode([String: String].self, from: try value("overrides"), column: "overrides")
        job.input = try value("input")
        job.attempt = try value("attempt")
        job.failures = try value("failures")
        job.maxAttempts = try value("max_attempts")
        job.runAfter = Date(timeIntervalSince1970: try value("run_after"))
        job.leaseOwner = try value("lease_owner")
        job.leaseExpiresAt = try time("lease_expires_at")
        job.cancelRequested = try value("cancel_requested")
        job.progress = try value("progress")
        job.outputs = try StoreJSON.decode([String].self, from: try value("outputs"), column: "outputs")
        job.errorCode = try value("error_code")
        job.errorMessage = try value("error_message")
        job.retryAfterSeconds = try value("retry_after_seconds")
        job.parentId = try value("parent_id", String?.self) == nil ? nil : try id("parent_id")
        job.createdAt = Date(timeIntervalSince1970: try value("created_at"))
        job.startedAt = try time("started_at")
        job.completedAt = try time("completed_at")
        job.updatedAt = Date(timeIntervalSince1970: try value("updated_at"))
        return job
    }

    private static func stageRun(_ row: Row) throws -> StageRunRecord {
        StageRunRecord(
            stageId: try row.decode(forColumn: "stage_id"), kind: try row.decode(forColumn: "kind"),
            position: try row.decode(forColumn: "position"), status: try row.decode(forColumn: "status"),
            progress: try row.decode(forColumn: "progress"), seconds: try row.decode(forColumn: "seconds"),
            errorCode: try row.decode(forColumn: "error_code"), errorMessage: try row.decode(forColumn: "error_message"),
            metadata: try row.decode(forColumn: "metadata"))
    }

    private static func upload(_ row: Row) throws -> UploadRecord {
        UploadRecord(
            id: try uuid(row, "id"), userId: try uuid(row, "user_id"), fileName: try row.decode(forColumn: "file_name"),
            storedPath: try row.decode(forColumn: "stored_path"), size: try row.decode(forColumn: "size"),
            duration: try row.decode(forColumn: "duration"), format: try row.decode(forColumn: "format"),
            createdAt: try date(row, "created_at"))
    }
}
