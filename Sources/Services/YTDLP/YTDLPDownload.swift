// YTDLPDownload: the file a yt-dlp download produced.
// Pure data.

/// A finished yt-dlp download.
public struct YTDLPDownload: Sendable, Equatable {
    /// Absolute path of the final file (after any conversion or merge).
    public var path: String
    /// Its size in bytes.
    public var bytes: Int64
}
