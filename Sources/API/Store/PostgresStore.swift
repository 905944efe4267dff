// The PostgreSQL implementation of every store protocol, on a postgres-nio PostgresClient (a connection pool).
// It speaks the PostgreSQL dialect only; the schema lives in PostgresMigrations.
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL store, optionally confined to one schema (its connections' `search_path`).
///
/// The store runs its client's `run()` in an internal task that `close()` cancels, so it works without a ServiceGroup.
/// Every value reaches the server as a bound parameter; claims skip rows other claimers hold (`FOR UPDATE SKIP LOCKED`).
public final class PostgresStore: AppStore {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    private let schema: String?
    private let migrations: [StoreMigration]

    /// Connects to `url` (postgres[ql]://user:password@host:port/db?sslmode=…; port 5432, sslmode=prefer by default) with up to `maxConnections` (20) connections; `schema` (nil: the server's search_path), a lower-case identifier, becomes the search_path and `migrate()` creates it.
    public convenience init(url: String, schema: String? = nil, maxConnections: Int = 20, logger: Logger) throws {
        try self.init(url: url, schema: schema, maxConnections: maxConnections, logger: logger, migrations: PostgresMigrations.all)
    }

    /// Connects with another migration list (the tests simulate a newer program this way).
    init(url: String, schema: String?, maxConnections: Int, logger: Logger, migrations: [StoreMigration]) throws {
        if let schema, !Self.isPlainIdentifier(schema) {
            throw StoreError.unavailable("schema name '\(schema)' must be a lower-case SQL identifier")
        }
        var configuration = try PostgresURL(url).configuration()
        configuration.options.maximumConnections = max(1, maxConnections)
        if let schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        // Started immediately where available, so that run() has begun before the first query (no "run() hasn't been
        // called yet" warning from postgres-nio).
        if #available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, *) {
            self.runner = Task.immediate { await client.run() }
        } else {
            self.runner = Task { await client.run() }
        }
        self.logger = logger
        self.schema = schema
        self.migrations = migrations
    }

    deinit {
        runner.cancel()
    }

    // MARK: AppStore

    /// Creates the schema if one was named, then applies pending migrations, each in its own transaction under a
    /// transaction-level advisory lock so that concurrent migrators take turns; returns the versions applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let known = migrations.last?.version ?? 0
        try await transaction { connection, logger in
            try await self.lockMigrations(connection)
            if let schema = self.schema {
                try await Self.rows(connection, PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger)
            }
            try await Self.rows(connection, PostgresQuery(unsafeSQL: PostgresMigrations.bookkeeping), logger)
            let found = try await Self.rows(connection, "SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations", logger)
                .first?.decode(Int.self) ?? 0
            guard found <= known else { throw StoreError.schemaTooNew(found: found, known: known) }
        }
        var applied: [Int] = []
        for migration in migrations {
            let didApply = try await transaction { connection, logger in
                try await self.lockMigrations(connection)
                let done = try await Self.rows(
                    connection, "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = \(migration.version))", logger
                ).first?.decode(Bool.self) ?? false
                guard !done else { return false }
                for statement in migration.statements {
                    try await Self.rows(connection, PostgresQuery(unsafeSQL: statement), logger)
                }
                try await Self.rows(connection, "INSERT INTO schema_migrations (version) VALUES (\(migration.version))", logger)
                return true
            }
            if didApply {
                applied.append(migration.version)
                logger.info("applied database migration", metadata: ["db.migration": "\(migration.version)"])
            }
        }
        return applied
    }

    /// The highest applied migration, 0 when none ran yet.
    public func schemaVersion() async throws -> Int {
        let exists = try await query("SELECT to_regclass('schema_migrations') IS NOT NULL AS e").first?.decode(Bool.self) ?? false
        guard exists else { return 0 }
        return try await query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").first?.decode(Int.self) ?? 0
    }

    /// Runs `SELECT 1`; `StoreError.unavailable` after 5 s without an answer (postgres-nio retries an unreachable server for a minute).
    public func ping() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.query("SELECT 1") }
            group.addTask {
                try await Task.sleep(for: .seconds(5))
                throw StoreError.unavailable("PostgreSQL did not answer within 5 s")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Cancels the client's run task and waits for its connections to close; the store is unusable afterwards.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// Drops the store's schema and everything in it (test teardown); does nothing without a schema.
    func dropSchema() async throws {
        guard let schema else { return }
        try await query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE"))
    }

    // MARK: UserStore

    /// Inserts the user; `StoreError.duplicate("email")` when the address is taken.
    public func createUser(_ user: UserRecord) async throws {
        try await query("""
            INSERT INTO users (id, name, email, password_hash, is_active, created_at)
            VALUES (\(user.id), \(user.name), \(user.email), \(user.passwordHash), \(user.isActive), \(user.createdAt))
            """)
    }

    /// The user with this id.
    public func user(id: UUID) async throws -> UserRecord? {
        try await query("SELECT * FROM users WHERE id = \(id)").first.map(Self.user)
    }

    /// The user with this e-mail address.
    public func user(email: String) async throws -> UserRecord? {
        try await query("SELECT * FROM users WHERE email = \(email)").first.map(Self.user)
    }

    /// The active user, unless the access token or its family is revoked: one query.
    public func authenticate(userId: UUID, accessTokenId: String, familyId: UUID) async throws -> UserRecord? {
        let statement = PostgresAuthenticateStatement(userId: userId, accessTokenId: accessTokenId, familyId: familyId)
        let client = self.client, logger = self.logger
        do {
            return try await Self.bounded {
                for try await r in try await client.execute(statement, logger: logger) {
                    return UserRecord(id: r.0, name: r.1, email: r.2, passwordHash: r.3, isActive: r.4, createdAt: r.5)
                }
                return nil
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// The revocation epoch (one row, by primary key).
    public func authEpoch() async throws -> Int64 {
        try await query("SELECT value FROM auth_epoch WHERE id = 1").first?.decode(Int64.self) ?? 0
    }

    // MARK: TokenStore

    /// Inserts a refresh token.
    public func insertRefreshToken(_ token: RefreshTokenRecord) async throws {
        try await query(Self.insertQuery(token))
    }

    /// The refresh token with this id.
    public func refreshToken(id: String) async throws -> RefreshTokenRecord? {
        try await query("SELECT * FROM refresh_tokens WHERE id = \(id)").first.map(Self.refreshToken)
    }

    /// Rotates the token in one transaction (the row locked `FOR UPDATE`), revoking its family on reuse.
    public func rotateRefreshToken(id: String, userId: UUID, replacement: RefreshTokenRecord, now: Date) async throws -> RotationOutcome {
        try await transaction { connection, logger in
            guard let row = try await Self.rows(connection, "SELECT * FROM refresh_tokens WHERE id = \(id) FOR UPDATE", logger).first
            else { return RotationOutcome.notFound }
            let token = try Self.refreshToken(row)
            guard token.userId == userId else { return .notFound }
            if token.revokedAt != nil || token.replacedBy != nil {
                try await Self.rows(connection, Self.revokeFamilyQuery(token.familyId, now: now), logger)
                return .reused
            }
            guard token.expiresAt > now else { return .expired }
            try await Self.rows(connection, "UPDATE refresh_tokens SET replaced_by = \(replacement.id) WHERE id = \(id)", logger)
            try await Self.rows(connection, Self.insertQuery(replacement), logger)
            return .rotated
        }
    }

    /// Marks one token revoked (unless it already is).
    public func revokeRefreshToken(id: String, now: Date) async throws {
        try await query("UPDATE refresh_tokens SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL")
    }

    /// Marks every live token of the family revoked and blocks the family, in one statement.
    public func revokeFamily(_ familyId: UUID, now: Date) async throws {
        try await query(Self.revokeFamilyQuery(familyId, now: now))
    }

    /// Whether the family is blocked.
    public func isFamilyRevoked(_ familyId: UUID) async throws -> Bool {
        try await query("SELECT EXISTS (SELECT 1 FROM revoked_token_families WHERE family_id = \(familyId)) AS e")
            .first?.decode(Bool.self) ?? false
    }

    private static func revokeFamilyQuery(_ familyId: UUID, now: Date) -> PostgresQuery {
        """
        WITH r AS (UPDATE refresh_tokens SET revoked_at = \(now) WHERE family_id = \(familyId) AND revoked_at IS NULL RETURNING 1)
        INSERT INTO revoked_token_families (family_id, revoked_at) VALUES (\(familyId), \(now)) ON CONFLICT (family_id) DO NOTHING
        """
    }

    /// Records the access token as revoked; revoking twice is harmless.
    public func revokeAccessToken(id: String, userId: UUID, expiresAt: Date) async throws {
        try await query("""
            INSERT INTO revoked_access_tokens (id, user_id, expires_at) VALUES (\(id), \(userId), \(expiresAt))
            ON CONFLICT (id) DO NOTHING
            """)
    }

    /// Whether a revocation row exists for the access token.
    public func isAccessTokenRevoked(id: String) async throws -> Bool {
        try await query("SELECT EXISTS (SELECT 1 FROM revoked_access_tokens WHERE id = \(id)) AS e").first?.decode(Bool.self) ?? false
    }

    /// Deletes expired or long-revoked refresh tokens and lapsed access-token blocks in one statement; returns the rows deleted.
    public func purgeTokens(now: Date, revokedBefore: Date) async throws -> Int {
        try await query("""
            WITH r AS (DELETE FROM refresh_tokens WHERE expires_at <= \(now) OR revoked_at < \(revokedBefore) RETURNING 1),
                 a AS (DELETE FROM revoked_access_tokens WHERE expires_at <= \(now) RETURNING 1),
                 f AS (DELETE FROM revoked_token_families WHERE revoked_at < \(revokedBefore) RETURNING 1)
            SELECT (SELECT COUNT(*) FROM r) + (SELECT COUNT(*) FROM a) + (SELECT COUNT(*) FROM f) AS n
            """).first?.decode(Int.self) ?? 0
    }

    // MARK: JobStore

    /// Inserts the job as given.
    public func enqueue(_ job: JobRecord) async throws {
        try await query(try Self.insertJobQuery(job))
    }

    /// Inserts the job unless its user has `maxActive` active jobs, in one transaction under a per-user advisory lock:
    /// under READ COMMITTED a plain conditional insert would let two transactions count the same jobs.
    public func enqueue(_ job: JobRecord, maxActive: Int) async throws -> Bool {
        let insert = try Self.insertJobQuery(job)
        let key = "intellimix.jobs.\(job.userId.uuidString.lowercased())"
        return try await transaction { connection, logger in
            try await Self.rows(connection, "SELECT pg_advisory_xact_lock(hashtext(\(key)))", logger)
            let active = try await Self.rows(connection, """
                SELECT COUNT(*) AS n FROM jobs WHERE user_id = \(job.userId) AND status IN ('queued', 'running')
                """, logger).first?.decode(Int.self) ?? 0
            guard active < maxActive else { return false }
            try await Self.rows(connection, insert, logger)
            return true
        }
    }

    /// The statement storing `job`.
    private static func insertJobQuery(_ job: JobRecord) throws -> PostgresQuery {
        let overrides = try StoreJSON.encode(job.overrides)
        let outputs = try StoreJSON.encode(job.outputs)
        return """
            INSERT INTO jobs (id, user_id, type, status, manifest, overrides, input, attempt, failures, max_attempts,
                run_after, lease_owner, lease_expires_at, cancel_requested, progress, outputs, error_code, error_message,
                retry_after_seconds, parent_id, created_at, started_at, completed_at, updated_at)
            VALUES (\(job.id), \(job.userId), \(job.type), \(job.status.rawValue), \(job.manifest), \(overrides), \(job.input),
                \(job.attempt), \(job.failures), \(job.maxAttempts), \(job.runAfter), \(job.leaseOwner), \(job.leaseExpiresAt),
                \(job.cancelRequested), \(job.progress), \(outputs), \(job.errorCode), \(job.errorMessage),
                \(job.retryAfterSeconds), \(job.parentId), \(job.createdAt), \(job.startedAt), \(job.completedAt), \(job.updatedAt))
            """
    }

    /// The job with this id.
    public func job(id: UUID) async throws -> JobRecord? {
        try await query("SELECT * FROM jobs WHERE id = \(id)").first.map(Self.job)
    }

    /// The job with this id when `userId` owns it.
    public func job(id: UUID, userId: UUID) async throws -> JobRecord? {
        try await query("SELECT * FROM jobs WHERE id = \(id) AND user_id = \(userId)").first.map(Self.job)
    }

    /// A page of the user's jobs (newest first, ties by id) and the total of the filtered set.
    public func jobs(userId: UUID, type: String?, offset: Int, limit: Int) async throws -> (items: [JobRecord], total: Int) {
        let limit = max(0, limit), offset = max(0, offset)
        let countQuery: PostgresQuery
        let pageQuery: PostgresQuery
        if let type {
            countQuery = "SELECT COUNT(*) AS n FROM jobs WHERE user_id = \(userId) AND type = \(type)"
            pageQuery = """
                SELECT * FROM jobs WHERE user_id = \(userId) AND type = \(type)
                ORDER BY created_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)
                """
        } else {
            countQuery = "SELECT COUNT(*) AS n FROM jobs WHERE user_id = \(userId)"
            pageQuery = "SELECT * FROM jobs WHERE user_id = \(userId) ORDER BY created_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)"
        }
        let total = try await query(countQuery).first?.decode(Int.self) ?? 0
        let items = try await query(pageQuery).map(Self.job)
        return (items, total)
    }

    /// Deletes the user's job and its stage runs in one transaction.
    public func deleteJob(id: UUID, userId: UUID) async throws -> Bool {
        try await transaction { connection, logger in
            try await Self.rows(connection, """
                DELETE FROM stage_runs WHERE job_id IN (SELECT id FROM jobs WHERE id = \(id) AND user_id = \(userId))
                """, logger)
            return try await !Self.rows(connection, "DELETE FROM jobs WHERE id = \(id) AND user_id = \(userId) RETURNING id", logger).isEmpty
        }
    }

    /// The user's queued and running jobs.
    public func activeJobCount(userId: UUID) async throws -> Int {
        try await query("SELECT COUNT(*) AS n FROM jobs WHERE user_id = \(userId) AND status IN ('queued', 'running')")
            .first?.decode(Int.self) ?? 0
    }

    /// Picks and leases the oldest ready job in one statement, skipping rows other claimers have locked.
    public func claim(workerId: String, lease: TimeInterval, now: Date) async throws -> JobRecord? {
        let expires = now.addingTimeInterval(lease)
        return try await query("""
            UPDATE jobs SET status = 'running', attempt = attempt + 1, lease_owner = \(workerId), lease_expires_at = \(expires),
                started_at = COALESCE(started_at, \(now)), updated_at = \(now)
            WHERE id = (
                SELECT id FROM jobs WHERE status = 'queued' AND run_after <= \(now)
                ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
            )
            RETURNING *
            """).first.map(Self.job)
    }

    /// Extends the lease of a current attempt.
    public func heartbeat(jobId: UUID, attempt: Int, lease: TimeInterval, now: Date) async throws -> HeartbeatResult {
        let expires = now.addingTimeInterval(lease)
        let rows = try await query("""
            UPDATE jobs SET lease_expires_at = \(expires), updated_at = \(now)
            WHERE id = \(jobId) AND status = 'running' AND attempt = \(attempt)
            RETURNING cancel_requested
            """)
        guard let row = rows.first else { return .lost }
        return try row.decode(Bool.self) ? .cancelRequested : .renewed
    }

    /// Whether `attempt` still runs the job, and whether a cancel was asked.
    public func attemptState(jobId: UUID, attempt: Int) async throws -> AttemptState {
        let rows = try await query("SELECT cancel_requested FROM jobs WHERE id = \(jobId) AND status = 'running' AND attempt = \(attempt)")
        guard let row = rows.first else { return .lost }
        return try row.decode(Bool.self) ? .cancelRequested : .current
    }

    /// Records the end of a current attempt.
    public func finish(jobId: UUID, attempt: Int, outcome: JobOutcome, now: Date) async throws -> Bool {
        precondition(outcome.status.isTerminal, "finish needs a terminal status, not \(outcome.status)")
        let outputs = try StoreJSON.encode(outcome.outputs)
        let succeeded = outcome.status == .succeeded
        return try await !query("""
            UPDATE jobs SET status = \(outcome.status.rawValue), outputs = \(outputs), error_code = \(outcome.errorCode),
                error_message = \(outcome.errorMessage), retry_after_seconds = \(outcome.retryAfterSeconds),
                progress = CASE WHEN \(succeeded) THEN 1::double precision ELSE progress END, completed_at = \(now),
                lease_owner = NULL, lease_expires_at = NULL, updated_at = \(now)
            WHERE id = \(jobId) AND status = 'running' AND attempt = \(attempt)
            RETURNING id
            """).isEmpty
    }

    /// Requeues a current attempt for later, counting a failure.
    public func retry(jobId: UUID, attempt: Int, runAfter: Date, errorCode: String, errorMessage: String, now: Date) async throws -> Bool {
        try await !query("""
            UPDATE jobs SET status = 'queued', failures = failures + 1, run_after = \(runAfter), error_code = \(errorCode),
                error_message = \(errorMessage), lease_owner = NULL, lease_expires_at = NULL, updated_at = \(now)
            WHERE id = \(jobId) AND status = 'running' AND attempt = \(attempt)
            RETURNING id
            """).isEmpty
    }

    /// Stores the manifest a current attempt resolved (fenced by attempt).
    public func setManifest(jobId: UUID, attempt: Int, manifest: String, now: Date) async throws -> Bool {
        try await !query("""
            UPDATE jobs SET manifest = \(manifest), updated_at = \(now)
            WHERE id = \(jobId) AND status = 'running' AND attempt = \(attempt)
            RETURNING id
            """).isEmpty
    }

    /// Puts a running attempt back in the queue without counting a failure (fenced by attempt).
    public func release(jobId: UUID, attempt: Int, now: Date) async throws -> Bool {
        try await !query("""
            UPDATE jobs SET status = 'queued', run_after = \(now), lease_owner = NULL, lease_expires_at = NULL, updated_at = \(now)
            WHERE id = \(jobId) AND status = 'running' AND attempt = \(attempt)
            RETURNING id
            """).isEmpty
    }

    /// Requeues or fails (`WORKER_LOST`) every running job whose lease lapsed before `now`, in one statement.
    public func recoverExpiredLeases(now: Date) async throws -> Int {
        try await query("""
            UPDATE jobs SET
                failures = failures + 1,
                status = CASE WHEN failures + 1 >= max_attempts THEN 'failed' ELSE 'queued' END,
                error_code = CASE WHEN failures + 1 >= max_attempts THEN 'WORKER_LOST' ELSE error_code END,
                error_message = CASE WHEN failures + 1 >= max_attempts THEN \(Self.workerLostMessage) ELSE error_message END,
                completed_at = CASE WHEN failures + 1 >= max_attempts THEN \(now) ELSE completed_at END,
                run_after = CASE WHEN failures + 1 >= max_attempts THEN run_after ELSE \(now) END,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = \(now)
            WHERE status = 'running' AND lease_expires_at < \(now)
            RETURNING id
            """).count
    }

    /// Cancels a queued job, or flags a running one, of this user, in one statement.
    public func requestCancel(id: UUID, userId: UUID, now: Date) async throws -> JobRecord? {
        try await query("""
            UPDATE jobs SET
                completed_at = CASE WHEN status = 'queued' THEN \(now) ELSE completed_at END,
                cancel_requested = CASE WHEN status = 'running' THEN true ELSE cancel_requested END,
                updated_at = CASE WHEN status IN ('queued', 'running') THEN \(now) ELSE updated_at END,
                status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END
            WHERE id = \(id) AND user_id = \(userId)
            RETURNING *
            """).first.map(Self.job)
    }

    /// Sets the progress and replaces the stage runs of a current attempt, in one transaction.
    public func updateProgress(jobId: UUID, attempt: Int, progress: Double, stages: [StageRunRecord], now: Date) async throws -> Bool {
        try await transaction { connection, logger in
            let updated = try await Self.rows(connection, """
                UPDATE jobs SET progress = \(progress), updated_at = \(now)
                WHERE id = \(jobId) AND status = 'running' AND attempt = \(attempt)
                RETURNING id
                """, logger)
            guard !updated.isEmpty else { return false }
            try await Self.rows(connection, "DELETE FROM stage_runs WHERE job_id = \(jobId)", logger)
            for stage in stages {
                try await Self.rows(connection, """
                    INSERT INTO stage_runs (job_id, attempt, stage_id, kind, position, status, progress, seconds, error_code, error_message, metadata)
                    VALUES (\(jobId), \(attempt), \(stage.stageId), \(stage.kind), \(stage.position), \(stage.status), \(stage.progress),
                        \(stage.seconds), \(stage.errorCode), \(stage.errorMessage), \(stage.metadata))
                    """, logger)
            }
            return true
        }
    }

    /// The job's stage runs by position.
    public func stageRuns(jobId: UUID) async throws -> [StageRunRecord] {
        try await query("SELECT * FROM stage_runs WHERE job_id = \(jobId) ORDER BY position, stage_id").map(Self.stageRun)
    }

    /// Counts by status, the ready depth, and the oldest ready job's age.
    public func queueStats(now: Date) async throws -> QueueStats {
        var byStatus = Dictionary(uniqueKeysWithValues: JobStatus.allCases.map { ($0, 0) })
        for row in try await query("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status") {
            let (status, count) = try row.decode((String, Int).self)
            if let status = JobStatus(rawValue: status) { byStatus[status] = count }
        }
        let ready = try await query("""
            SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM jobs WHERE status = 'queued' AND run_after <= \(now)
            """).first
        let (depth, oldest) = try ready?.decode((Int, Date?).self) ?? (0, nil)
        let age = oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0
        return QueueStats(byStatus: byStatus, depth: depth, oldestAge: age)
    }

    // MARK: UploadStore

    /// Inserts an upload record.
    public func insertUpload(_ upload: UploadRecord) async throws {
        try await query("""
            INSERT INTO uploads (id, user_id, file_name, stored_path, size, duration, format, created_at)
            VALUES (\(upload.id), \(upload.userId), \(upload.fileName), \(upload.storedPath), \(upload.size), \(upload.duration),
                \(upload.format), \(upload.createdAt))
            """)
    }

    /// The upload when `userId` owns it.
    public func upload(id: UUID, userId: UUID) async throws -> UploadRecord? {
        try await query("SELECT * FROM uploads WHERE id = \(id) AND user_id = \(userId)").first.map(Self.upload)
    }

    /// A page of the user's uploads, newest first.
    public func uploads(userId: UUID, offset: Int, limit: Int) async throws -> (items: [UploadRecord], total: Int) {
        let items = try await query("""
            SELECT * FROM uploads WHERE user_id = \(userId) ORDER BY created_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)
            """).map(Self.upload)
        let total = try await query("SELECT COUNT(*)::bigint FROM uploads WHERE user_id = \(userId)").first?.decode(Int.self) ?? 0
        return (items, total)
    }

    /// Removes the user's upload record and returns it.
    public func deleteUpload(id: UUID, userId: UUID) async throws -> UploadRecord? {
        try await query("DELETE FROM uploads WHERE id = \(id) AND user_id = \(userId) RETURNING *").first.map(Self.upload)
    }
}

// MARK: - Access and errors

extension PostgresStore {
    /// The message of a job failed because its worker stopped heartbeating.
    static let workerLostMessage = "the worker running this job stopped responding"

    /// Whether `name` can be used unquoted and quoted alike: lower-case letters, digits and underscores, 63 bytes at most.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 63, first == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }

    /// How long one store call may take, waiting for a connection included (10 s). The pool keeps retrying a database
    /// that is down with growing pauses and would hold a request for a minute; past this the call fails `unavailable`,
    /// so the API answers 503 promptly and a worker retries.
    static let callTimeout: Duration = .seconds(10)

    /// Runs one statement on a pooled connection and collects its rows.
    @discardableResult
    private func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let client = self.client, logger = self.logger
        do {
            return try await Self.bounded { try await client.query(query, logger: logger).collect() }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` inside BEGIN/COMMIT on one connection (ROLLBACK when it throws).
    private func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) async throws -> T {
        let client = self.client, logger = self.logger
        do {
            return try await Self.bounded {
                try await client.withTransaction(logger: logger) { connection in
                    try await body(connection, logger)
                }
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// `operation`'s result, or `StoreError.unavailable` once `callTimeout` has passed (the operation is cancelled; the
    /// pool drops a cancelled request that still waits for a connection).
    static func bounded<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: callTimeout)
                throw StoreError.unavailable("PostgreSQL did not answer within \(callTimeout)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Runs one statement on `connection` and collects its rows.
    @discardableResult
    private static func rows(_ connection: PostgresConnection, _ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// Serialises migrators of this store's schema until the current transaction ends.
    private func lockMigrations(_ connection: PostgresConnection) async throws {
        let key = "intellimix.migrations.\(schema ?? "")"
        try await Self.rows(connection, "SELECT pg_advisory_xact_lock(hashtext(\(key)))", logger)
    }

    /// Maps postgres-nio errors to `StoreError`; store errors and cancellation pass through.
    static func storeError(_ error: any Error) -> any Error {
        switch error {
        case is StoreError, is CancellationError:
            return error
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return storeError(inner)
            }
            return StoreError.unavailable("PostgreSQL transaction failed")
        case let error as PSQLError:
            if let info = error.serverInfo {
                let state = info[.sqlState] ?? "?????"
                if state == "23505" {
                    let constraint = info[.constraintName] ?? ""
                    return StoreError.duplicate(constraint == "users_email_key" ? "email" : constraint)
                }
                return StoreError.unavailable("PostgreSQL \(state): \(info[.message] ?? "no message")")
            }
            let underlying = error.underlying.map { ": \($0)" } ?? ""
            return StoreError.unavailable("PostgreSQL \(error.code)\(underlying)")
        default:
            return StoreError.unavailable("PostgreSQL: \(error)")
        }
    }

    // MARK: Rows

    private static func insertQuery(_ token: RefreshTokenRecord) -> PostgresQuery {
        """
        INSERT INTO refresh_tokens (id, user_id, family_id, issued_at, expires_at, revoked_at, replaced_by)
        VALUES (\(token.id), \(token.userId), \(token.familyId), \(token.issuedAt), \(token.expiresAt), \(token.revokedAt), \(token.replacedBy))
        """
    }

    private static func user(_ row: PostgresRow) throws -> UserRecord {
        let row = row.makeRandomAccess()
        return UserRecord(
            id: try row["id"].decode(UUID.self), name: try row["name"].decode(String.self), email: try row["email"].decode(String.self),
            passwordHash: try row["password_hash"].decode(String.self), isActive: try row["is_active"].decode(Bool.self),
            createdAt: try row["created_at"].decode(Date.self))
    }

    private static func refreshToken(_ row: PostgresRow) throws -> RefreshTokenRecord {
        let row = row.makeRandomAccess()
        return RefreshTokenRecord(
            id: try row["id"].decode(String.self), userId: try row["user_id"].decode(UUID.self),
            familyId: try row["family_id"].decode(UUID.self), issuedAt: try row["issued_at"].decode(Date.self),
            expiresAt: try row["expires_at"].decode(Date.self), revokedAt: try row["revoked_at"].decode(Date?.self),
            replacedBy: try row["replaced_by"].decode(String?.self))
    }

    private static func job(_ row: PostgresRow) throws -> JobRecord {
        let row = row.makeRandomAccess()
        var job = JobRecord(
            id: try row["id"].decode(UUID.self), userId: try row["user_id"].decode(UUID.self), type: try row["type"].decode(String.self),
            manifest: try row["manifest"].decode(String.self))
        let status = try row["status"].decode(String.self)
        guard let jobStatus = JobStatus(rawValue: status) else { throw StoreError.unavailable("unknown job status \(status)") }
        job.status = jobStatus
        job.overrides = try StoreJSON.decode([String: String].self, from: try row["overrides"].decode(String.self), column: "overrides")
        job.input = try row["input"].decode(String.self)
        job.attempt = try row["attempt"].decode(Int.self)
        job.failures = try row["failures"].decode(Int.self)
        job.maxAttempts = try row["max_attempts"].decode(Int.self)
        job.runAfter = try row["run_after"].decode(Date.self)
        job.leaseOwner = try row["lease_owner"].decode(String?.self)
        job.leaseExpiresAt = try row["lease_expires_at"].decode(Date?.self)
        job.cancelRequested = try row["cancel_requested"].decode(Bool.self)
        job.progress = try row["progress"].decode(Double.self)
        job.outputs = try StoreJSON.decode([String].self, from: try row["outputs"].decode(String.self), column: "outputs")
        job.errorCode = try row["error_code"].decode(String?.self)
        job.errorMessage = try row["error_message"].decode(String?.self)
        job.retryAfterSeconds = try row["retry_after_seconds"].decode(Int?.self)
        job.parentId = try row["parent_id"].decode(UUID?.self)
        job.createdAt = try row["created_at"].decode(Date.self)
        job.startedAt = try row["started_at"].decode(Date?.self)
        job.completedAt = try row["completed_at"].decode(Date?.self)
        job.updatedAt = try row["updated_at"].decode(Date.self)
        return job
    }

    private static func stageRun(_ row: PostgresRow) throws -> StageRunRecord {
        let row = row.makeRandomAccess()
        return StageRunRecord(
            stageId: try row["stage_id"].decode(String.self), kind: try row["kind"].decode(String.self),
            position: try row["position"].decode(Int.self), status: try row["status"].decode(String.self),
            progress: try row["progress"].decode(Double.self), seconds: try row["seconds"].decode(Double.self),
            errorCode: try row["error_code"].decode(String?.self), errorMessage: try row["error_message"].decode(String?.self),
            metadata: try row["metadata"].decode(String?.self))
    }

    private static func upload(_ row: PostgresRow) throws -> UploadRecord {
        let row = row.makeRandomAccess()
        return UploadRecord(
            id: try row["id"].decode(UUID.self), userId: try row["user_id"].decode(UUID.self),
            fileName: try row["file_name"].decode(String.self), storedPath: try row["stored_path"].decode(String.self),
            size: try row["size"].decode(Int64.self), duration: try row["duration"].decode(Double.self),
            format: try row["format"].decode(String.self), createdAt: try row["created_at"].decode(Date.self))
    }
}
