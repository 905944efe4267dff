// LRCLIBConfiguration: where LRCLIB is and how long to wait for it, with defaults and environment names.
// Pure data.

/// Settings for LRCLIBClient.
public struct LRCLIBConfiguration: Sendable {
    /// The API base URL; default `https://lrclib.net/api` (`TIMESTAMPED_LYRICS_API_URL`).
    public var baseURL: String
    /// The time limit per request; default 10 s (`TIMESTAMPED_LYRICS_TIMEOUT_SECONDS`).
    public var timeout: Duration
    /// The User-Agent identity LRCLIB asks clients to send; default version 0.1.0.
    public var identity: ServiceIdentity

    /// Creates a configuration; every default is listed on its property.
    public init(
        baseURL: String = "https://lrclib.net/api", timeout: Duration = .seconds(10), identity: ServiceIdentity = ServiceIdentity()
    ) {
        self.baseURL = BaseURL.trimmed(baseURL)
        self.timeout = timeout
        self.identity = identity
    }

    /// Reads `TIMESTAMPED_LYRICS_API_URL` and `TIMESTAMPED_LYRICS_TIMEOUT_SECONDS`; throws ConfigurationError.
    public init(environment: [String: String], identity: ServiceIdentity = ServiceIdentity()) throws {
        let env = EnvironmentReader(environment: environment)
        self.init(identity: identity)
        if let url = try env.baseURL("TIMESTAMPED_LYRICS_API_URL") { baseURL = url }
        if let seconds = try env.double("TIMESTAMPED_LYRICS_TIMEOUT_SECONDS", in: 0.1...600) { timeout = .seconds(double: seconds) }
    }
}
