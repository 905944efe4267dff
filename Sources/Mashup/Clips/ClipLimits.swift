// ClipLimits: the bounds every clip-mix input is checked against (rows, clip length, URL length, schemes).
// Pure configuration; knows nothing about where the clips come from.

/// Limits and defaults for clip mixes.
public struct ClipLimits: Sendable, Equatable, Codable {
    /// Most clips (CSV data rows that are not blank); default 50.
    public var maxRows: Int
    /// Longest clip in seconds; default 600.
    public var maxClipSeconds: Double
    /// Longest URL in bytes; default 2048.
    public var maxURLLength: Int
    /// Largest CSV text in bytes; default 256 KiB.
    public var maxCSVBytes: Int
    /// Clip length used when the end is empty (as the original did); default 30 s.
    public var defaultClipSeconds: Double
    /// URL schemes accepted, lower-case; default http and https.
    public var allowedSchemes: Set<String>

    /// Creates limits; every argument has the default named in its property's doc.
    public init(
        maxRows: Int = 50,
        maxClipSeconds: Double = 600,
        maxURLLength: Int = 2048,
        maxCSVBytes: Int = 256 * 1024,
        defaultClipSeconds: Double = 30,
        allowedSchemes: Set<String> = ["http", "https"]
    ) {
        self.maxRows = maxRows
        self.maxClipSeconds = maxClipSeconds
        self.maxURLLength = maxURLLength
        self.maxCSVBytes = maxCSVBytes
        self.defaultClipSeconds = defaultClipSeconds
        self.allowedSchemes = allowedSchemes
    }
}
