// TransportRequest: one buffered request to a configured service (an LLM API, LRCLIB).
// Pure data.
import Foundation
import NIOHTTP1

/// A request with a fully buffered body and its own time limit.
public struct TransportRequest: Sendable {
    /// `GET` or `POST` (any method name).
    public var method: HTTPMethod
    /// The absolute URL.
    public var url: String
    /// Request headers.
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: Data?
    /// The time limit for the whole exchange, including the response body.
    public var timeout: Duration

    /// Creates a request.
    public init(method: HTTPMethod = .GET, url: String, headers: HTTPHeaders = [:], body: Data? = nil, timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
