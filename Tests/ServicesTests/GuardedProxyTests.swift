// Tests for the guarded proxy yt-dlp runs behind: redirects to a second loopback server or to the metadata
// address are refused with BLOCKED_ADDRESS (real yt-dlp), the proxy itself (absolute-form and CONNECT), and
// yt-dlp's minimal environment.
import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import Services

@Suite("Guarded proxy for yt-dlp")
struct GuardedProxyTests {
    static let wav = TestSupport.wav(seconds: 1)

    /// A runner whose policy allows exactly one loopback endpoint (the first server), with short limits.
    func runner(_ executable: String, trusting port: Int) -> YTDLPRunner {
        YTDLPRunner(configuration: YTDLPConfiguration(
            executable: executable, socketTimeoutSeconds: 10, downloadTimeout: .seconds(120),
            policy: AddressPolicy(trustedEndpoints: [.init(address: .v4(127, 0, 0, 1), port: port)])))
    }

    func ytdlp() throws -> String {
        guard let path = TestSupport.ytdlpPath() else {
            Issue.record("yt-dlp not found: set INTELLIMIX_YTDLP or run scripts/test")
            throw YTDLPError(.toolMissing, "yt-dlp missing")
        }
        return path
    }

    @Test("a redirect to a second loopback server is refused with BLOCKED_ADDRESS; that server gets 0 hits")
    func redirectToSecondServer() async throws {
        let executable = try ytdlp()
        let second = try await LoopbackHTTPServer.start(routes: [
            "/media/tone.wav": { _ in LoopbackHTTPServer.Response(headers: [("Content-Type", "audio/x-wav")], body: Self.wav) },
        ])
        defer { Task { await second.shutdown() } }
        let first = try await LoopbackHTTPServer.start(routes: [
            "/media/page.wav": { _ in .redirect(to: "\(second.baseURL)/media/tone.wav") },
        ])
        defer { Task { await first.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let error = await #expect(throws: YTDLPError.self) {
            try await runner(executable, trusting: first.port)
                .downloadAudio(url: "\(first.baseURL)/media/page.wav", to: folder, logger: TestSupport.logger)
        }
        #expect(error?.code == .blockedAddress, "\(error.map { "\($0.code) \($0.detail ?? "")" } ?? "")")
        #expect(error?.detail?.contains("127.0.0.1") == true)
        #expect(first.requests.count >= 1, "the first (allowed) server was never asked")
        #expect(second.requests.isEmpty, "the second server was reached \(second.requests.count) times")
    }

    @Test("a redirect to 169.254.169.254 is refused before any connection is tried")
    func redirectToMetadata() async throws {
        let executable = try ytdlp()
        let first = try await LoopbackHTTPServer.start(routes: [
            "/media/page.wav": { _ in .redirect(to: "http://169.254.169.254/latest/meta-data/") },
        ])
        defer { Task { await first.shutdown() } }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: YTDLPError.self) {
            try await runner(executable, trusting: first.port)
                .downloadAudio(url: "\(first.baseURL)/media/page.wav", to: folder, logger: TestSupport.logger)
        }
        #expect(error?.code == .blockedAddress, "\(error.map { "\($0.code) \($0.detail ?? "")" } ?? "")")
        #expect(error?.detail?.contains("169.254.169.254") == true)
        #expect(error?.detail?.contains("link-local") == true)
        // A connect to that address would wait for the 10 s socket timeout here; the refusal is immediate.
        #expect(clock.now - start < .seconds(8))
    }

    @Test("the proxy forwards an absolute-form request to an allowed host and refuses others with 403, unreached")
    func proxyAbsoluteForm() async throws {
        let allowed = try await LoopbackHTTPServer.start(routes: ["/x": { _ in .text("hello") }])
        defer { Task { await allowed.shutdown() } }
        let other = try await LoopbackHTTPServer.start(routes: ["/x": { _ in .text("secret") }])
        defer { Task { await other.shutdown() } }
        let policy = AddressPolicy(trustedEndpoints: [.init(address: .v4(127, 0, 0, 1), port: allowed.port)])
        try await GuardedProxy.run(guard: URLGuard(policy: policy), logger: TestSupport.logger) { proxy in
            let ok = try await RawClient.exchange(
                port: proxy.port, "GET \(allowed.baseURL)/x HTTP/1.1\r\nHost: 127.0.0.1:\(allowed.port)\r\nConnection: keep-alive\r\n\r\n", until: "hello")
            #expect(ok.hasPrefix("HTTP/1.1 200"), "\(ok)")
            #expect(ok.lowercased().contains("connection: close"))
            #expect(ok.hasSuffix("hello"))
            #expect(allowed.requests.first?.uri == "/x")
            #expect(allowed.requests.first?.headers.first(name: "connection") == "close")
            let refused = try await RawClient.exchange(port: proxy.port, "GET \(other.baseURL)/x HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(refused.hasPrefix("HTTP/1.1 403"), "\(refused)")
            #expect(refused.contains("BLOCKED_ADDRESS"))
            #expect(other.requests.isEmpty)
            #expect(proxy.failures.map(\.code) == [.blockedAddress])
        }
    }

    @Test("CONNECT tunnels to an allowed host:port and is refused for a blocked one")
    func proxyConnect() async throws {
        let allowed = try await LoopbackHTTPServer.start(routes: ["/x": { _ in .text("tunnelled") }])
        defer { Task { await allowed.shutdown() } }
        let policy = AddressPolicy(trustedEndpoints: [.init(address: .v4(127, 0, 0, 1), port: allowed.port)])
        try await GuardedProxy.run(guard: URLGuard(policy: policy), logger: TestSupport.logger) { proxy in
            let tunnel = try await RawClient.exchange(
                port: proxy.port,
                "CONNECT 127.0.0.1:\(allowed.port) HTTP/1.1\r\nHost: 127.0.0.1:\(allowed.port)\r\n\r\n"
                    + "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", until: "tunnelled")
            #expect(tunnel.hasPrefix("HTTP/1.1 200 Connection Established\r\n\r\nHTTP/1.1 200"), "\(tunnel)")
            #expect(tunnel.hasSuffix("tunnelled"))
            let metadata = try await RawClient.exchange(port: proxy.port, "CONNECT 169.254.169.254:443 HTTP/1.1\r\n\r\n")
            #expect(metadata.hasPrefix("HTTP/1.1 403"), "\(metadata)")
            let other = try await RawClient.exchange(port: proxy.port, "CONNECT 127.0.0.1:\(allowed.port + 1) HTTP/1.1\r\n\r\n")
            #expect(other.hasPrefix("HTTP/1.1 403"), "\(other)")
            #expect(proxy.failures.map(\.code) == [.blockedAddress, .blockedAddress])
        }
    }

    @Test("the proxy pins the address it checked: a host name is resolved once")
    func pinsResolvedAddress() async throws {
        let allowed = try await LoopbackHTTPServer.start(routes: ["/x": { _ in .text("pinned") }])
        defer { Task { await allowed.shutdown() } }
        let lookups = ServerCounter()
        // A rebinding resolver: first answer the trusted loopback address, later ones the metadata address.
        let resolver = HostResolver { _ in lookups.next() == 1 ? [.v4(127, 0, 0, 1)] : [.v4(169, 254, 169, 254)] }
        let policy = AddressPolicy(trustedEndpoints: [.init(address: .v4(127, 0, 0, 1), port: allowed.port)])
        try await GuardedProxy.run(guard: URLGuard(policy: policy, resolver: resolver), logger: TestSupport.logger) { proxy in
            let answer = try await RawClient.exchange(
                port: proxy.port, "GET http://media.example:\(allowed.port)/x HTTP/1.1\r\nHost: media.example\r\n\r\n", until: "pinned")
            #expect(answer.hasSuffix("pinned"), "\(answer)")
            #expect(allowed.requests.first?.headers.first(name: "host") == "media.example")
            let second = try await RawClient.exchange(
                port: proxy.port, "GET http://media.example:\(allowed.port)/x HTTP/1.1\r\nHost: media.example\r\n\r\n")
            #expect(second.hasPrefix("HTTP/1.1 403"), "\(second)")
        }
        #expect(lookups.next() == 3)
    }

    @Test("when the first checked address refuses, the next checked one is tried; unchecked ones never")
    func triesCheckedAddressesInOrder() async throws {
        let allowed = try await LoopbackHTTPServer.start(routes: ["/x": { _ in .text("second address") }])
        defer { Task { await allowed.shutdown() } }
        let resolver = HostResolver { _ in [.v4(127, 0, 0, 2), .v4(127, 0, 0, 1)] }
        let policy = AddressPolicy(trustedEndpoints: [
            .init(address: .v4(127, 0, 0, 2), port: allowed.port), .init(address: .v4(127, 0, 0, 1), port: allowed.port),
        ])
        try await GuardedProxy.run(guard: URLGuard(policy: policy, resolver: resolver), logger: TestSupport.logger) { proxy in
            let answer = try await RawClient.exchange(
                port: proxy.port, "GET http://media.example:\(allowed.port)/x HTTP/1.1\r\nHost: media.example\r\n\r\n",
                until: "second address")
            #expect(answer.hasSuffix("second address"), "\(answer)")
            #expect(proxy.failures.isEmpty)
        }
        // One address of two not allowed: the whole host is refused, as the guard refuses it for direct fetches.
        let halfTrusted = AddressPolicy(trustedEndpoints: [.init(address: .v4(127, 0, 0, 1), port: allowed.port)])
        try await GuardedProxy.run(guard: URLGuard(policy: halfTrusted, resolver: resolver), logger: TestSupport.logger) { proxy in
            let answer = try await RawClient.exchange(
                port: proxy.port, "GET http://media.example:\(allowed.port)/x HTTP/1.1\r\nHost: media.example\r\n\r\n")
            #expect(answer.hasPrefix("HTTP/1.1 403"), "\(answer)")
        }
        #expect(allowed.requests.count == 1)
    }

    @Test("yt-dlp gets --proxy and a minimal environment: no secrets of the service")
    func minimalEnvironment() async throws {
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let fake = folder + "/yt-dlp"
        try "#!/bin/sh\nenv > '\(folder)/env.txt'\nfor a in \"$@\"; do echo \"$a\"; done > '\(folder)/args.txt'\nexit 1\n"
            .write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        // The service's environment as production has it: secrets next to PATH, HOME and LANG.
        var parent = ProcessInfo.processInfo.environment
        let secrets = [
            "DATABASE_URL": "postgres://app:pw@db/intellimix", "JWT_SECRET_KEY": String(repeating: "k", count: 40),
            "GOOGLE_API_KEY": "g-secret", "OPENAI_API_KEY": "sk-secret", "TRANSCRIBE_API_KEY": "t-secret", "no_proxy": "*",
        ]
        parent.merge(secrets) { $1 }
        let runner = YTDLPRunner(
            configuration: YTDLPConfiguration(
                executable: fake, policy: AddressPolicy(allowPrivateAddresses: true), extraEnvironment: ["IMX_EXPLICIT": "1"]),
            parentEnvironment: parent)
        _ = try? await runner.downloadAudio(url: "http://127.0.0.1:9/x", to: folder + "/out", logger: TestSupport.logger)
        let lines = try String(contentsOfFile: folder + "/env.txt", encoding: .utf8).split(separator: "\n")
        var environment: [String: String] = [:]
        for line in lines {
            guard let equals = line.firstIndex(of: "=") else { continue }
            environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        let allowed: Set<String> = [
            "PATH", "HOME", "LANG", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "PYTHONIOENCODING",
            "PYTHONUNBUFFERED", "IMX_EXPLICIT",
            "PWD", "SHLVL", "_", "OLDPWD",  // set by the shell itself
        ]
        for name in secrets.keys { #expect(environment[name] == nil, "\(name) reached yt-dlp") }
        #expect(!environment.values.contains { $0.contains("secret") || $0.contains("pw@") })
        #expect(Set(environment.keys).subtracting(allowed).isEmpty, "unexpected: \(Set(environment.keys).subtracting(allowed).sorted())")
        let proxy = try #require(environment["http_proxy"])
        #expect(proxy.hasPrefix("http://127.0.0.1:"))
        for name in ["https_proxy", "HTTP_PROXY", "HTTPS_PROXY"] { #expect(environment[name] == proxy) }
        #expect(environment["IMX_EXPLICIT"] == "1")
        let arguments = try String(contentsOfFile: folder + "/args.txt", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(Array(arguments.prefix(2)) == ["--proxy", proxy])
    }

    @Test("YTDLPEnvironment keeps PATH, HOME and LANG only")
    func environmentBuilder() {
        let parent = [
            "PATH": "/bin", "HOME": "/home/app", "LANG": "en_GB.UTF-8", "DATABASE_URL": "postgres://u:p@db/x",
            "JWT_SECRET_KEY": "k", "GEMINI_API_KEY": "g", "OPENAI_API_KEY": "o", "no_proxy": "*", "LD_PRELOAD": "/x.so",
        ]
        let environment = YTDLPEnvironment.make(parent: parent, proxy: "http://127.0.0.1:1234")
        #expect(environment == [
            "PATH": "/bin", "HOME": "/home/app", "LANG": "en_GB.UTF-8", "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1",
            "http_proxy": "http://127.0.0.1:1234", "https_proxy": "http://127.0.0.1:1234",
            "HTTP_PROXY": "http://127.0.0.1:1234", "HTTPS_PROXY": "http://127.0.0.1:1234",
        ])
        #expect(YTDLPEnvironment.make(parent: [:], proxy: nil)["PATH"] == "/usr/local/bin:/usr/bin:/bin")
    }

    @Test("proxy heads: parsing, hop-by-hop fields, absolute-form targets")
    func heads() throws {
        let head = try #require(ProxyHead.parse("GET http://a.example:8080/p?q=1 HTTP/1.1\r\nHost: a.example\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nProxy-Authorization: x\r\nAccept: */*"))
        #expect(head.startLine == ["GET", "http://a.example:8080/p?q=1", "HTTP/1.1"])
        #expect(head.closingConnection().serialized == "GET http://a.example:8080/p?q=1 HTTP/1.1\r\nHost: a.example\r\nAccept: */*\r\nConnection: close\r\n\r\n")
        #expect(ProxyHead.splitAbsolute("http://a.example:8080/p?q=1#f")! == ("a.example:8080", "/p?q=1"))
        #expect(ProxyHead.splitAbsolute("http://a.example?q")! == ("a.example", "/?q"))
        #expect(ProxyHead.splitAbsolute("https://a.example/") == nil)
        #expect(ProxyHead.splitAbsolute("/relative") == nil)
        #expect(ProxyHead.parse("garbage") == nil)
        #expect(ProxyHead.parse("GET / HTTP/1.1\r\nbad header") == nil)
        #expect(ProxyHead.parse("HTTP/1.1 302 Found\r\nLocation: /x")?.value("location") == "/x")
    }
}

/// A raw TCP client for proxy tests: sends bytes, then reads until the answer ends with `until` (as an HTTP
/// client that knows the length would) or the other side closes.
enum RawClient {
    static func exchange(port: Int, _ text: String, until end: String? = nil) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: text))
            var received = ByteBuffer()
            for try await var chunk in inbound {
                received.writeBuffer(&chunk)
                if let end, String(buffer: received).hasSuffix(end) { break }
            }
            return String(buffer: received)
        }
    }
}
