// LyricsError: LRCLIB failures with stable codes. "No lyrics" is not an error (the client returns nil).
// Knows nothing about how callers report them.

/// A failed LRCLIB request.
public struct LyricsError: ServiceFailure, Equatable {
    /// What went wrong; the raw value is the stable code.
    public enum Code: String, Sendable, Equatable {
        /// LRCLIB did not answer in time.
        case timeout = "LYRICS_TIMEOUT"
        /// LRCLIB could not be reached, or answered 429 or 5xx.
        case unavailable = "LYRICS_UNAVAILABLE"
        /// LRCLIB refused the request (a 4xx other than 404).
        case upstreamError = "LYRICS_UPSTREAM_ERROR"
        /// The answer was not the JSON LRCLIB documents.
        case invalidResponse = "LYRICS_INVALID_RESPONSE"
    }

    /// What went wrong.
    public var code: Code
    /// A sentence safe to show a client.
    public var message: String
    /// Status and transport detail for logs.
    public var detail: String?
    /// The HTTP status, when LRCLIB answered.
    public var httpStatus: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, detail: String? = nil, httpStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
        self.httpStatus = httpStatus
    }

    /// The stable code.
    public var codeString: String { code.rawValue }
}
