// AddressCategory: what kind of network an IP address belongs to, for the SSRF guard.
// Pure data; the rules are in IPAddressClassifier.

/// The network an address belongs to; only `.publicUnicast` is reachable by default.
public enum AddressCategory: String, Sendable, Hashable, CaseIterable {
    /// A globally routable unicast address.
    case publicUnicast = "public"
    /// 127.0.0.0/8 and ::1.
    case loopback
    /// 10/8, 172.16/12, 192.168/16, fc00::/7 and the deprecated fec0::/10.
    case privateNetwork = "private"
    /// 169.254/16 (including the 169.254.169.254 metadata service) and fe80::/10.
    case linkLocal = "link-local"
    /// 0.0.0.0/8 and ::.
    case unspecified
    /// 100.64/10 carrier-grade NAT.
    case carrierGradeNAT = "cgnat"
    /// 224/4 and ff00::/8.
    case multicast
    /// 255.255.255.255.
    case broadcast
    /// Documentation, benchmarking, future-use and tunnelling ranges, and IPv6 outside 2000::/3.
    case reserved

    /// True only for `.publicUnicast`.
    public var isPublic: Bool { self == .publicUnicast }
}
