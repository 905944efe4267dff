// YTDLPError: failures of YTDLPRunner with stable codes and readable messages; stderr stays in `detail`.
// Knows nothing about how callers report them.

/// A failed yt-dlp download, search or version query.
public struct YTDLPError: ServiceFailure, Equatable {
    /// What went wrong; the raw value is the stable code.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// The video was removed, never existed, or the URL answered 404/410.
        case videoUnavailable = "VIDEO_UNAVAILABLE"
        /// The video is private or members-only.
        case videoPrivate = "VIDEO_PRIVATE"
        /// The video is not available in the server's country.
        case geoBlocked = "GEO_BLOCKED"
        /// The site could not be reached or the connection broke.
        case networkError = "NETWORK_ERROR"
        /// yt-dlp does not know how to read this URL.
        case unsupportedURL = "UNSUPPORTED_URL"
        /// The run took longer than the wall-clock limit and was killed.
        case timeout = "TIMEOUT"
        /// The file is larger than the size limit.
        case tooLarge = "TOO_LARGE"
        /// Any other failure.
        case fetchFailed = "FETCH_FAILED"
        /// A URL, query or option was refused before yt-dlp ran (for example it starts with "-").
        case invalidInput = "INVALID_INPUT"
        /// The URL's host is a non-public address.
        case blockedAddress = "BLOCKED_ADDRESS"
        /// The yt-dlp executable was not found or could not be started.
        case toolMissing = "YTDLP_NOT_FOUND"
    }

    /// What went wrong.
    public var code: Code
    /// A sentence safe to show a client.
    public var message: String
    /// yt-dlp's own error lines or the system error, for logs.
    public var detail: String?
    /// The exit status, when yt-dlp ran.
    public var exitStatus: Int32?

    /// Creates an error.
    public init(_ code: Code, _ message: String, detail: String? = nil, exitStatus: Int32? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
        self.exitStatus = exitStatus
    }

    /// The stable code.
    public var codeString: String { code.rawValue }
}
