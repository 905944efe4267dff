// HostResolver: turns a host name into every IP address getaddrinfo returns, off the shared thread pools.
// Knows nothing about which addresses are allowed.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves host names; tests inject fixed answers with `init(_:)`.
public struct HostResolver: Sendable {
    /// The lookup; returns every address for the name, or throws `FetchError` (`NETWORK_ERROR`).
    public let resolve: @Sendable (String) async throws -> [IPAddress]

    /// Wraps a custom lookup (tests map names to fixed addresses without DNS).
    public init(_ resolve: @escaping @Sendable (String) async throws -> [IPAddress]) {
        self.resolve = resolve
    }

    /// The system resolver (getaddrinfo, so /etc/hosts and DNS), on its own thread because it blocks.
    public static let system = HostResolver { host in
        try await BlockingWork.run(name: "getaddrinfo") { try getAddresses(host) }
    }

    private static func getAddresses(_ host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            throw FetchError(.networkError, "The host could not be resolved.", detail: "getaddrinfo(\(host)): \(reason)")
        }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let sockaddr = entry.pointee.ai_addr {
                switch Int32(entry.pointee.ai_family) {
                case AF_INET:
                    let value = sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                    addresses.append(.v4(UInt32(bigEndian: value)))
                case AF_INET6:
                    let bytes = sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                    }
                    addresses.append(.v6(bytes))
                default:
                    break
                }
            }
            cursor = entry.pointee.ai_next
        }
        var seen = Set<IPAddress>()
        return addresses.filter { seen.insert($0).inserted }
    }
}
