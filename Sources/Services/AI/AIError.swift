// AIError: failures of the LLM and transcription clients, with the original's stable codes plus
// AI_INVALID_RESPONSE and AI_UPLOAD_TOO_LARGE. Upstream bodies stay in `detail`, never in `message`.

/// A failed AI request.
///
/// `AI_INVALID_RESPONSE` covers every reply that arrived but cannot be used: no candidates or choices, a
/// safety/recitation block or refusal, empty text, or text that is not valid JSON (including JSON cut off by
/// the token limit). It is not retried by the client: the caller decides whether to ask again.
public struct AIError: ServiceFailure, Equatable {
    /// What went wrong; the raw value is the stable code.
    public enum Code: String, Sendable, Equatable, CaseIterable {
        /// No API key is configured; no request was sent.
        case keyMissing = "AI_KEY_MISSING"
        /// The service answered 429 on every attempt (see `retryAfterSeconds`).
        case rateLimited = "AI_RATE_LIMITED"
        /// The model name is unknown to the service (404).
        case modelNotFound = "AI_MODEL_NOT_FOUND"
        /// 500/502/503/504, timeouts or connection failures on every attempt.
        case temporarilyUnavailable = "AI_TEMPORARILY_UNAVAILABLE"
        /// Any other refusal (400, 401, 403, …); not retried.
        case upstreamError = "AI_UPSTREAM_ERROR"
        /// The reply cannot be used (empty, blocked, refused, or not JSON).
        case invalidResponse = "AI_INVALID_RESPONSE"
        /// The file to upload is larger than the limit; no request was sent.
        case uploadTooLarge = "AI_UPLOAD_TOO_LARGE"
    }

    /// What went wrong.
    public var code: Code
    /// A sentence safe to show a client.
    public var message: String
    /// Upstream status, error status and message, for logs.
    public var detail: String?
    /// Seconds the service asked us to wait (429 `RetryInfo.retryDelay` or `Retry-After`), when known.
    public var retryAfterSeconds: Double?
    /// The last HTTP status, when the service answered.
    public var httpStatus: Int?
    /// How many requests were sent (0 when none was).
    public var attempts: Int

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, detail: String? = nil, retryAfterSeconds: Double? = nil, httpStatus: Int? = nil,
        attempts: Int = 0
    ) {
        self.code = code
        self.message = message
        self.detail = detail
        self.retryAfterSeconds = retryAfterSeconds
        self.httpStatus = httpStatus
        self.attempts = attempts
    }

    /// The stable code.
    public var codeString: String { code.rawValue }
}
