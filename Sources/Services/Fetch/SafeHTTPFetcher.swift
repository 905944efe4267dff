// SafeHTTPFetcher: downloads a user-supplied http(s) URL to a file: every redirect hop re-checked by the
// URLGuard, the connection pinned to the checked address, size and time limits, temp file + atomic rename.
// Knows nothing about media formats or what the file is for.
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Downloads untrusted URLs safely.
///
/// DNS rebinding: each hop's host is resolved once, every address is checked, and the connection is made to
/// the first checked address (AsyncHTTPClient's `dnsOverride`, which keeps TLS SNI and certificate checks on the
/// original name), so a second, different DNS answer is never used. Redirects are never followed by the HTTP
/// client: each Location is checked like a new URL.
public struct SafeHTTPFetcher: Sendable {
    /// Limits and policy.
    public var configuration: FetcherConfiguration
    /// The resolver used by the guard; default the system resolver.
    public var resolver: HostResolver

    /// Creates a fetcher.
    public init(configuration: FetcherConfiguration = FetcherConfiguration(), resolver: HostResolver = .system) {
        self.configuration = configuration
        self.resolver = resolver
    }

    /// The guard this fetcher applies to every hop.
    public var urlGuard: URLGuard { URLGuard(policy: configuration.policy, resolver: resolver) }

    /// Downloads `url` to `destination` (parent folders are created); throws FetchError or CancellationError.
    public func download(_ url: String, to destination: String, logger: Logger) async throws -> FetchResult {
        let deadline = NIODeadline.now() + configuration.totalTimeout.timeAmount
        let checker = urlGuard
        var current = url
        var redirects = 0
        while true {
            let target = try await checker.check(current)
            logger.debug(
                "fetch hop",
                metadata: ["fetch.url": "\(target.url)", "fetch.address": "\(target.connectAddress)", "fetch.hop": "\(redirects)"])
            switch try await fetchHop(target, destination: destination, deadline: deadline, logger: logger) {
            case .file(let bytes, let contentType):
                return FetchResult(path: destination, bytes: bytes, contentType: contentType, finalURL: target.url, redirects: redirects)
            case .redirect(let location):
                redirects += 1
                guard redirects <= configuration.maxRedirects else {
                    throw FetchError(
                        .tooManyRedirects, "The URL redirected more than \(configuration.maxRedirects) times.",
                        detail: "last location \(location)")
                }
                guard let next = URL(string: location, relativeTo: URL(string: target.url))?.absoluteString else {
                    throw FetchError(.invalidURL, "The server redirected to a URL that cannot be read.", detail: location)
                }
                current = next
            }
        }
    }

    private enum HopOutcome {
        case file(bytes: Int64, contentType: String?)
        case redirect(String)
    }

    private func makeClient(for target: GuardedTarget, logger: Logger) -> HTTPClient {
        var config = HTTPClient.Configuration()
        config.redirectConfiguration = .disallow
        config.timeout = .init(connect: configuration.connectTimeout.timeAmount, read: configuration.readTimeout.timeAmount)
        config.decompression = .disabled
        config.proxy = nil
        if !target.isIPLiteral {
            // Connect to the address the guard checked, not to a fresh DNS answer.
            config.dnsOverride = [target.host: target.connectAddress.description]
        }
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config, backgroundActivityLogger: logger)
    }

    private func fetchHop(
        _ target: GuardedTarget, destination: String, deadline: NIODeadline, logger: Logger
    ) async throws -> HopOutcome {
        let client = makeClient(for: target, logger: logger)
        do {
            let outcome = try await exchange(client: client, target: target, destination: destination, deadline: deadline, logger: logger)
            try? await client.shutdown()
            return outcome
        } catch {
            try? await client.shutdown()
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            throw TransportErrorMapper.map(error)
        }
    }

    private func exchange(
        client: HTTPClient, target: GuardedTarget, destination: String, deadline: NIODeadline, logger: Logger
    ) async throws -> HopOutcome {
        var request = HTTPClientRequest(url: target.url)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: configuration.identity.userAgent)
        request.headers.add(name: "Accept", value: "*/*")
        let response = try await client.execute(request, deadline: deadline, logger: logger)
        let status = Int(response.status.code)
        switch status {
        case 301, 302, 303, 307, 308:
            guard let location = response.headers.first(name: "location"), !location.isEmpty else {
                throw FetchError(.httpStatus, "The server sent a redirect without a location.", httpStatus: status)
            }
            return .redirect(location)
        case 200..<300:
            break
        case 404, 410:
            throw FetchError(.notFound, "The file was not found on the server (HTTP \(status)).", httpStatus: status)
        default:
            throw FetchError(.httpStatus, "The server refused the download (HTTP \(status)).", httpStatus: status)
        }
        let limit = configuration.maxBytes
        if let declared = response.headers.first(name: "content-length").flatMap(Int64.init), declared > limit {
            throw FetchError(.tooLarge, "The file is larger than the \(ByteSize.describe(limit)) limit.", detail: "content-length \(declared)")
        }
        let bytes = try await writeAtomically(response.body, to: destination, limit: limit)
        return .file(bytes: bytes, contentType: response.headers.first(name: "content-type"))
    }

    private func writeAtomically(_ body: HTTPClientResponse.Body, to destination: String, limit: Int64) async throws -> Int64 {
        let destinationURL = URL(fileURLWithPath: destination)
        let folder = destinationURL.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(destinationURL.lastPathComponent).\(UUID().uuidString).part")
        let handle: FileHandle
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw FetchError(.ioError, "The download could not be saved.", detail: "cannot create \(temporary.path)")
            }
            handle = try FileHandle(forWritingTo: temporary)
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError(.ioError, "The download could not be saved.", detail: "\(error)")
        }
        var written: Int64 = 0
        do {
            for try await chunk in body {
                written += Int64(chunk.readableBytes)
                if written > limit {
                    throw FetchError(.tooLarge, "The file is larger than the \(ByteSize.describe(limit)) limit.", detail: "over \(limit) bytes")
                }
                do {
                    try handle.write(contentsOf: Data(chunk.readableBytesView))
                } catch {
                    throw FetchError(.ioError, "The download could not be saved.", detail: "\(error)")
                }
            }
            do {
                try handle.synchronize()
                try handle.close()
            } catch {
                throw FetchError(.ioError, "The download could not be saved.", detail: "\(error)")
            }
            guard rename(temporary.path, destination) == 0 else {
                throw FetchError(.ioError, "The download could not be saved.", detail: "rename failed: errno \(errno)")
            }
            return written
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
