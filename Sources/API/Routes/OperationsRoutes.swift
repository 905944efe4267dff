// Health (checks the database), Prometheus metrics (optionally behind a bearer token or on their own
// listener), and the OpenAPI document.
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
        // With METRICS_PORT set, /metrics is served only by the metrics listener (APIListeners).
        if s.config.metricsPort == nil { Self.registerMetrics(in: table, services: s) }
        table.on(.get, "/api/v1/openapi.yaml") { _, _ in
            var headers: HTTPFields = [:]
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }

    /// Registers `GET /metrics`; with `METRICS_TOKEN` set it answers only `Authorization: Bearer <token>` (401
    /// `METRICS_TOKEN_INVALID` otherwise).
    public static func registerMetrics(in table: RouteTable<AppRequestContext>, services s: APIServices) {
        let token = s.config.metricsToken.map { Array("Bearer \($0)".utf8) }
        table.on(.get, "/metrics") { request, _ in
            if let token, !Self.constantTimeEqual(Array((request.headers[.authorization] ?? "").utf8), token) {
                throw APIError.unauthorized("METRICS_TOKEN_INVALID", "the metrics need the configured bearer token")
            }
            if let stats = try? await s.store.queueStats(now: Date()) { s.metrics.queue(stats) }
            var headers: HTTPFields = [:]
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: s.metrics.render())))
        }
    }

    /// Compares two byte strings in time that depends only on their lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
