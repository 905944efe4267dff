// Gives every request its own SigningFamily slot, and keeps it for a streamed body written after the handler returns
// (the job events stream signs file URLs while it runs). Holds no auth logic itself.
import Hummingbird

/// Binds a fresh `SigningFamily` to each request.
public struct SigningFamilyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Runs the rest of the chain with a fresh slot; a streamed body (no content length) of an authenticated request is
    /// written with the same slot.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let slot = SigningFamily()
        var response = try await SigningFamily.$current.withValue(slot) { try await next(request, context) }
        guard slot.familyId != nil, response.body.contentLength == nil else { return response }
        let body = response.body
        response.body = ResponseBody { writer in
            try await SigningFamily.$current.withValue(slot) { try await body.write(writer) }
        }
        return response
    }
}
