// The per-request context: Hummingbird's core storage plus the caller's address and the request
// id that every log line of the request carries.
import HTTPTypes
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

    /// The client's rate-limit bucket: the peer, or the right-most untrusted `X-Forwarded-For` hop when the peer is one of
    /// `proxies`; IPv6 addresses by their /64.
    public func clientBucket(_ request: Request, trusting proxies: TrustedProxies) -> String {
        let forwarded = proxies.isEmpty ? [] : request.headers[values: HTTPField.Name("X-Forwarded-For")!]
        return TrustedProxies.bucket(proxies.client(peer: remoteAddress, forwardedFor: forwarded))
    }
}
