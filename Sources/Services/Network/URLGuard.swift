// URLGuard: the SSRF check for one URL: scheme, no userinfo, host resolution, and every resolved address
// against the AddressPolicy. Knows nothing about HTTP; SafeHTTPFetcher calls it for every hop.
import Foundation

/// Validates user-supplied URLs before anything connects to them.
public struct URLGuard: Sendable {
    /// Which addresses are allowed; default refuses every non-public one.
    public var policy: AddressPolicy
    /// How host names are resolved; default the system resolver.
    public var resolver: HostResolver
    /// How long resolution may take; default 10 s.
    public var resolveTimeout: Duration
    /// The longest URL accepted; default 4096 bytes.
    public var maxURLLength: Int

    /// Creates a guard.
    public init(
        policy: AddressPolicy = AddressPolicy(), resolver: HostResolver = .system,
        resolveTimeout: Duration = .seconds(10), maxURLLength: Int = 4096
    ) {
        self.policy = policy
        self.resolver = resolver
        self.resolveTimeout = resolveTimeout
        self.maxURLLength = maxURLLength
    }

    /// Parses and normalises `url` without resolving; throws `INVALID_URL`.
    public func parse(_ url: String) throws -> (target: GuardedTarget, literal: IPAddress?) {
        func invalid(_ why: String) -> FetchError {
            FetchError(.invalidURL, "The URL is not allowed: \(why).", detail: nil)
        }
        guard !url.isEmpty, url.utf8.count <= maxURLLength else { throw invalid("it is empty or too long") }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw invalid("it contains spaces, control characters or non-ASCII characters")
        }
        guard let components = URLComponents(string: url), let rawScheme = components.scheme else {
            throw invalid("it is not an absolute URL")
        }
        let scheme = rawScheme.lowercased()
        guard scheme == "http" || scheme == "https" else { throw invalid("only http and https are supported") }
        guard components.percentEncodedUser == nil, components.percentEncodedPassword == nil else {
            throw invalid("it must not contain a user name or password")
        }
        guard var host = components.percentEncodedHost, !host.isEmpty else { throw invalid("it has no host") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        host = host.lowercased()
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_:")
        guard !host.isEmpty, host.allSatisfy({ allowed.contains($0) }) else {
            throw invalid("the host name has characters that are not allowed")
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65535).contains(port) else { throw invalid("the port is out of range") }

        let literal = IPAddress(literal: host)
        if host.contains(":"), literal == nil { throw invalid("the IPv6 address cannot be read") }
        let hostForURL: String
        if let literal {
            host = literal.description
            hostForURL = literal.urlHost
        } else {
            hostForURL = host
        }
        var normalized = "\(scheme)://\(hostForURL)"
        if let explicit = components.port { normalized += ":\(explicit)" }
        let path = components.percentEncodedPath
        normalized += path.isEmpty ? "/" : path
        if let query = components.percentEncodedQuery { normalized += "?\(query)" }
        let target = GuardedTarget(
            url: normalized, scheme: scheme, host: host, port: port, isIPLiteral: literal != nil,
            addresses: literal.map { [$0] } ?? [])
        return (target, literal)
    }

    /// Parses, resolves and checks `url`; throws `INVALID_URL`, `BLOCKED_ADDRESS` or `NETWORK_ERROR`/`TIMEOUT`.
    public func check(_ url: String) async throws -> GuardedTarget {
        var (target, literal) = try parse(url)
        if literal == nil {
            let host = target.host
            let resolver = self.resolver
            let addresses = try await TimeLimit.run(
                resolveTimeout,
                timeoutError: { FetchError(.timeout, "Looking up the host timed out.", detail: "resolve \(host)") },
                operation: { try await resolver.resolve(host) })
            guard !addresses.isEmpty else {
                throw FetchError(.networkError, "The host could not be resolved.", detail: "no addresses for \(host)")
            }
            target.addresses = addresses
        }
        for address in target.addresses {
            if let category = policy.refusal(for: address, port: target.port) {
                throw FetchError(
                    .blockedAddress,
                    "The URL points to a non-public (\(category.rawValue)) address, which is not allowed.",
                    detail: "\(target.host) -> \(address) (\(category.rawValue))")
            }
        }
        return target
    }
}
