// FetchError: failures of SafeHTTPFetcher and its URL guard, with stable codes and client-safe messages.
// Knows nothing about how callers report them (HTTP status, job record).

/// A failed or refused direct download.
public struct FetchError: ServiceFailure, Equatable {
    /// What went wrong; the raw value is the stable code.
    public enum Code: String, Sendable, Equatable {
        /// Not an absolute http(s) URL, or it carries a user name or password.
        case invalidURL = "INVALID_URL"
        /// The host is (or resolves to) a loopback, private, link-local or otherwise non-public address.
        case blockedAddress = "BLOCKED_ADDRESS"
        /// More redirects than allowed.
        case tooManyRedirects = "TOO_MANY_REDIRECTS"
        /// The body is larger than the size limit.
        case tooLarge = "TOO_LARGE"
        /// The server did not answer in time.
        case timeout = "TIMEOUT"
        /// The host could not be resolved or reached, or the connection broke.
        case networkError = "NETWORK_ERROR"
        /// The server answered 404 or 410.
        case notFound = "NOT_FOUND"
        /// The server answered another non-success status.
        case httpStatus = "HTTP_STATUS"
        /// The file could not be written.
        case ioError = "IO_ERROR"
    }

    /// What went wrong.
    public var code: Code
    /// A sentence safe to show a client.
    public var message: String
    /// Detail for logs (addresses, statuses, system errors).
    public var detail: String?
    /// The HTTP status, for `.notFound` and `.httpStatus`.
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
