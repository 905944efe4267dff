// The per-request context: Hummingbird's core storage plus the caller's address and the request
// id that every log line of the request carries.
import Hummingbird
import Logging
import NIOCore

/// The request context of every IntelliMix route.
public struct AppRequestContext: RequestContext {
    /// Hummingbird's storage (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address, for rate limits.
    public let remoteAddress: String

    /// Creates the context for a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies are read explicitly with per-route limits; this is the ceiling for anything else.
    public var maxUploadSize: Int { 1024 * 1024 }
}
