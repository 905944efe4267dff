// The HTTP listeners of `intellimix serve`: the API on its port and, when METRICS_PORT is set, a second
// listener that serves only /metrics (on METRICS_HOST, loopback by default). Knows no routes itself.
import Hummingbird
import ServiceLifecycle

/// The API listener plus the optional metrics listener, run and shut down together as one service.
public struct APIListeners<API: ApplicationProtocol, Metrics: ApplicationProtocol>: Service {
    /// The API application.
    public let api: API
    /// The metrics application, when `/metrics` has its own port.
    public let metrics: Metrics?

    /// Creates the listeners.
    public init(api: API, metrics: Metrics?) {
        self.api = api
        self.metrics = metrics
    }

    /// Runs both until graceful shutdown (which reaches both, as child tasks) or until one stops.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await api.run() }
            if let metrics { group.addTask { try await metrics.run() } }
            try await group.next()
            group.cancelAll()
            try await group.waitForAll()
        }
    }
}
