// Registers routes and remembers them, so the OpenAPI test can check that every route the app serves is
// documented, and so a request with an undeclared method on a known path is answered 405 with `Allow`.
import HTTPTypes
import Hummingbird

/// The routes an app registered, as (method, path template) pairs.
public final class RouteTable<Context: RequestContext>: @unchecked Sendable {
    /// The router routes are added to.
    public let router: Router<Context>
    /// Every registration so far, in order; paths in OpenAPI form (`{id}` for `:id`).
    public var routes: [(method: String, path: String)] { registered.routes }
    /// The registrations, shared with the 405 middleware (which must not hold the table: the app keeps only the router).
    private let registered = RegisteredRoutes()

    /// Wraps a router, and adds to it (innermost, after the middleware already added) the middleware that
    /// answers 405 `METHOD_NOT_ALLOWED` with `Allow` when a path matches a registered template but the method
    /// doesn't. Routes are all registered before the app serves, so the middleware reads a settled table.
    public init(router: Router<Context>) {
        self.router = router
        router.add(middleware: MethodNotAllowedMiddleware<Context>(registered: registered))
    }

    /// Adds a route.
    public func on(_ method: HTTPRequest.Method, _ path: String,
                   use handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        router.on(RouterPath(path), method: method, use: handler)
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
        registered.routes.append((method.rawValue, openAPIPath))
    }

    /// The methods registered for the templates that match `path` (a request path, without its query), in
    /// registration order; empty when no template matches. `{name}` matches one non-empty segment.
    public func allowedMethods(forPath path: String) -> [String] { registered.allowedMethods(forPath: path) }
}

/// The (method, OpenAPI path) registrations of one router.
final class RegisteredRoutes: @unchecked Sendable {
    /// In registration order; written only while the app is built, before it serves.
    var routes: [(method: String, path: String)] = []

    /// See `RouteTable.allowedMethods(forPath:)`.
    func allowedMethods(forPath path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var methods: [String] = []
        for route in routes where !methods.contains(route.method) {
            let template = route.path.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count else { continue }
            let matches = zip(template, segments).allSatisfy { t, s in
                t.hasPrefix("{") && t.hasSuffix("}") ? !s.isEmpty : t == s
            }
            if matches { methods.append(route.method) }
        }
        return methods
    }
}

/// Answers 405 `METHOD_NOT_ALLOWED` with `Allow` for a request the router found no route for, when its path
/// matches a registered template under another method; every other request passes through.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The router's registrations.
    let registered: RegisteredRoutes

    /// Answers 405 or passes on.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The router sets the endpoint path before calling a matched route's middleware chain; it is nil only
        // on the way to the not-found responder.
        guard context.endpointPath == nil else { return try await next(request, context) }
        let allowed = registered.allowedMethods(forPath: request.uri.path)
        guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { return try await next(request, context) }
        var response = APIResponse.error(APIError(405, "METHOD_NOT_ALLOWED", "\(request.method.rawValue) is not allowed here"),
                                         requestId: context.logger[metadataKey: "hb.request.id"]?.description)
        response.headers[.allow] = allowed.joined(separator: ", ")
        return response
    }
}
