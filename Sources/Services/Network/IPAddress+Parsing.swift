// Parsing of IP literals the way resolvers read them, including the legacy inet_aton forms
// (decimal 2130706433, octal 0177.0.0.1, hex 0x7f.1) that SSRF filters often miss. No I/O.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension IPAddress {
    /// Parses `host` as an IP literal in any notation a resolver accepts; nil when it is a name.
    ///
    /// IPv4 follows inet_aton: one to four parts, each decimal, octal (leading 0) or hex (0x),
    /// the last part filling the remaining bytes. IPv6 may be bracketed; a zone id ("%eth0") is dropped.
    public init?(literal host: String) {
        var text = Substring(host)
        if text.hasPrefix("["), text.hasSuffix("]") {
            text = text.dropFirst().dropLast()
        }
        if text.contains(":") {
            guard let address = Self.parseV6(String(text)) else { return nil }
            self = address
        } else if let value = Self.parseV4Lenient(text) {
            self = .v4(value)
        } else {
            return nil
        }
    }

    /// inet_aton semantics; nil when any part is not a number or a value is out of range.
    static func parseV4Lenient(_ text: Substring) -> UInt32? {
        guard !text.isEmpty, text.count <= 64 else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var values: [UInt64] = []
        for part in parts {
            guard let value = parseNumber(part) else { return nil }
            values.append(value)
        }
        // Every part but the last is one byte; the last fills what is left.
        for value in values.dropLast() where value > 0xFF { return nil }
        let lastBits = 8 * (5 - values.count)
        guard let last = values.last, last < (UInt64(1) << lastBits) else { return nil }
        var result: UInt64 = 0
        for (index, value) in values.dropLast().enumerated() {
            result |= value << (24 - 8 * index)
        }
        return UInt32(result | last)
    }

    private static func parseNumber(_ part: Substring) -> UInt64? {
        guard !part.isEmpty, part.count <= 34 else { return nil }
        let lower = part.lowercased()
        if lower.hasPrefix("0x") {
            let digits = lower.dropFirst(2)
            return digits.isEmpty ? 0 : UInt64(digits, radix: 16)
        }
        if lower.count > 1, lower.hasPrefix("0") {
            return UInt64(lower.dropFirst(), radix: 8)
        }
        return UInt64(lower, radix: 10)
    }

    private static func parseV6(_ text: String) -> IPAddress? {
        var address = text
        if let percent = address.firstIndex(of: "%") { address = String(address[..<percent]) }
        var storage = in6_addr()
        let ok = address.withCString { inet_pton(AF_INET6, $0, &storage) }
        guard ok == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &storage) { Array($0) }
        return .v6(bytes)
    }
}
