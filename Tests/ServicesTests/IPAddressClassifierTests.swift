// Unit tests for IP literal parsing (all inet_aton notations, IPv6 forms) and address classification.
// Pure: no resolving, no sockets.
import Testing
@testable import Services

@Suite("IP address parsing and classification")
struct IPAddressClassifierTests {
    @Test("inet_aton notations all parse to 127.0.0.1", arguments: [
        "127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "127.0.1", "0x7F.1", "017700000001",
        "0177.0.0.01",
    ])
    func legacyIPv4Notations(_ text: String) {
        #expect(IPAddress(literal: text) == .v4(127, 0, 0, 1))
    }

    @Test("names and malformed numbers are not literals", arguments: [
        "example.com", "localhost", "1.2.3.4.5", "256.0.0.1", "08.0.0.1", "0x", "1..2", "", "127.0.0.1.", "4294967296", "1.2.3.256",
    ])
    func notLiterals(_ text: String) {
        if text == "0x" {
            // inet_aton reads a bare "0x" as 0; accepting it only makes the guard stricter.
            #expect(IPAddress(literal: text) == .v4(0))
        } else {
            #expect(IPAddress(literal: text) == nil)
        }
    }

    @Test("IPv6 literals, bracketed or with a zone id")
    func ipv6() {
        #expect(IPAddress(literal: "[::1]")?.description == "::1")
        #expect(IPAddress(literal: "::ffff:127.0.0.1")?.description == "::ffff:7f00:1")
        #expect(IPAddress(literal: "fe80::1%eth0")?.description == "fe80::1")
        #expect(IPAddress(literal: "2001:0DB8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
        #expect(IPAddress(literal: "[2606:4700::1111]")?.urlHost == "[2606:4700::1111]")
        #expect(IPAddress(literal: "::g") == nil)
    }

    @Test("blocked categories", arguments: [
        ("127.0.0.1", AddressCategory.loopback), ("127.255.255.254", .loopback), ("10.0.0.1", .privateNetwork),
        ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork), ("192.168.1.1", .privateNetwork),
        ("169.254.169.254", .linkLocal), ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified), ("100.64.0.1", .carrierGradeNAT),
        ("100.127.255.255", .carrierGradeNAT), ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("255.255.255.255", .broadcast), ("240.0.0.1", .reserved), ("192.0.2.10", .reserved), ("198.18.0.1", .reserved),
        ("::1", .loopback), ("::", .unspecified), ("fc00::1", .privateNetwork), ("fd12:3456::1", .privateNetwork),
        ("fe80::1", .linkLocal), ("febf::1", .linkLocal), ("fec0::1", .privateNetwork), ("ff02::1", .multicast),
        ("::ffff:127.0.0.1", .loopback), ("::ffff:10.1.2.3", .privateNetwork), ("::ffff:169.254.169.254", .linkLocal),
        ("::127.0.0.1", .loopback), ("::ffff:0:192.168.0.1", .privateNetwork), ("64:ff9b::10.0.0.1", .privateNetwork),
        ("2002:7f00:1::", .loopback), ("2002:a9fe:a9fe::1", .linkLocal), ("2001::1", .reserved), ("2001:db8::1", .reserved),
        ("100::1", .reserved), ("3fff::1", .reserved), ("::ffff:7f00:1", .loopback),
    ])
    func blocked(_ text: String, _ expected: AddressCategory) throws {
        let address = try #require(IPAddress(literal: text))
        #expect(IPAddressClassifier.category(of: address) == expected)
        #expect(!IPAddressClassifier.isPublic(address))
    }

    @Test("public addresses", arguments: [
        "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "169.253.0.1", "11.0.0.1",
        "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    ])
    func publicAddresses(_ text: String) throws {
        let address = try #require(IPAddress(literal: text))
        #expect(IPAddressClassifier.category(of: address) == .publicUnicast)
    }

    @Test("policy: trusted endpoints are exact address and port")
    func policy() {
        let loopback = IPAddress.v4(127, 0, 0, 1)
        let strict = AddressPolicy()
        #expect(strict.refusal(for: loopback, port: 80) == .loopback)
        #expect(strict.refusal(for: .v4(8, 8, 8, 8), port: 80) == nil)
        let trusted = AddressPolicy(trustedEndpoints: [.init(address: loopback, port: 8080)])
        #expect(trusted.refusal(for: loopback, port: 8080) == nil)
        #expect(trusted.refusal(for: loopback, port: 8081) == .loopback)
        #expect(AddressPolicy(allowPrivateAddresses: true).refusal(for: loopback, port: 1) == nil)
    }
}
