// What the action cache stores for one key: the outputs, metadata and the key's explanation.
// Pure data.
import Foundation

/// The cached result of running one stage with one key.
public struct ActionEntry: Sendable, Codable {
    /// The cache key.
    public var key: Digest
    /// The stage kind.
    public var kind: String
    /// The stage id that produced it (informational; keys do not depend on ids).
    public var stageId: String
    /// Outputs by name.
    public var outputs: [String: Artifact]
    /// The stage's metadata.
    public var metadata: [String: Value]
    /// What the stage asked to publish.
    public var publish: PublishRequest?
    /// The readable key ingredients.
    public var ingredients: IngredientRecord
    /// When it was produced.
    public var created: Date
    /// How long the stage took to run, in seconds.
    public var seconds: Double
    /// The stage's warnings for people, repeated whenever the entry is used; nil when none.
    public var warnings: [String]?
    /// When the entry stops counting as a hit (see `isExpired(at:)`); nil: never.
    public var expires: Date?

    /// Creates an entry.
    public init(key: Digest, kind: String, stageId: String, outputs: [String: Artifact], metadata: [String: Value],
                publish: PublishRequest?, ingredients: IngredientRecord, created: Date, seconds: Double,
                warnings: [String]? = nil, expires: Date? = nil) {
        self.key = key
        self.kind = kind
        self.stageId = stageId
        self.outputs = outputs
        self.metadata = metadata
        self.publish = publish
        self.ingredients = ingredients
        self.created = created
        self.seconds = seconds
        self.warnings = warnings
        self.expires = expires
    }

    /// True once `expires` has passed: a render then runs the stage again unless it is `--offline`.
    public func isExpired(at now: Date = Date()) -> Bool {
        expires.map { $0 <= now } ?? false
    }
}

/// What `explain` compares against: the ingredients of a stage id's last render.
public struct StageHistoryRecord: Sendable, Codable {
    /// The key used then.
    public var key: Digest
    /// Its ingredients.
    public var ingredients: IngredientRecord
    /// When.
    public var at: Date
}

/// The keys and blobs one render used; GC keeps what the latest render of each manifest references.
public struct RenderRecord: Sendable, Codable {
    /// The manifest's name.
    public var manifest: String
    /// When the render finished.
    public var at: Date
    /// Action keys used.
    public var keys: [Digest]
    /// Blobs referenced.
    public var blobs: [Digest]
}
