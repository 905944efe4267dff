// The small web UI: one page (HTML, CSS and script inline) served at `/`, with a strict content
// security policy. It talks to the same JSON API as every other client.
import HTTPTypes
import Hummingbird
import NIOCore

/// The web UI route.
public struct WebUIRoutes: Sendable {
    /// Creates the route.
    public init() {}

    /// Registers `/`.
    public func register(in table: RouteTable<AppRequestContext>) {
        table.on(.get, "/") { _, _ in
            var headers: HTTPFields = [:]
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.contentSecurityPolicy] = WebUIPage.contentSecurityPolicy
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: WebUIPage.html)))
        }
    }
}
