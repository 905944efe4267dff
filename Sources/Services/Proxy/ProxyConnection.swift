// ProxyConnection: serves one client connection of the GuardedProxy: reads the request head, checks the
// target with the URLGuard, connects to the checked address and relays bytes. Knows nothing about yt-dlp.
import Foundation
import Logging
import NIOCore
import NIOPosix

/// One client connection's handling: CONNECT tunnels and absolute-form HTTP forwarding.
struct ProxyConnection: Sendable {
    /// The guard every target passes.
    let urlGuard: URLGuard
    /// The limit for each upstream connect.
    let connectTimeout: Duration
    /// Where connection decisions are logged (debug).
    let logger: Logger
    /// Records a refused or failed connection.
    let record: @Sendable (FetchError) -> Void

    typealias Stream = NIOAsyncChannel<ByteBuffer, ByteBuffer>
    typealias Inbound = NIOAsyncChannelInboundStream<ByteBuffer>
    typealias Outbound = NIOAsyncChannelOutboundWriter<ByteBuffer>

    /// Serves `client` to its end; never throws (a broken connection just closes).
    func serve(_ client: Stream) async {
        try? await client.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            var buffered = ByteBuffer()
            guard let (head, rest) = try await Self.readHead(&iterator, into: &buffered),
                let request = ProxyHead.parse(head), request.startLine.count == 3
            else {
                try await outbound.write(Self.answer(400, "Bad Request", "the proxy could not read the request"))
                return
            }
            let method = request.startLine[0].uppercased(), target = request.startLine[1]
            if method == "CONNECT" {
                try await tunnel(to: target, leftover: rest, clientIterator: &iterator, clientOut: outbound)
            } else if let (authority, origin) = ProxyHead.splitAbsolute(target) {
                var forwarded = request.closingConnection()
                forwarded.startLine = [request.startLine[0], origin, "HTTP/1.1"]
                if forwarded.value("host") == nil { forwarded.fields.insert(("Host", authority), at: 0) }
                try await forward(
                    to: "http://\(authority)/", head: forwarded, leftover: rest, clientIterator: &iterator, clientOut: outbound)
            } else {
                try await outbound.write(Self.answer(400, "Bad Request", "only CONNECT and absolute http:// requests are proxied"))
            }
        }
    }

    /// CONNECT host:port: checks, connects, answers 200 and relays both ways.
    private func tunnel(
        to authority: String, leftover: ByteBuffer, clientIterator: inout Inbound.AsyncIterator,
        clientOut: Outbound
    ) async throws {
        guard let upstream = try await open("https://\(authority)/", clientOut: clientOut) else { return }
        try await upstream.executeThenClose { upIn, upOut in
            try await clientOut.write(ByteBuffer(string: "HTTP/1.1 200 Connection Established\r\n\r\n"))
            if leftover.readableBytes > 0 { try await upOut.write(leftover) }
            try await Self.relay(clientIterator: &clientIterator, clientOut: clientOut, upIn: upIn, upOut: upOut, responseHead: false)
        }
    }

    /// Absolute-form http://: checks, connects, sends the request in origin form and relays the exchange.
    private func forward(
        to url: String, head: ProxyHead, leftover: ByteBuffer, clientIterator: inout Inbound.AsyncIterator,
        clientOut: Outbound
    ) async throws {
        guard let upstream = try await open(url, clientOut: clientOut) else { return }
        try await upstream.executeThenClose { upIn, upOut in
            var first = ByteBuffer(string: head.serialized)
            var rest = leftover
            first.writeBuffer(&rest)
            try await upOut.write(first)
            try await Self.relay(clientIterator: &clientIterator, clientOut: clientOut, upIn: upIn, upOut: upOut, responseHead: true)
        }
    }

    /// Checks `url`'s host and connects to its checked addresses in order; on refusal or failure answers the
    /// client, records the error and returns nil.
    private func open(_ url: String, clientOut: Outbound) async throws -> Stream? {
        let target: GuardedTarget
        do {
            target = try await urlGuard.check(url)
        } catch let error as FetchError {
            record(error)
            logger.debug("guarded proxy refused", metadata: ["proxy.url": "\(url)", "error.code": "\(error.code.rawValue)"])
            let status = error.code == .blockedAddress || error.code == .invalidURL ? (403, "Forbidden") : (502, "Bad Gateway")
            try await clientOut.write(Self.answer(status.0, status.1, "\(error.code.rawValue): \(error.message)"))
            return nil
        }
        // Every address was checked; they are tried in the resolver's order (at most four), never looked up again.
        var lastError: any Error = ChannelError.connectTimeout(connectTimeout.timeAmount)
        for checked in target.addresses.prefix(4) {
            do {
                let address = try SocketAddress(ipAddress: checked.description, port: target.port)
                return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(connectTimeout.timeAmount)
                    .channelOption(.allowRemoteHalfClosure, value: true)
                    .connect(to: address) { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try Stream(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                        }
                    }
            } catch {
                lastError = error
                try Task.checkCancellation()
            }
        }
        let failure = FetchError(
            .networkError, "The site could not be reached.",
            detail: "connect \(target.host) -> \(target.addresses.prefix(4).map(\.description).joined(separator: ", ")) port \(target.port): \(lastError)")
        record(failure)
        try await clientOut.write(Self.answer(502, "Bad Gateway", "NETWORK_ERROR: \(failure.message)"))
        return nil
    }

    /// Copies upstream to client on a child task and client to upstream here; each side's end half-closes the
    /// other. With `responseHead`, the upstream's first head is rewritten to `Connection: close`.
    private static func relay(
        clientIterator: inout Inbound.AsyncIterator, clientOut: Outbound,
        upIn: Inbound, upOut: Outbound, responseHead: Bool
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var iterator = upIn.makeAsyncIterator()
                if responseHead {
                    var buffered = ByteBuffer()
                    guard let (text, rest) = try await readHead(&iterator, into: &buffered), let head = ProxyHead.parse(text) else {
                        try await clientOut.write(answer(502, "Bad Gateway", "the site's answer could not be read"))
                        clientOut.finish()
                        return
                    }
                    var first = ByteBuffer(string: head.closingConnection().serialized)
                    var remainder = rest
                    first.writeBuffer(&remainder)
                    try await clientOut.write(first)
                }
                while let buffer = try await iterator.next() { try await clientOut.write(buffer) }
                clientOut.finish()
            }
            do {
                while let buffer = try await clientIterator.next() { try await upOut.write(buffer) }
                upOut.finish()
            } catch {
                group.cancelAll()
                throw error
            }
            try await group.waitForAll()
        }
    }

    /// Reads until the blank line that ends a head; returns the head's text and the bytes after it, or nil when
    /// the stream ends first or the head is too long.
    private static func readHead(
        _ iterator: inout Inbound.AsyncIterator, into buffer: inout ByteBuffer
    ) async throws -> (String, ByteBuffer)? {
        let terminator = Array("\r\n\r\n".utf8)
        var searchFrom = 0
        while true {
            let view = buffer.readableBytesView
            if view.count >= 4 {
                var index = max(searchFrom, 0)
                while index + 4 <= view.count {
                    if view[view.startIndex + index] == 13, view[(view.startIndex + index)..<(view.startIndex + index + 4)].elementsEqual(terminator) {
                        let text = buffer.getString(at: buffer.readerIndex, length: index) ?? ""
                        let rest = buffer.getSlice(at: buffer.readerIndex + index + 4, length: view.count - index - 4) ?? ByteBuffer()
                        return (text, rest)
                    }
                    index += 1
                }
                searchFrom = view.count - 3
            }
            guard view.count <= ProxyHead.maxBytes, var chunk = try await iterator.next() else { return nil }
            buffer.writeBuffer(&chunk)
        }
    }

    /// A short plain-text answer that closes the connection.
    private static func answer(_ status: Int, _ reason: String, _ text: String) -> ByteBuffer {
        let body = "IntelliMix fetch guard: \(text)\n"
        return ByteBuffer(
            string: "HTTP/1.1 \(status) \(reason)\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
    }
}
