// A stage output as the cache records it: digest, size and kind.
// Knows nothing of where the bytes are stored.

/// What an artifact's bytes are.
public enum ArtifactKind: String, Sendable, Codable, Hashable {
    /// 32-bit float PCM WAV in the working format.
    case audio
    /// A media file as fetched or given (any container FFmpeg reads).
    case media
    /// An encoded, published file.
    case encoded
    /// JSON data (plans, lyrics, reports).
    case json
}

/// One stored output.
public struct Artifact: Sendable, Codable, Hashable {
    /// The content digest.
    public var digest: Digest
    /// Size in bytes.
    public var size: Int64
    /// What the bytes are.
    public var kind: ArtifactKind

    /// Creates an artifact record.
    public init(digest: Digest, size: Int64, kind: ArtifactKind) {
        self.digest = digest
        self.size = size
        self.kind = kind
    }
}
