// Security headers on every answer (as the original sent), and CORS for the configured front-end
// origin only.
import HTTPTypes
import Hummingbird

/// nosniff, frame deny, referrer policy, a strict CSP for API answers, and CORS.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The one origin allowed to call the API from a browser, if any.
    public let allowedOrigin: String?

    /// Creates the middleware.
    public init(allowedOrigin: String?) { self.allowedOrigin = allowedOrigin }

    /// Adds the headers; answers CORS preflights.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origin = request.headers[.origin]
        let corsAllowed = origin != nil && origin == allowedOrigin
        var response: Response
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            response = Response(status: corsAllowed ? .noContent : .forbidden)
            if corsAllowed {
                response.headers[.accessControlAllowMethods] = "GET, POST, DELETE, OPTIONS"
                response.headers[.accessControlAllowHeaders] = "Authorization, Content-Type, Prefer"
                response.headers[.accessControlMaxAge] = "600"
            }
        } else {
            response = try await next(request, context)
        }
        if corsAllowed, let origin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.vary] = "Origin"
            response.headers[.accessControlExposeHeaders] = "Retry-After, Location, Content-Range, Preference-Applied"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        return response
    }
}

extension HTTPField.Name {
    /// `X-Frame-Options`, parsed once.
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    /// `Referrer-Policy`, parsed once.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// `X-Request-Id`, parsed once.
    static let xRequestId = HTTPField.Name("X-Request-Id")!
}
