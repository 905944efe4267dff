// One structured log line and one latency sample per request, labelled by route template (not the
// raw path, so ids do not explode the metric's cardinality). Echoes the request id to the client.
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Access log and HTTP metrics.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where latency goes.
    public let metrics: ServiceMetrics

    /// Creates the middleware.
    public init(metrics: ServiceMetrics) { self.metrics = metrics }

    /// Times the request and logs its outcome.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = start.duration(to: .now)
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        if let id = context.logger[metadataKey: "hb.request.id"] { response.headers[HTTPField.Name("X-Request-Id")!] = id.description }
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let level: Logger.Level = response.status.code >= 500 ? .error : .info
        context.logger.log(level: level, "request", metadata: [
            "http.method": "\(request.method.rawValue)", "http.route": "\(route)", "http.status": "\(response.status.code)",
            "http.duration_ms": "\(String(format: "%.2f", ms))",
        ])
        return response
    }
}
