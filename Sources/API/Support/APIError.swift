// The one error type routes answer with: an HTTP status, a stable machine code and a message
// written for clients. Internal error text never goes in here; it goes to the logs.
import Foundation

/// A client-facing error, answered as `{"error": message, "code", "message", "retry_after_seconds"?, "details"?}`.
public struct APIError: Error, Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// A stable, documented code such as `AUTH_INVALID_CREDENTIALS`.
    public var code: String
    /// A message safe to show to the client.
    public var message: String
    /// Seconds the client should wait (429 and 503 answers carry `Retry-After`).
    public var retryAfterSeconds: Int?
    /// Extra structured detail (for example every manifest error with its line and column).
    public var details: [APIErrorDetail]

    /// Creates an error.
    public init(_ status: Int, _ code: String, _ message: String, retryAfterSeconds: Int? = nil, details: [APIErrorDetail] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
        self.details = details
    }

    /// 400 with `code`.
    public static func badRequest(_ code: String, _ message: String) -> APIError { APIError(400, code, message) }
    /// 401 `AUTH_REQUIRED` or another auth code.
    public static func unauthorized(_ code: String = "AUTH_REQUIRED", _ message: String = "authentication required") -> APIError {
        APIError(401, code, message)
    }
    /// 404 `NOT_FOUND`.
    public static func notFound(_ what: String = "resource") -> APIError { APIError(404, "NOT_FOUND", "\(what) not found") }
    /// 422 with `code`.
    public static func unprocessable(_ code: String, _ message: String, details: [APIErrorDetail] = []) -> APIError {
        APIError(422, code, message, details: details)
    }
    /// 429 `RATE_LIMITED` with a retry delay.
    public static func rateLimited(retryAfter: Int) -> APIError {
        APIError(429, "RATE_LIMITED", "too many requests; retry in \(retryAfter) s", retryAfterSeconds: retryAfter)
    }
    /// 500 `INTERNAL`: the answer for anything unexpected.
    public static let internalError = APIError(500, "INTERNAL", "internal error")
    /// 503 `UNAVAILABLE`.
    public static func unavailable(_ message: String = "the service is temporarily unavailable") -> APIError {
        APIError(503, "UNAVAILABLE", message, retryAfterSeconds: 5)
    }
}

/// One item of an error's detail list.
public struct APIErrorDetail: Sendable, Codable, Equatable {
    /// The field (or manifest path) concerned.
    public var field: String?
    /// What is wrong with it.
    public var message: String
    /// Line in the submitted document, 1-based.
    public var line: Int?
    /// Column in the submitted document, 1-based.
    public var column: Int?

    /// Creates a detail.
    public init(field: String?, message: String, line: Int? = nil, column: Int? = nil) {
        self.field = field
        self.message = message
        self.line = line
        self.column = column
    }
}
