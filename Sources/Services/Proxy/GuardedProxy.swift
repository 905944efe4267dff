// GuardedProxy: a local forward proxy (127.0.0.1, ephemeral port) that a child process such as yt-dlp and its
// ffmpeg must use: every connection they ask for is checked by the URLGuard. Knows nothing about yt-dlp.
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A forward proxy that applies the SSRF guard to every connection made through it.
///
/// CONNECT (HTTPS) and absolute-form HTTP requests are accepted. The host is resolved once, every address is
/// checked with the guard's policy, and the connection is made to the checked addresses in the resolver's order
/// (pinned: there is no second lookup for the child to race). So redirects, URLs found by extractors and HLS
/// fragments are all checked. A refused or failed connection is answered 403 or 502 and kept in `failures`, so the caller can
/// report the guard's error instead of the child's. Each forwarded HTTP request goes upstream with
/// `Connection: close` and its answer comes back with it, so a client connection carries one exchange.
public final class GuardedProxy: Sendable {
    /// The port it listens on, at 127.0.0.1.
    public let port: Int
    private let recorded: NIOLockedValueBox<[FetchError]>

    /// `http://127.0.0.1:PORT`, for `--proxy` and the proxy environment variables.
    public var url: String { "http://127.0.0.1:\(port)" }
    /// Every connection the guard refused or that could not be made, in order.
    public var failures: [FetchError] { recorded.withLockedValue { $0 } }

    private init(port: Int, recorded: NIOLockedValueBox<[FetchError]>) {
        self.port = port
        self.recorded = recorded
    }

    /// Runs `body` while a proxy listens; the proxy and every connection through it close when `body` ends.
    /// `connectTimeout` bounds each upstream connect (default 10 s).
    public static func run<Value>(
        guard urlGuard: URLGuard, connectTimeout: Duration = .seconds(10), logger: Logger,
        _ body: (GuardedProxy) async throws -> Value
    ) async throws -> Value {
        let recorded = NIOLockedValueBox<[FetchError]>([])
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        guard let port = server.channel.localAddress?.port else {
            try? await server.channel.close()
            throw FetchError(.networkError, "The download proxy could not start.", detail: "no local port")
        }
        let proxy = GuardedProxy(port: port, recorded: recorded)
        let connection = ProxyConnection(
            urlGuard: urlGuard, connectTimeout: connectTimeout, logger: logger,
            record: { error in recorded.withLockedValue { $0.append(error) } })
        logger.debug("guarded proxy listening", metadata: ["proxy.port": "\(port)"])
        return try await withThrowingTaskGroup(of: Void.self, returning: Value.self) { group in
            group.addTask {
                try await server.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { connections in
                        for try await client in inbound {
                            connections.addTask { await connection.serve(client) }
                        }
                    }
                }
            }
            defer {
                group.cancelAll()
                server.channel.close(promise: nil)
            }
            return try await body(proxy)
        }
    }
}
