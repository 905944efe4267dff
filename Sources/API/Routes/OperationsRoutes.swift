// Health (checks the database), Prometheus metrics, and the OpenAPI document.
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Operational routes.
public struct OperationsRoutes: Sendable {
    /// Shared services.
    public let services: APIServices

    /// Creates the routes.
    public init(services: APIServices) { self.services = services }

    /// Registers the routes.
    public func register(in table: RouteTable<AppRequestContext>) {
        let s = services
        table.on(.get, "/api/v1/health") { _, _ in
            do {
                try await s.store.ping()
                return APIResponse.json(["status": "ok", "database": "ok"])
            } catch {
                s.logger.error("health check: database unreachable", metadata: ["error": "\(error)"])
                return APIResponse.json(["status": "degraded", "database": "unreachable"], status: .serviceUnavailable)
            }
        }
        table.on(.get, "/metrics") { _, _ in
            if let stats = try? await s.store.queueStats(now: Date()) { s.metrics.queue(stats) }
            var headers: HTTPFields = [:]
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: s.metrics.render())))
        }
        table.on(.get, "/api/v1/openapi.yaml") { _, _ in
            var headers: HTTPFields = [:]
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }
}
