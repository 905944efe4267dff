// TrustedProxies: parsing TRUSTED_PROXIES, choosing the client from X-Forwarded-For, and /64 buckets for IPv6.
// Pure address logic; the routes' use of it is tested in AuthGapsTests.
import Foundation
import Testing
@testable import API

@Suite("TrustedProxies")
struct TrustedProxiesTests {
    @Test("addresses and CIDR ranges of both families parse; bad entries are configuration errors")
    func parsing() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 192.168.1.7 fd00::/8,::1")
        #expect(proxies.trusts("10.200.3.4"))
        #expect(proxies.trusts("192.168.1.7"))
        #expect(!proxies.trusts("192.168.1.8"))
        #expect(proxies.trusts("fd12::5"))
        #expect(proxies.trusts("::1"))
        #expect(proxies.trusts("::ffff:10.1.1.1"))
        #expect(!proxies.trusts("11.0.0.1"))
        #expect(!proxies.trusts("not-an-address"))
        #expect(try TrustedProxies(parsing: "").isEmpty)
        for bad in ["10.0.0.0/33", "fd00::/129", "example.com", "10.0.0.0/x"] {
            #expect(throws: ConfigError.self) { try TrustedProxies(parsing: bad) }
        }
    }

    @Test("X-Forwarded-For counts only behind a trusted peer, and the right-most untrusted hop is the client")
    func client() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8")
        // An untrusted peer cannot name anyone.
        #expect(proxies.client(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"]) == "203.0.113.9")
        // A trusted peer: the hop it appended is the client, whatever the client wrote before it.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["1.2.3.4, 198.51.100.1"]) == "198.51.100.1")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["1.2.3.4", "198.51.100.1, 10.0.0.7"]) == "198.51.100.1")
        // All trusted: the left-most; none given: the peer; a malformed hop stops at the last trusted address.
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["10.0.0.9, 10.0.0.7"]) == "10.0.0.9")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: []) == "10.0.0.2")
        #expect(proxies.client(peer: "10.0.0.2", forwardedFor: ["198.51.100.1, garbage"]) == "10.0.0.2")
        #expect(TrustedProxies.none.client(peer: "10.0.0.2", forwardedFor: ["198.51.100.1"]) == "10.0.0.2")
    }

    @Test("IPv6 clients share a bucket per /64; IPv4 and mapped IPv4 stay whole addresses")
    func buckets() {
        #expect(TrustedProxies.bucket("2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(TrustedProxies.bucket("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64")
        #expect(TrustedProxies.bucket("2001:db8:1:3::1") != TrustedProxies.bucket("2001:db8:1:2::1"))
        #expect(TrustedProxies.bucket("203.0.113.5") == "203.0.113.5")
        #expect(TrustedProxies.bucket("::ffff:203.0.113.5") == "203.0.113.5")
        #expect(TrustedProxies.bucket("unknown") == "unknown")
    }
}
