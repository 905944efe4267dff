// Tests for SafeHTTPFetcher against real loopback servers: the default policy refuses loopback, a trusted
// endpoint is reachable but a redirect from it to another (untrusted) loopback server is refused before any
// connection, connections are pinned to the checked address, and size, status and time limits hold.
import Foundation
import Testing
@testable import Services

@Suite("SafeHTTPFetcher")
struct SafeHTTPFetcherTests {
    /// A fetcher that trusts exactly one loopback server (address and port), nothing else.
    func fetcher(trusting server: LoopbackHTTPServer, configure: (inout FetcherConfiguration) -> Void = { _ in }) -> SafeHTTPFetcher {
        var configuration = FetcherConfiguration(
            policy: AddressPolicy(trustedEndpoints: [.init(address: .v4(127, 0, 0, 1), port: server.port)]))
        configure(&configuration)
        return SafeHTTPFetcher(configuration: configuration)
    }

    func leftovers(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".part") }
    }

    @Test("default policy refuses a loopback server and sends it nothing")
    func defaultRefusesLoopback() async throws {
        let server = try await LoopbackHTTPServer.start { _ in .text("secret") }
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        for url in ["\(server.baseURL)/a", "http://localhost:\(server.port)/a", "http://[::1]:\(server.port)/a", "http://2130706433:\(server.port)/a"] {
            let error = await #expect(throws: FetchError.self) {
                try await SafeHTTPFetcher().download(url, to: folder + "/out.bin", logger: TestSupport.logger)
            }
            #expect(error?.code == .blockedAddress)
        }
        #expect(server.requests.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.bin"))
    }

    @Test("downloads from a trusted endpoint, following a redirect on it, atomically")
    func downloadWithRedirect() async throws {
        let payload = TestSupport.wav(seconds: 0.5)
        let server = try await LoopbackHTTPServer.start(routes: [
            "/start": { _ in .redirect(to: "/media/tone.wav") },
            "/media/tone.wav": { _ in LoopbackHTTPServer.Response(headers: [("Content-Type", "audio/wav")], body: payload) },
        ])
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let result = try await fetcher(trusting: server).download("\(server.baseURL)/start", to: folder + "/sub/tone.wav", logger: TestSupport.logger)
        #expect(result.bytes == Int64(payload.count))
        #expect(result.redirects == 1)
        #expect(result.finalURL == "\(server.baseURL)/media/tone.wav")
        #expect(result.contentType == "audio/wav")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/sub/tone.wav")) == payload)
        #expect(leftovers(in: folder + "/sub").isEmpty)
        #expect(server.requests.first?.headers.first(name: "User-Agent")?.hasPrefix("IntelliMix/") == true)
    }

    @Test("a redirect from the trusted server into another loopback server is refused before connecting")
    func redirectIntoPrivateRefused() async throws {
        // The second server stands for an innerService service: real, listening, and never to be reached.
        let innerService = try await LoopbackHTTPServer.start { _ in .text("innerService secret") }
        defer { Task { await innerService.shutdown() } }
        let server = try await LoopbackHTTPServer.start(routes: [
            "/to-ip": { _ in .redirect(to: "\(innerService.baseURL)/admin") },
            "/to-name": { _ in .redirect(to: "http://localhost:\(innerService.port)/admin", status: 307) },
            "/to-decimal": { _ in .redirect(to: "http://2130706433:\(innerService.port)/admin", status: 301) },
            "/to-v6": { _ in .redirect(to: "http://[::ffff:127.0.0.1]:\(innerService.port)/admin", status: 308) },
        ])
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        for path in ["/to-ip", "/to-name", "/to-decimal", "/to-v6"] {
            let error = await #expect(throws: FetchError.self) {
                try await fetcher(trusting: server).download(server.baseURL + path, to: folder + "/x.bin", logger: TestSupport.logger)
            }
            #expect(error?.code == .blockedAddress, "\(path)")
        }
        #expect(server.requests.count == 4)
        #expect(innerService.requests.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.bin"))
    }

    @Test("the connection goes to the checked address, not to a fresh DNS answer")
    func pinnedToCheckedAddress() async throws {
        let server = try await LoopbackHTTPServer.start { _ in .text("pinned") }
        defer { Task { await server.shutdown() } }
        // "media.invalid" exists only in this resolver: the download succeeds only if the client connects to
        // the address the guard checked instead of resolving the name again.
        let resolver = HostResolver { host in host == "media.invalid" ? [.v4(127, 0, 0, 1)] : [] }
        let configuration = FetcherConfiguration(policy: AddressPolicy(trustedEndpoints: [.init(address: .v4(127, 0, 0, 1), port: server.port)]))
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let result = try await SafeHTTPFetcher(configuration: configuration, resolver: resolver)
            .download("http://media.invalid:\(server.port)/file.txt", to: folder + "/f.txt", logger: TestSupport.logger)
        #expect(result.bytes == 6)
        #expect(server.requests.first?.headers.first(name: "Host") == "media.invalid:\(server.port)")
    }

    @Test("redirect loops stop at the limit")
    func tooManyRedirects() async throws {
        let server = try await LoopbackHTTPServer.start { request in .redirect(to: request.path == "/a" ? "/b" : "/a") }
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let error = await #expect(throws: FetchError.self) {
            try await fetcher(trusting: server) { $0.maxRedirects = 2 }.download("\(server.baseURL)/a", to: folder + "/x", logger: TestSupport.logger)
        }
        #expect(error?.code == .tooManyRedirects)
        #expect(server.requests.count == 3)
    }

    @Test("size limit: declared Content-Length and a chunked body both stop with TOO_LARGE, leaving no file")
    func tooLarge() async throws {
        let big = Data(repeating: 7, count: 300_000)
        let server = try await LoopbackHTTPServer.start(routes: [
            "/declared": { _ in LoopbackHTTPServer.Response(body: big) },
            "/chunked": { _ in LoopbackHTTPServer.Response(body: big, chunked: true) },
        ])
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        for path in ["/declared", "/chunked"] {
            let error = await #expect(throws: FetchError.self) {
                try await fetcher(trusting: server) { $0.maxBytes = 100_000 }
                    .download(server.baseURL + path, to: folder + "/big.bin", logger: TestSupport.logger)
            }
            #expect(error?.code == .tooLarge, "\(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/big.bin"))
        #expect(leftovers(in: folder).isEmpty)
    }

    @Test("404 is NOT_FOUND, 500 is HTTP_STATUS with the status kept")
    func statuses() async throws {
        let server = try await LoopbackHTTPServer.start(routes: ["/boom": { _ in .text("stack trace here", status: 500) }])
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let missing = await #expect(throws: FetchError.self) {
            try await fetcher(trusting: server).download("\(server.baseURL)/missing", to: folder + "/x", logger: TestSupport.logger)
        }
        #expect(missing?.code == .notFound)
        #expect(missing?.httpStatus == 404)
        let boom = await #expect(throws: FetchError.self) {
            try await fetcher(trusting: server).download("\(server.baseURL)/boom", to: folder + "/x", logger: TestSupport.logger)
        }
        #expect(boom?.code == .httpStatus)
        #expect(boom?.httpStatus == 500)
        #expect(boom?.message.contains("stack trace") == false)
    }

    @Test("a server that never answers times out")
    func timeout() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            try? await Task.sleep(for: .seconds(5))
            return .text("late")
        }
        defer { Task { await server.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: FetchError.self) {
            try await fetcher(trusting: server) { $0.readTimeout = .milliseconds(300); $0.totalTimeout = .seconds(1) }
                .download("\(server.baseURL)/slow", to: folder + "/x", logger: TestSupport.logger)
        }
        #expect(error?.code == .timeout)
        #expect(clock.now - start < .seconds(4))
    }

    @Test("configuration from the environment")
    func configurationFromEnvironment() throws {
        let configuration = try FetcherConfiguration(environment: [
            "INTELLIMIX_FETCH_MAX_MB": "2", "INTELLIMIX_FETCH_MAX_REDIRECTS": "3", "INTELLIMIX_FETCH_TIMEOUT_SECONDS": "9",
        ])
        #expect(configuration.maxBytes == 2 << 20)
        #expect(configuration.maxRedirects == 3)
        #expect(configuration.totalTimeout == .seconds(9))
        #expect(configuration.policy.allowPrivateAddresses == false)
        #expect(try FetcherConfiguration(environment: [:]).maxRedirects == 5)
        let error = #expect(throws: ConfigurationError.self) {
            try FetcherConfiguration(environment: ["INTELLIMIX_FETCH_MAX_REDIRECTS": "lots"])
        }
        #expect(error?.variable == "INTELLIMIX_FETCH_MAX_REDIRECTS")
        #expect(error?.codeString == "CONFIG_INVALID")
    }
}
