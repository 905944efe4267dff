// Periodic housekeeping: purges expired and long-revoked tokens so the revocation tables stay small.
import Foundation
import Logging
import ServiceLifecycle

/// Purges tokens every `interval`.
public struct MaintenanceService: Service {
    /// The store.
    public let store: any AppStore
    /// How often to purge.
    public let interval: Duration
    /// Logs.
    public let logger: Logger

    /// Creates the service.
    public init(store: any AppStore, interval: Duration = .seconds(600), logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    /// Purges until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let now = Date()
                    let n = try await store.purgeTokens(now: now, revokedBefore: now.addingTimeInterval(-86_400))
                    if n > 0 { logger.info("purged tokens", metadata: ["count": "\(n)"]) }
                } catch {
                    logger.warning("token purge failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
