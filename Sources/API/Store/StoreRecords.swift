// The rows the stores keep: users, refresh tokens, jobs, stage runs and uploads. Pure data.
import Foundation

/// A registered user.
public struct UserRecord: Sendable, Codable, Equatable {
    /// The user's id.
    public var id: UUID
    /// Display name.
    public var name: String
    /// Normalised (trimmed, lower-cased) e-mail address; unique.
    public var email: String
    /// The bcrypt hash of the password.
    public var passwordHash: String
    /// Inactive users cannot log in.
    public var isActive: Bool
    /// When the user registered.
    public var createdAt: Date

    /// Creates a record.
    public init(id: UUID = UUID(), name: String, email: String, passwordHash: String, isActive: Bool = true, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.email = email
        self.passwordHash = passwordHash
        self.isActive = isActive
        self.createdAt = createdAt
    }
}

/// One issued refresh token. Tokens of one login share a family; each use rotates to a new token of the same family.
public struct RefreshTokenRecord: Sendable, Codable, Equatable {
    /// The token's `jti`.
    public var id: String
    /// Its owner.
    public var userId: UUID
    /// The login this token descends from.
    public var familyId: UUID
    /// When it was issued.
    public var issuedAt: Date
    /// When it stops being valid.
    public var expiresAt: Date
    /// When it was revoked (logout, reuse detection), if it was.
    public var revokedAt: Date?
    /// The `jti` of the token it was rotated into, if it was used.
    public var replacedBy: String?

    /// Creates a record.
    public init(id: String, userId: UUID, familyId: UUID, issuedAt: Date, expiresAt: Date, revokedAt: Date? = nil, replacedBy: String? = nil) {
        self.id = id
        self.userId = userId
        self.familyId = familyId
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.replacedBy = replacedBy
    }
}

/// What happened when a refresh token was presented for rotation.
public enum RotationOutcome: Sendable, Equatable {
    /// The token was valid; it is now marked replaced and the replacement is stored.
    case rotated
    /// The token had already been rotated or revoked: the whole family is now revoked.
    case reused
    /// No such token, or it belongs to another user.
    case notFound
    /// The token has expired.
    case expired
}

/// A job's lifecycle state.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for a worker (or for its retry time).
    case queued
    /// Claimed by a worker holding a lease.
    case running
    /// Finished; outputs are available.
    case succeeded
    /// Finished with an error code and a safe message.
    case failed
    /// Cancelled by its owner.
    case cancelled

    /// Whether the job will not change any more.
    public var isTerminal: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

/// A job: a stored manifest, its queue state and its outcome.
public struct JobRecord: Sendable, Codable, Equatable {
    /// The job id.
    public var id: UUID
    /// The owner.
    public var userId: UUID
    /// ai_parody, audio_mix, video_download, audio_download or manifest.
    public var type: String
    /// The current state.
    public var status: JobStatus
    /// The manifest, as YAML, exactly as it will be rendered.
    public var manifest: String
    /// `--set`-style parameter overrides applied to the manifest.
    public var overrides: [String: String]
    /// The request body that created the job (JSON text), for history.
    public var input: String
    /// Claims so far; each claim increments it, and every write by a worker is fenced by it.
    public var attempt: Int
    /// Attempts that ended in a retryable failure or a lost worker.
    public var failures: Int
    /// Attempts allowed before the job fails for good.
    public var maxAttempts: Int
    /// The job may not be claimed before this time (retry backoff).
    public var runAfter: Date
    /// The worker holding the lease.
    public var leaseOwner: String?
    /// When the lease lapses unless renewed.
    public var leaseExpiresAt: Date?
    /// The owner asked to cancel a running job.
    public var cancelRequested: Bool
    /// Overall progress, 0...1.
    public var progress: Double
    /// Published output file names, relative to the job's folder.
    public var outputs: [String]
    /// The stable failure code.
    public var errorCode: String?
    /// The failure message, safe for clients.
    public var errorMessage: String?
    /// For rate-limit failures: when the upstream said to retry.
    public var retryAfterSeconds: Int?
    /// The job this one re-renders, if any.
    public var parentId: UUID?
    /// When it was submitted.
    public var createdAt: Date
    /// When a worker first started it.
    public var startedAt: Date?
    /// When it reached a terminal state.
    public var completedAt: Date?
    /// Last change.
    public var updatedAt: Date

    /// A new queued job.
    public init(id: UUID = UUID(), userId: UUID, type: String, manifest: String, overrides: [String: String] = [:], input: String = "{}",
                maxAttempts: Int = 3, parentId: UUID? = nil, now: Date = Date()) {
        self.id = id
        self.userId = userId
        self.type = type
        self.status = .queued
        self.manifest = manifest
        self.overrides = overrides
        self.input = input
        self.attempt = 0
        self.failures = 0
        self.maxAttempts = maxAttempts
        self.runAfter = now
        self.leaseOwner = nil
        self.leaseExpiresAt = nil
        self.cancelRequested = false
        self.progress = 0
        self.outputs = []
        self.errorCode = nil
        self.errorMessage = nil
        self.retryAfterSeconds = nil
        self.parentId = parentId
        self.createdAt = now
        self.startedAt = nil
        self.completedAt = nil
        self.updatedAt = now
    }
}

/// How a worker's attempt ended.
public struct JobOutcome: Sendable, Equatable {
    /// succeeded, failed or cancelled.
    public var status: JobStatus
    /// Published output file names.
    public var outputs: [String]
    /// The stable failure code.
    public var errorCode: String?
    /// The safe failure message.
    public var errorMessage: String?
    /// For rate-limit failures.
    public var retryAfterSeconds: Int?

    /// Creates an outcome.
    public init(status: JobStatus, outputs: [String] = [], errorCode: String? = nil, errorMessage: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.outputs = outputs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// What a running attempt's cancel check learned.
public enum AttemptState: Sendable, Equatable {
    /// The attempt still runs the job.
    case current
    /// The attempt still runs the job, and the owner asked to cancel.
    case cancelRequested
    /// This attempt no longer runs the job (its lease lapsed and it was requeued or reclaimed, or the job ended).
    case lost
}

/// What a heartbeat learned.
public enum HeartbeatResult: Sendable, Equatable {
    /// The lease is renewed.
    case renewed
    /// The lease is renewed, and the owner asked to cancel.
    case cancelRequested
    /// This attempt no longer owns the job (its lease lapsed and it was requeued or reclaimed): stop without writing.
    case lost
}

/// One stage of one job attempt, as the API shows it.
public struct StageRunRecord: Sendable, Codable, Equatable {
    /// The stage instance id.
    public var stageId: String
    /// Its kind.
    public var kind: String
    /// Position in topological order.
    public var position: Int
    /// pending, running, ran, cached, failed or skipped.
    public var status: String
    /// Progress of this stage, 0...1.
    public var progress: Double
    /// Seconds spent (0 for cached).
    public var seconds: Double
    /// The failure code, when failed.
    public var errorCode: String?
    /// The safe failure message, when failed.
    public var errorMessage: String?
    /// The finished stage's metadata as a JSON object (a plan's order, cuts and transitions), when it has any.
    public var metadata: String?

    /// Creates a record.
    public init(stageId: String, kind: String, position: Int, status: String, progress: Double = 0, seconds: Double = 0,
                errorCode: String? = nil, errorMessage: String? = nil, metadata: String? = nil) {
        self.metadata = metadata
        self.stageId = stageId
        self.kind = kind
        self.position = position
        self.status = status
        self.progress = progress
        self.seconds = seconds
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }
}

/// An audio file a user uploaded, usable as a source by that user's jobs.
public struct UploadRecord: Sendable, Codable, Equatable {
    /// The upload id.
    public var id: UUID
    /// The owner.
    public var userId: UUID
    /// The client's file name (for display only).
    public var fileName: String
    /// Where the file is stored, relative to the storage root.
    public var storedPath: String
    /// Size in bytes.
    public var size: Int64
    /// Duration in seconds, as probed.
    public var duration: Double
    /// Container format, as probed.
    public var format: String
    /// When it was uploaded.
    public var createdAt: Date

    /// Creates a record.
    public init(id: UUID = UUID(), userId: UUID, fileName: String, storedPath: String, size: Int64, duration: Double, format: String, createdAt: Date = Date()) {
        self.id = id
        self.userId = userId
        self.fileName = fileName
        self.storedPath = storedPath
        self.size = size
        self.duration = duration
        self.format = format
        self.createdAt = createdAt
    }
}

/// Queue figures for metrics.
public struct QueueStats: Sendable, Equatable {
    /// Jobs per status.
    public var byStatus: [JobStatus: Int]
    /// Queued jobs whose run time has come.
    public var depth: Int
    /// Seconds the oldest ready job has waited (0 when none).
    public var oldestAge: Double

    /// Creates figures.
    public init(byStatus: [JobStatus: Int], depth: Int, oldestAge: Double) {
        self.byStatus = byStatus
        self.depth = depth
        self.oldestAge = oldestAge
    }
}
