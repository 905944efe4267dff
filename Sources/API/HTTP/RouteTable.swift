// Registers routes and remembers them, so the OpenAPI test can check that every route the app
// serves is documented.
import HTTPTypes
import Hummingbird

/// The routes an app registered, as (method, path template) pairs.
public final class RouteTable<Context: RequestContext>: @unchecked Sendable {
    /// The router routes are added to.
    public let router: Router<Context>
    /// Every registration so far, in order; paths in OpenAPI form (`{id}` for `:id`).
    public private(set) var routes: [(method: String, path: String)] = []

    /// Wraps a router.
    public init(router: Router<Context>) { self.router = router }

    /// Adds a route.
    public func on(_ method: HTTPRequest.Method, _ path: String,
                   use handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        router.on(RouterPath(path), method: method, use: handler)
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
        routes.append((method.rawValue, openAPIPath))
    }
}
