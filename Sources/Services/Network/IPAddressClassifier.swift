// IPAddressClassifier: maps an address to its AddressCategory, looking through IPv6 forms that embed
// IPv4 (mapped, compatible, translated, NAT64, 6to4). Pure functions; no resolving, no sockets.

/// Classifies IP addresses for the SSRF guard.
public enum IPAddressClassifier {
    /// The category of `address`; anything not proven public is some blocked category.
    public static func category(of address: IPAddress) -> AddressCategory {
        switch address {
        case .v4(let value): return categoryV4(value)
        case .v6(let bytes): return categoryV6(bytes)
        }
    }

    /// True when `address` is outside every blocked range.
    public static func isPublic(_ address: IPAddress) -> Bool {
        category(of: address).isPublic
    }

    private static func inV4(_ value: UInt32, _ network: UInt32, _ prefix: Int) -> Bool {
        let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix)
        return value & mask == network & mask
    }

    private static func v4(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> UInt32 {
        a << 24 | b << 16 | c << 8 | d
    }

    static func categoryV4(_ value: UInt32) -> AddressCategory {
        if value == 0xFFFF_FFFF { return .broadcast }
        if inV4(value, v4(0, 0, 0, 0), 8) { return .unspecified }
        if inV4(value, v4(127, 0, 0, 0), 8) { return .loopback }
        if inV4(value, v4(10, 0, 0, 0), 8) || inV4(value, v4(172, 16, 0, 0), 12) || inV4(value, v4(192, 168, 0, 0), 16) {
            return .privateNetwork
        }
        if inV4(value, v4(169, 254, 0, 0), 16) { return .linkLocal }
        if inV4(value, v4(100, 64, 0, 0), 10) { return .carrierGradeNAT }
        if inV4(value, v4(224, 0, 0, 0), 4) { return .multicast }
        let reserved: [(UInt32, Int)] = [
            (v4(192, 0, 0, 0), 24),  // IETF protocol assignments
            (v4(192, 0, 2, 0), 24),  // TEST-NET-1
            (v4(192, 88, 99, 0), 24),  // 6to4 relay anycast
            (v4(198, 18, 0, 0), 15),  // benchmarking
            (v4(198, 51, 100, 0), 24),  // TEST-NET-2
            (v4(203, 0, 113, 0), 24),  // TEST-NET-3
            (v4(240, 0, 0, 0), 4),  // future use
        ]
        for (network, prefix) in reserved where inV4(value, network, prefix) { return .reserved }
        return .publicUnicast
    }

    private static func embeddedV4(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8], bits: Int) -> Bool {
        for bit in 0..<bits {
            let byte = bit / 8, shift = 7 - bit % 8
            if (bytes[byte] >> shift) & 1 != (prefix[byte] >> shift) & 1 { return false }
        }
        return true
    }

    static func categoryV6(_ bytes: [UInt8]) -> AddressCategory {
        guard bytes.count == 16 else { return .reserved }
        let zeros = [UInt8](repeating: 0, count: 16)
        if bytes == zeros { return .unspecified }
        if bytes == Array(zeros.prefix(15)) + [1] { return .loopback }
        // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), ::ffff:0:a.b.c.d (translated): judge the IPv4 inside.
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return categoryV4(embeddedV4(bytes, at: 12))
        }
        if bytes[0..<12].allSatisfy({ $0 == 0 }) {
            return categoryV4(embeddedV4(bytes, at: 12))
        }
        if bytes[0..<8].allSatisfy({ $0 == 0 }) && bytes[8] == 0xFF && bytes[9] == 0xFF && bytes[10] == 0 && bytes[11] == 0 {
            return categoryV4(embeddedV4(bytes, at: 12))
        }
        // 64:ff9b::/96 well-known NAT64 prefix: the IPv4 address decides.
        if hasPrefix(bytes, [0x00, 0x64, 0xFF, 0x9B] + zeros.prefix(12), bits: 96) {
            return categoryV4(embeddedV4(bytes, at: 12))
        }
        // 64:ff9b:1::/48 local-use NAT64.
        if hasPrefix(bytes, [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01] + zeros.prefix(10), bits: 48) { return .privateNetwork }
        if bytes[0] == 0xFF { return .multicast }
        if hasPrefix(bytes, [0xFE, 0x80] + zeros.prefix(14), bits: 10) { return .linkLocal }
        if hasPrefix(bytes, [0xFE, 0xC0] + zeros.prefix(14), bits: 10) { return .privateNetwork }
        if hasPrefix(bytes, [0xFC] + zeros.prefix(15), bits: 7) { return .privateNetwork }
        // Only 2000::/3 is global unicast.
        guard hasPrefix(bytes, [0x20] + zeros.prefix(15), bits: 3) else { return .reserved }
        // 2002::/16 6to4: the IPv4 address in bytes 2..5 decides.
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return categoryV4(embeddedV4(bytes, at: 2)) }
        // 2001::/23 IETF protocol assignments (Teredo, benchmarking, ORCHID) and 2001:db8::/32 documentation.
        if hasPrefix(bytes, [0x20, 0x01] + zeros.prefix(14), bits: 23) { return .reserved }
        if hasPrefix(bytes, [0x20, 0x01, 0x0D, 0xB8] + zeros.prefix(12), bits: 32) { return .reserved }
        // 3fff::/20 documentation.
        if hasPrefix(bytes, [0x3F, 0xFF] + zeros.prefix(14), bits: 20) { return .reserved }
        return .publicUnicast
    }
}
