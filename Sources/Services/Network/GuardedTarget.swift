// GuardedTarget: a URL that passed the SSRF guard, with the checked address to connect to.
// Pure data.

/// A URL the guard accepted, normalised, with every address its host resolved to.
public struct GuardedTarget: Sendable, Equatable {
    /// The normalised URL (lower-case scheme and host, canonical IP literal, no fragment).
    public var url: String
    /// `http` or `https`.
    public var scheme: String
    /// The host as it appears in `url`, without brackets.
    public var host: String
    /// The port (explicit, or 80/443).
    public var port: Int
    /// True when the host was an IP literal (in any notation).
    public var isIPLiteral: Bool
    /// Every address the host resolved to; all were checked.
    public var addresses: [IPAddress]

    /// The checked address the connection must use (the first resolved).
    public var connectAddress: IPAddress { addresses[0] }
}
