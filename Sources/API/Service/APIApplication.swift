// Builds the Hummingbird application: middleware (errors, security headers, CORS, logs and metrics)
// and every route group, recording the route table for the OpenAPI check.
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP application.
public enum APIApplication {
    /// The router with every route, and the table of what was registered.
    public static func router(_ services: APIServices) -> (Router<AppRequestContext>, RouteTable<AppRequestContext>) {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: services.metrics, sample: services.config.requestLogSample))
        router.add(middleware: SecurityHeadersMiddleware(allowedOrigin: services.config.frontendOrigin))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: SigningFamilyMiddleware())
        let table = RouteTable(router: router)
        OperationsRoutes(services: services).register(in: table)
        AuthRoutes(services: services).register(in: table)
        LegacyJobRoutes(services: services).register(in: table)
        JobRoutes(services: services).register(in: table)
        HistoryRoutes(services: services).register(in: table)
        UploadRoutes(services: services).register(in: table)
        FileRoutes(services: services).register(in: table)
        WebUIRoutes(assets: WebAssets(liveDirectory: services.config.variables["INTELLIMIX_WEB_DIR"].flatMap { $0.isEmpty ? nil : $0 }))
            .register(in: table)
        return (router, table)
    }

    /// The application listening on the configured address, plus the metrics listener when `METRICS_PORT` is set.
    public static func make(_ services: APIServices, port: Int? = nil) -> some Service {
        let (router, _) = Self.router(services)
        let api = Application(
            router: router,
            configuration: .init(address: .hostname(services.config.host, port: port ?? services.config.port), serverName: "IntelliMix"),
            logger: services.logger)
        let metrics = services.config.metricsPort.map { metricsPort in
            Application(router: metricsRouter(services),
                        configuration: .init(address: .hostname(services.config.metricsHost, port: metricsPort), serverName: "IntelliMix"),
                        logger: services.logger)
        }
        return APIListeners(api: api, metrics: metrics)
    }

    /// The router of the separate metrics listener: `GET /metrics` only.
    public static func metricsRouter(_ services: APIServices) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        OperationsRoutes.registerMetrics(in: RouteTable(router: router), services: services)
        return router
    }
}
