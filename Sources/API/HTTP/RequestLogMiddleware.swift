// One latency sample per request, labelled by route template (not the raw path, so ids do not explode the metric's
// cardinality), and a structured access-log line for the requests worth reading: every error (400 and up) and slow
// request (over 1 s), one in `sample` of the others, and all of them at debug level. Echoes the request id.
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Access log and HTTP metrics.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where latency goes.
    public let metrics: ServiceMetrics
    /// One in this many ordinary requests is logged at info.
    public let sample: Int
    private let counter = SampleCounter()

    /// Creates the middleware; `sample` 1 logs every request.
    public init(metrics: ServiceMetrics, sample: Int = 100) {
        self.metrics = metrics
        self.sample = max(1, sample)
    }

    /// Times the request, records it, and logs it when it is worth a line.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = start.duration(to: .now)
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        if let id = context.logger[metadataKey: "hb.request.id"] { response.headers[.xRequestId] = id.description }
        let status = response.status.code
        let level: Logger.Level
        if status >= 500 {
            level = .error
        } else if status >= 400 || elapsed > .seconds(1) || counter.next() % sample == 0 {
            level = .info
        } else if context.logger.logLevel <= .debug {
            level = .debug
        } else {
            return response
        }
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.log(level: level, "request", metadata: [
            "http.method": "\(request.method.rawValue)", "http.route": "\(route)", "http.status": "\(status)",
            "http.duration_ms": "\(String(format: "%.2f", ms))",
        ])
        return response
    }
}

/// A shared, lock-free request counter for sampling.
final class SampleCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// The next count (wrapping).
    func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue & Int.max }
}
