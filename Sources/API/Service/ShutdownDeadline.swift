// Bounds graceful shutdown: once the group starts shutting down, a plain thread waits out the deadline
// and then ends the process, abandoning in-flight work. Knows nothing of what the other services do.
import Foundation
import Logging
import ServiceLifecycle

/// A service that ends the process when graceful shutdown takes longer than `timeout`.
///
/// Put it last in the `ServiceGroup`: the group signals services in reverse order, so it hears of shutdown
/// first. The wait runs on its own thread, so CPU-bound work that starves the cooperative pool cannot delay it.
public struct ShutdownDeadline: Service {
    /// How long graceful shutdown may take (default 30 s, `SHUTDOWN_TIMEOUT_SECONDS`).
    public let timeout: Duration
    /// Logs the start of the countdown and its expiry.
    public let logger: Logger
    /// What happens at the deadline (default: exit with status 1 at once).
    public let onExpiry: @Sendable () -> Void

    /// Creates the service.
    public init(timeout: Duration = .seconds(30), logger: Logger, onExpiry: @escaping @Sendable () -> Void = ShutdownDeadline.exitProcess) {
        self.timeout = timeout
        self.logger = logger
        self.onExpiry = onExpiry
    }

    /// Waits for shutdown (graceful or cancellation), then starts the countdown and returns.
    public func run() async throws {
        try? await gracefulShutdown()
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        logger.notice("shutting down; in-flight work is abandoned after the deadline", metadata: ["shutdown.timeout_seconds": "\(seconds)"])
        let logger = self.logger, onExpiry = self.onExpiry
        let thread = Thread {
            Thread.sleep(forTimeInterval: seconds)
            logger.error("graceful shutdown passed its deadline; abandoning in-flight work and exiting",
                         metadata: ["shutdown.timeout_seconds": "\(seconds)"])
            onExpiry()
        }
        thread.name = "shutdown-deadline"
        thread.start()
    }

    /// Ends the process at once with status 1 (no further cleanup: in-flight work is abandoned).
    public static let exitProcess: @Sendable () -> Void = {
        fflush(nil)
        _exit(1)
    }
}
