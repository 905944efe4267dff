// Tests for the URL guard: scheme and userinfo rules, literal IPs in every notation, names resolving to
// blocked addresses (injected resolver, so no DNS), and normalisation. Nothing here opens a connection.
import Testing
@testable import Services

@Suite("URL guard (SSRF)")
struct URLGuardTests {
    @Test("blocked by default", arguments: [
        "http://127.0.0.1/", "http://localhost:8080/x", "http://LOCALHOST/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://2130706433/", "http://0177.0.0.1/",
        "http://0x7f.0.0.1/", "http://0x7f000001/", "http://127.1/", "http://0.0.0.0/", "http://0/", "http://100.64.0.1/",
        "http://224.0.0.1/", "http://255.255.255.255/", "http://192.168.0.1:443/", "https://[fd00::1]/", "http://[fe80::1]/",
        "http://172.16.5.4/", "http://[64:ff9b::a00:1]/",
    ])
    func blockedByDefault(_ url: String) async throws {
        let error = await #expect(throws: FetchError.self) { try await URLGuard().check(url) }
        #expect(error?.code == .blockedAddress)
        #expect(error?.message.contains("non-public") == true)
    }

    @Test("refused before resolving", arguments: [
        "ftp://example.com/a.mp3", "file:///etc/passwd", "gopher://example.com/", "http://user:pass@example.com/",
        "http://evil.com@127.0.0.1/", "http://user@example.com/", "//example.com/a", "example.com/a", "http://", "http://exa mple.com/",
        "http://example.com/\u{0}", "javascript:alert(1)", "http://[::1/", "http://exämple.com/", "http://example.com:99999/",
        "http://%31%32%37.0.0.1/",
    ])
    func invalid(_ url: String) async throws {
        let error = await #expect(throws: FetchError.self) { try await URLGuard().check(url) }
        #expect(error?.code == .invalidURL)
    }

    @Test("a name is refused if ANY address it resolves to is blocked")
    func anyAddressBlocks() async throws {
        let resolver = HostResolver { _ in [.v4(93, 184, 216, 34), .v4(10, 0, 0, 7)] }
        let error = await #expect(throws: FetchError.self) {
            try await URLGuard(resolver: resolver).check("https://media.example/a.mp3")
        }
        #expect(error?.code == .blockedAddress)
        #expect(error?.detail?.contains("10.0.0.7") == true)
    }

    @Test("a name resolving only to public addresses passes, pinned to the first")
    func publicNamePasses() async throws {
        let resolver = HostResolver { _ in [.v4(93, 184, 216, 34), IPAddress(literal: "2606:2800:220:1::1")!] }
        let target = try await URLGuard(resolver: resolver).check("HTTPS://Media.Example/a%20b.mp3?x=1#frag")
        #expect(target.url == "https://media.example/a%20b.mp3?x=1")
        #expect(target.host == "media.example")
        #expect(target.port == 443)
        #expect(target.connectAddress == .v4(93, 184, 216, 34))
        #expect(!target.isIPLiteral)
    }

    @Test("public literal IPs in odd notations are normalised to the canonical form")
    func literalNormalised() async throws {
        let target = try await URLGuard().check("http://134744072:8080/a")  // 8.8.8.8
        #expect(target.url == "http://8.8.8.8:8080/a")
        #expect(target.isIPLiteral)
        let v6 = try await URLGuard().check("http://[2606:4700:4700:0:0:0:0:1111]/")
        #expect(v6.url == "http://[2606:4700:4700::1111]/")
    }

    @Test("an unresolvable name is a network error, and a slow resolver times out")
    func resolutionFailures() async throws {
        let failing = HostResolver { _ in [] }
        let error = await #expect(throws: FetchError.self) { try await URLGuard(resolver: failing).check("http://nowhere.example/") }
        #expect(error?.code == .networkError)
        let slow = HostResolver { _ in
            try await Task.sleep(for: .seconds(5))
            return [.v4(8, 8, 8, 8)]
        }
        let clock = ContinuousClock()
        let start = clock.now
        let timeout = await #expect(throws: FetchError.self) {
            try await URLGuard(resolver: slow, resolveTimeout: .milliseconds(200)).check("http://slow.example/")
        }
        #expect(timeout?.code == .timeout)
        #expect(clock.now - start < .seconds(3))
    }

    @Test("localhost resolves through the system resolver and is refused")
    func localhostSystemResolver() async throws {
        let addresses = try await HostResolver.system.resolve("localhost")
        #expect(addresses.contains(.v4(127, 0, 0, 1)) || addresses.contains(IPAddress(literal: "::1")!))
    }
}
