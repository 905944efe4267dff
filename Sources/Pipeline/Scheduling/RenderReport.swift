// What a render reports: per-stage status, timings, outputs; and the events it emits while running.
// Pure data.
import Foundation

/// How a stage ended in a render.
public enum StageStatus: String, Sendable, Codable {
    /// It ran.
    case ran
    /// It came from the cache.
    case cached
    /// It failed.
    case failed
    /// It did not run because a dependency failed or the render stopped.
    case skipped
}

/// One stage's outcome.
public struct StageReport: Sendable, Codable {
    /// The stage instance id.
    public var id: String
    /// The stage kind.
    public var kind: String
    /// How it ended.
    public var status: StageStatus
    /// Wall-clock seconds spent on it in this render.
    public var seconds: Double
    /// The cache key, when computed.
    public var key: String?
    /// Output artifacts by name.
    public var outputs: [String: Artifact]
    /// The stage's metadata (durations, loudness figures, ...).
    public var metadata: [String: Value]
    /// The published file, if any.
    public var published: String?
    /// The failure code, when failed.
    public var errorCode: String?
    /// The failure or skip reason, for people.
    public var error: String?
    /// For failures an upstream service rate-limited: seconds until it accepts requests again.
    public var retryAfterSeconds: Double? = nil
    /// What a person should know about the result (see `StageResult.warnings`); nil when nothing.
    public var warnings: [String]? = nil

    /// Creates a report.
    public init(id: String, kind: String, status: StageStatus, seconds: Double, key: String?, outputs: [String: Artifact],
                metadata: [String: Value], published: String?, errorCode: String?, error: String?, retryAfterSeconds: Double? = nil,
                warnings: [String]? = nil) {
        self.id = id
        self.kind = kind
        self.status = status
        self.seconds = seconds
        self.key = key
        self.outputs = outputs
        self.metadata = metadata
        self.published = published
        self.errorCode = errorCode
        self.error = error
        self.retryAfterSeconds = retryAfterSeconds
        self.warnings = warnings.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// The outcome of a whole render.
public struct RenderReport: Sendable, Codable {
    /// The manifest's name.
    public var manifest: String
    /// Whether every stage succeeded.
    public var succeeded: Bool
    /// Total wall-clock seconds.
    public var seconds: Double
    /// Every stage in topological order.
    public var stages: [StageReport]
    /// Paths of published output files.
    public var outputs: [String]
}

/// Progress events, in the order they happen.
public enum RenderEvent: Sendable {
    /// The render is about to start these stages (topological order).
    case planned([StageInstance])
    /// A stage started running (not emitted for cache hits).
    case started(String)
    /// A running stage's progress, 0...1.
    case progress(String, Double)
    /// A stage reached its final state.
    case finished(StageReport)
}

/// What `explain` and `render --dry-run` say of one stage.
public struct StagePlan: Sendable, Codable {
    /// Whether the stage would run.
    public enum Decision: String, Sendable, Codable {
        /// Served from the cache.
        case cached
        /// Would run.
        case run
    }

    /// The stage instance id.
    public var id: String
    /// The stage kind.
    public var kind: String
    /// The decision.
    public var decision: Decision
    /// Why it would run (changed ingredients and the like).
    public var reasons: [String]
    /// The cache key, when it can be known before running.
    public var key: String?
}

/// Options for a render.
public struct RenderOptions: Sendable {
    /// Stages run at once (default: the number of cores).
    public var jobs: Int
    /// Run every branch that does not depend on a failure.
    public var keepGoing: Bool
    /// Where published outputs go.
    public var outputDirectory: String
    /// Refuse stages that need the network.
    public var offline: Bool
    /// Stage ids (or declared ids of foreach stages) to run again even if cached.
    public var refresh: Set<String>

    /// Creates options.
    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, keepGoing: Bool = false,
                outputDirectory: String = "out", offline: Bool = false, refresh: Set<String> = []) {
        self.jobs = jobs
        self.keepGoing = keepGoing
        self.outputDirectory = outputDirectory
        self.offline = offline
        self.refresh = refresh
    }
}
