// Which address a request came from, for rate limits: the peer, or the right-most untrusted hop of X-Forwarded-For
// when the peer is a configured proxy; IPv6 clients bucketed by /64. Pure address arithmetic; knows nothing of HTTP.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The proxies (`TRUSTED_PROXIES`: addresses or CIDR ranges) allowed to name the client in `X-Forwarded-For`; none by default.
public struct TrustedProxies: Sendable, Equatable {
    /// One address range: 16 bytes (IPv4 as IPv4-mapped IPv6) and a prefix length over those 128 bits.
    struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            var bits = prefix
            for i in 0..<16 where bits > 0 {
                let take = min(8, bits)
                let mask: UInt8 = take == 8 ? 0xFF : ~(0xFF >> UInt8(take))
                if bytes[i] & mask != address[i] & mask { return false }
                bits -= take
            }
            return true
        }
    }

    private let ranges: [Range]

    /// No trusted proxies (the default): the peer address is always the client.
    public static let none = TrustedProxies(ranges: [])

    private init(ranges: [Range]) { self.ranges = ranges }

    /// Parses a comma- or space-separated list such as `10.0.0.0/8, 192.168.1.7, fd00::/8`; a `ConfigError` names a bad entry.
    public init(parsing list: String) throws(ConfigError) {
        var ranges: [Range] = []
        for entry in list.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) {
            let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let bytes = Self.parse(String(parts[0])) else {
                throw ConfigError("TRUSTED_PROXIES: '\(entry)' is not an IP address or CIDR range")
            }
            let isV4 = Self.isMappedV4(bytes)
            var prefix = 128
            if parts.count == 2 {
                let limit = isV4 ? 32 : 128
                guard let p = Int(parts[1]), (0...limit).contains(p) else {
                    throw ConfigError("TRUSTED_PROXIES: '\(entry)' has a bad prefix length (0-\(limit))")
                }
                prefix = isV4 ? 96 + p : p
            }
            ranges.append(Range(bytes: bytes, prefix: prefix))
        }
        self.ranges = ranges
    }

    /// Whether no proxy is trusted.
    public var isEmpty: Bool { ranges.isEmpty }

    /// Whether `address` (textual IPv4 or IPv6) is a trusted proxy.
    public func trusts(_ address: String) -> Bool {
        guard !ranges.isEmpty, let bytes = Self.parse(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address: `peer`, unless `peer` is trusted and `forwardedFor` (the `X-Forwarded-For` values, in order)
    /// names hops; then the right-most hop that is not trusted (the left-most one if all are). A malformed hop stops
    /// the walk at the last trusted address, so a client cannot pick arbitrary keys.
    public func client(peer: String, forwardedFor: [String]) -> String {
        guard trusts(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard Self.parse(hop) != nil else { return client }
            client = hop
            if !trusts(hop) { return hop }
        }
        return client
    }

    /// The rate-limit bucket of an address: IPv4 as is, IPv6 by its /64 (`2001:db8:1:2::/64`), IPv4-mapped IPv6 as IPv4;
    /// anything unparseable unchanged.
    public static func bucket(_ address: String) -> String {
        guard let bytes = parse(address) else { return address }
        if isMappedV4(bytes) { return bytes[12...].map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    /// 16 bytes for an IPv4 (as IPv4-mapped) or IPv6 address (a `%zone` is ignored); nil when it is neither.
    static func parse(_ text: String) -> [UInt8]? {
        var text = text
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    private static func isMappedV4(_ bytes: [UInt8]) -> Bool {
        bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
    }
}
