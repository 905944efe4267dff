// HTTPTransport: the HTTP layer of the API clients (LLMs, LRCLIB, transcription): buffered bodies with a size
// limit and a time limit per request. It does NOT apply the SSRF guard: base URLs are operator configuration
// (often a loopback LLM server), never user input. User-supplied URLs go through SafeHTTPFetcher.
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends buffered requests to configured services.
public struct HTTPTransport: Sendable {
    /// The AsyncHTTPClient used; default `HTTPClient.shared` (the caller owns any other client's shutdown).
    public let client: HTTPClient
    /// The largest response body accepted; default 16 MiB.
    public var maxResponseBytes: Int

    /// Creates a transport over `client`.
    public init(client: HTTPClient = .shared, maxResponseBytes: Int = 16 << 20) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    /// A client suited to API calls: no redirects followed, 10 s connect timeout. The caller must shut it down.
    public static func makeAPIClient(connectTimeout: Duration = .seconds(10)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: connectTimeout.timeAmount)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Sends `request`; throws FetchError (`TIMEOUT`, `NETWORK_ERROR`, `TOO_LARGE`, `INVALID_URL`) or CancellationError.
    public func send(_ request: TransportRequest, logger: Logger) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let deadline = NIODeadline.now() + request.timeout.timeAmount
        do {
            let response = try await client.execute(outgoing, deadline: deadline, logger: logger)
            if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maxResponseBytes {
                throw FetchError(.tooLarge, "The response is larger than allowed.", detail: "content-length \(length)")
            }
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return TransportResponse(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .invalidURL || error == .emptyHost {
            throw FetchError(.invalidURL, "The service URL is not valid.", detail: "\(error)")
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let mapped = TransportErrorMapper.map(error)
            logger.debug("transport failure", metadata: ["http.url": "\(request.url)", "error.detail": "\(mapped.detail ?? "")"])
            throw mapped
        }
    }
}
