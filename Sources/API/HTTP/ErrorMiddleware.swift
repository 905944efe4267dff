// Turns every error a route throws into the JSON error body: APIError as is, Hummingbird's
// HTTPError by status with a stable code, anything else as a 500 whose text goes only to the log.
import Hummingbird
import Logging

/// The outermost error boundary.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Answers errors as JSON.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Read only on the way out of an error: the lookup is a measurable part of a cheap request.
        var requestId: String? { context.logger[metadataKey: "hb.request.id"]?.description }
        do {
            return try await next(request, context)
        } catch let e as APIError {
            return APIResponse.error(e, requestId: requestId)
        } catch let e as HTTPError {
            let code: String
            let message: String
            switch e.status.code {
            case 404: (code, message) = ("NOT_FOUND", "no such route")
            case 405: (code, message) = ("METHOD_NOT_ALLOWED", "method not allowed")
            case 413: (code, message) = ("BODY_TOO_LARGE", "the request body is too large")
            case 400: (code, message) = ("BAD_REQUEST", "the request is malformed")
            default: (code, message) = (e.status.code >= 500 ? "INTERNAL" : "HTTP_\(e.status.code)", e.status.reasonPhrase)
            }
            if e.status.code >= 500 { context.logger.error("request failed", metadata: ["error": "\(e)"]) }
            return APIResponse.error(APIError(e.status.code, code, message), requestId: requestId)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return APIResponse.error(.internalError, requestId: requestId)
        }
    }
}
