// LoopbackHTTPServer: a small HTTP/1.1 server on 127.0.0.1 (port 0) for tests, built on SwiftNIO: route
// closures, recorded requests, delays and hangs, redirects, any headers. Knows nothing about any service.
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP server on loopback whose answers come from Swift closures.
final class LoopbackHTTPServer: Sendable {
    /// A request as received.
    struct Request: Sendable {
        /// The method ("GET", "POST", "HEAD").
        var method: String
        /// The raw request target ("/get?track_name=…").
        var uri: String
        /// Headers.
        var headers: HTTPHeaders
        /// The body.
        var body: Data

        /// The path without the query.
        var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }

        /// Query parameters decoded the way form-style servers do ("+" is a space), repeated names kept in order.
        var query: [(name: String, value: String)] {
            guard let q = uri.split(separator: "?", maxSplits: 1).dropFirst().first else { return [] }
            return q.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
        }

        /// The first value of query parameter `name`.
        func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

        /// The body parsed as JSON (nil when it is not JSON).
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
    }

    /// A response to send.
    struct Response: Sendable {
        /// The status code.
        var status: Int = 200
        /// Headers (Content-Length is added unless `chunked`).
        var headers: [(String, String)] = []
        /// The body.
        var body: Data = Data()
        /// Leave out Content-Length so NIO sends the body chunked.
        var chunked = false

        /// A JSON body from text.
        static func json(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> Response {
            Response(status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(text.utf8))
        }

        /// A JSON body from a JSON-serialisable object.
        static func jsonObject(_ object: Any, status: Int = 200) -> Response {
            let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
            return Response(status: status, headers: [("Content-Type", "application/json")], body: data)
        }

        /// A redirect.
        static func redirect(to location: String, status: Int = 302) -> Response {
            Response(status: status, headers: [("Location", location)])
        }

        /// A plain-text body.
        static func text(_ text: String, status: Int = 200) -> Response {
            Response(status: status, headers: [("Content-Type", "text/plain")], body: Data(text.utf8))
        }
    }

    /// Produces the answer to a request (it may sleep first to simulate a slow or hanging server).
    typealias Handler = @Sendable (Request) async -> Response

    /// The port the server listens on.
    let port: Int
    private let channel: any Channel
    private let log: NIOLockedValueBox<[Request]>

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    var requests: [Request] { log.withLockedValue { $0 } }

    private init(port: Int, channel: any Channel, log: NIOLockedValueBox<[Request]>) {
        self.port = port
        self.channel = channel
        self.log = log
    }

    /// Starts a server whose paths map to handlers; other paths answer 404.
    static func start(routes: [String: Handler]) async throws -> LoopbackHTTPServer {
        try await start { request in
            if let handler = routes[request.path] { return await handler(request) }
            return .text("no route for \(request.path)", status: 404)
        }
    }

    /// Starts a server with one handler for every request.
    static func start(handler: @escaping Handler) async throws -> LoopbackHTTPServer {
        let log = NIOLockedValueBox<[Request]>([])
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(handler: handler, log: log))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        return LoopbackHTTPServer(port: port, channel: channel, log: log)
    }

    /// Stops listening (open connections end when their clients close them).
    func shutdown() async {
        try? await channel.close()
    }
}

/// Collects one request and hands it to the handler on a Swift task.
private final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: LoopbackHTTPServer.Handler
    private let log: NIOLockedValueBox<[LoopbackHTTPServer.Request]>
    private var head: HTTPRequestHead?
    private var body = Data()

    init(handler: @escaping LoopbackHTTPServer.Handler, log: NIOLockedValueBox<[LoopbackHTTPServer.Request]>) {
        self.handler = handler
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = Data()
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            let request = LoopbackHTTPServer.Request(method: head.method.rawValue, uri: head.uri, headers: head.headers, body: body)
            log.withLockedValue { $0.append(request) }
            let channel = context.channel
            let handler = self.handler
            let version = head.version
            Task {
                let response = await handler(request)
                var headers = HTTPHeaders(response.headers)
                if !response.chunked { headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count)) }
                channel.write(HTTPServerResponsePart.head(
                    HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)),
                    promise: nil)
                if request.method != "HEAD", !response.body.isEmpty {
                    channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: response.body))), promise: nil)
                }
                channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
            }
            self.head = nil
        }
    }
}
