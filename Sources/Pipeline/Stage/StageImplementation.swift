// The contract between the runner and a stage kind: declare settings, name key ingredients, run.
// A stage knows nothing of the graph, the scheduler or the cache layout.
import Foundation
import Logging

/// A stage kind's implementation, registered with the runner.
public protocol StageImplementation: Sendable {
    /// The kind's declaration: settings, outputs, static checks.
    var spec: StageSpec { get }
    /// The implementation's version; bump it whenever the same inputs would give different output.
    var version: Int { get }
    /// Versions of the tools the output depends on (for example the FFmpeg libraries).
    var toolVersions: [String: String] { get }
    /// Ingredients from outside the manifest that decide the output, such as a source file's digest.
    func externalIngredients(_ context: StageKeyContext) async throws -> [Ingredient]
    /// Produces the stage's outputs from its resolved settings and inputs.
    func run(_ context: StageContext) async throws -> StageResult
}

extension StageImplementation {
    /// No external ingredients by default.
    public func externalIngredients(_ context: StageKeyContext) async throws -> [Ingredient] { [] }
    /// No tools by default.
    public var toolVersions: [String: String] { [:] }
}

/// What a stage may look at when naming its external key ingredients.
public struct StageKeyContext: Sendable {
    /// The stage instance.
    public var stage: StageInstance
    /// The manifest's folder, against which relative paths resolve.
    public var manifestDirectory: String
    /// Digests of local files, remembered by size and modification time.
    public var fileDigests: FileDigestCache
    /// Whether the render forbids network access.
    public var offline: Bool
}

/// A named input artifact as a stage sees it.
public struct StageInput: Sendable {
    /// The binding that produced it.
    public var binding: InputBinding
    /// The artifact's digest, size and kind.
    public var artifact: Artifact
    /// A readable path to the verified bytes (in the blob store).
    public var path: String
    /// The producing stage's metadata.
    public var metadata: [String: Value]
}

/// Everything a running stage gets.
public struct StageContext: Sendable {
    /// The stage instance (id, kind, settings).
    public var stage: StageInstance
    /// Inputs in binding order.
    public var inputs: [StageInput]
    /// The working audio format for intermediate audio.
    public var audio: AudioFormat
    /// The manifest's name.
    public var manifestName: String
    /// The manifest's folder.
    public var manifestDirectory: String
    /// A private empty folder for the stage's output files.
    public var workDirectory: String
    /// The default file name (without extension) for a published output.
    public var publishBaseName: String
    /// Whether the render forbids network access.
    public var offline: Bool
    /// Logger carrying `stage.id`.
    public var logger: Logger
    /// Reports progress from 0 to 1.
    public var progress: @Sendable (Double) -> Void
    /// Set when the render is cancelled; long stages check it between chunks (default: a flag nobody sets).
    public var cancellation = StageCancellation()

    /// Progress reporting that is also a cancellation point: it throws `CANCELLED` once the stage is asked to stop.
    /// Hand it to chunk loops that accept a throwing progress callback.
    public var cancellableProgress: @Sendable (Double) throws -> Void {
        let cancellation = cancellation
        let progress = progress
        return { fraction in
            try cancellation.check()
            progress(fraction)
        }
    }

    /// The settings.
    public var settings: [String: Value] { stage.settings }

    /// The inputs bound to one reference field, in order.
    public func inputs(_ field: String) -> [StageInput] {
        inputs.filter { $0.binding.field == field }.sorted { $0.binding.position < $1.binding.position }
    }

    /// The single input bound to a reference field.
    public func input(_ field: String) throws -> StageInput {
        guard let first = inputs(field).first else { throw StageFailure(code: .internal, message: "no input bound to '\(field)'") }
        return first
    }

    /// A path inside the work directory.
    public func workPath(_ name: String) -> String { (workDirectory as NSString).appendingPathComponent(name) }
}

/// The working audio format for intermediate audio.
public struct AudioFormat: Sendable, Hashable, Codable {
    /// Samples per second (default 44100).
    public var sampleRate: Int
    /// Channel count (default 2).
    public var channels: Int

    /// Creates a format.
    public init(sampleRate: Int = 44100, channels: Int = 2) {
        self.sampleRate = sampleRate
        self.channels = channels
    }
}

/// A file a stage produced in its work directory.
public struct ProducedFile: Sendable {
    /// The file's path (inside the work directory).
    public var path: String
    /// What the bytes are.
    public var kind: ArtifactKind
    /// The file's digest and size when the stage computed them while writing it (the cache then does not read it back).
    public var known: (digest: Digest, size: Int64)?

    /// Creates a produced file.
    public init(path: String, kind: ArtifactKind, known: (digest: Digest, size: Int64)? = nil) {
        self.path = path
        self.kind = kind
        self.known = known
    }
}

/// A request to copy an output to the user's output folder.
public struct PublishRequest: Sendable, Codable, Hashable {
    /// The output name to publish.
    public var output: String
    /// The file name in the output folder.
    public var fileName: String

    /// Creates a publish request.
    public init(output: String, fileName: String) {
        self.output = output
        self.fileName = fileName
    }
}

/// A stage's result: output files, metadata, and what to publish.
public struct StageResult: Sendable {
    /// Output files by output name.
    public var outputs: [String: ProducedFile]
    /// Facts about the result (durations, measured loudness, ...), kept in the cache.
    public var metadata: [String: Value]
    /// An output to copy to the output folder.
    public var publish: PublishRequest?
    /// What a person should know about the result (a lookup that found nothing, say), shown in the render
    /// summary and `--json`, also when the result later comes from the cache; default none.
    public var warnings: [String]
    /// Seconds the cached result stays good; after that a render runs the stage again (an `--offline` render
    /// still uses it, and `explain` says it expired). Default nil: good for ever.
    public var validFor: Double?

    /// Creates a result.
    public init(outputs: [String: ProducedFile], metadata: [String: Value] = [:], publish: PublishRequest? = nil,
                warnings: [String] = [], validFor: Double? = nil) {
        self.outputs = outputs
        self.metadata = metadata
        self.publish = publish
        self.warnings = warnings
        self.validFor = validFor
    }
}

/// A stage failure with a stable code and a message for people.
public struct StageFailure: Error, Sendable, CustomStringConvertible {
    /// Stable failure codes.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The code text.
        public var rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code text.
        public var description: String { rawValue }
        /// Bad or unreadable input audio.
        public static let badAudio = Code(rawValue: "BAD_AUDIO")
        /// A file the manifest names is missing or unreadable.
        public static let fileNotFound = Code(rawValue: "FILE_NOT_FOUND")
        /// Settings that only turn out wrong at run time (for example an end past the source).
        public static let invalidSettings = Code(rawValue: "INVALID_SETTINGS")
        /// Encoding failed.
        public static let encodeFailed = Code(rawValue: "ENCODE_FAILED")
        /// The stage needs the network but the render is offline.
        public static let offline = Code(rawValue: "OFFLINE")
        /// A bug or an unexpected condition.
        public static let `internal` = Code(rawValue: "INTERNAL")
        /// An input or output could not be stored.
        public static let storage = Code(rawValue: "STORAGE")
        /// The render was cancelled: before the stage started, or while it ran (it stopped between chunks).
        public static let cancelled = Code(rawValue: "CANCELLED")
    }

    /// The stable code.
    public var code: Code
    /// The message for people.
    public var message: String
    /// When an upstream service asked to be retried later (rate limits), after how many seconds.
    public var retryAfterSeconds: Double?

    /// Creates a failure.
    public init(code: Code, message: String, retryAfterSeconds: Double? = nil) {
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The message.
    public var description: String { message }
}

/// An error from outside the pipeline (a network client, say) that knows its stage failure: the runner reports its
/// code and safe message instead of the raw error text.
public protocol StageFailureConvertible: Error {
    /// The failure to report.
    var stageFailure: StageFailure { get }
}
