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
        registered.add(method: method.rawValue, path: openAPIPath)
    }

    /// The methods registered for the templates that match `path` (a request path, without its query), in
    /// registration order; empty when no template matches. `{name}` matches one non-empty segment.
    public func allowedMethods(forPath path: String) -> [String] { registered.allowedMethods(forPath: path) }
}

/// The (method, OpenAPI path) registrations of one router, with each template split once into segments for matching.
final class RegisteredRoutes: @unchecked Sendable {
    /// One path segment of a template: literal bytes, or `{name}` (any non-empty segment).
    enum Segment: Equatable {
        case literal([UInt8])
        case parameter
    }

    /// In registration order; written only while the app is built, before it serves.
    private(set) var routes: [(method: String, path: String)] = []
    private var compiled: [(method: String, segments: [Segment])] = []

    /// Records a registration.
    func add(method: String, path: String) {
        routes.append((method, path))
        compiled.append((method, Self.segments(ofTemplate: path)))
    }

    /// See `RouteTable.allowedMethods(forPath:)`. Compares bytes, without building strings.
    func allowedMethods(forPath path: String) -> [String] {
        var path = path
        return path.withUTF8 { bytes in
            let parts = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            var methods: [String] = []
            for route in compiled where route.segments.count == parts.count && !methods.contains(route.method) {
                let matches = zip(route.segments, parts).allSatisfy { template, part in
                    switch template {
                    case .parameter: !part.isEmpty
                    case .literal(let literal): literal.elementsEqual(part)
                    }
                }
                if matches { methods.append(route.method) }
            }
            return methods
        }
    }

    /// A template's segments (`{name}` becomes a parameter).
    static func segments(ofTemplate template: String) -> [Segment] {
        template.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter : .literal(Array(part.utf8))
        }
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
