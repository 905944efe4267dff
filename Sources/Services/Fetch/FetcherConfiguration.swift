// FetcherConfiguration: limits and address policy for SafeHTTPFetcher, with defaults and environment names.
// Pure data.

/// Settings for direct media downloads.
public struct FetcherConfiguration: Sendable {
    /// The largest body accepted, in bytes; default 500 MiB (`INTELLIMIX_FETCH_MAX_MB`).
    public var maxBytes: Int64
    /// Redirects followed, each one checked again; default 5 (`INTELLIMIX_FETCH_MAX_REDIRECTS`).
    public var maxRedirects: Int
    /// Time to establish a connection; default 10 s (`INTELLIMIX_FETCH_CONNECT_TIMEOUT_SECONDS`).
    public var connectTimeout: Duration
    /// Longest silence while reading; default 30 s (`INTELLIMIX_FETCH_READ_TIMEOUT_SECONDS`).
    public var readTimeout: Duration
    /// Time for the whole download, redirects included; default 600 s (`INTELLIMIX_FETCH_TIMEOUT_SECONDS`).
    public var totalTimeout: Duration
    /// Which addresses may be contacted; default public only (`INTELLIMIX_FETCH_ALLOW_PRIVATE_ADDRESSES=1`
    /// allows every address: local development only).
    public var policy: AddressPolicy
    /// The User-Agent identity; default version 0.1.0.
    public var identity: ServiceIdentity

    /// Creates a configuration; every default is listed on its property.
    public init(
        maxBytes: Int64 = 500 << 20, maxRedirects: Int = 5, connectTimeout: Duration = .seconds(10),
        readTimeout: Duration = .seconds(30), totalTimeout: Duration = .seconds(600),
        policy: AddressPolicy = AddressPolicy(), identity: ServiceIdentity = ServiceIdentity()
    ) {
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.totalTimeout = totalTimeout
        self.policy = policy
        self.identity = identity
    }

    /// Reads the `INTELLIMIX_FETCH_*` variables; unset ones keep their defaults; throws ConfigurationError.
    public init(environment: [String: String], identity: ServiceIdentity = ServiceIdentity()) throws {
        let env = EnvironmentReader(environment: environment)
        self.init(identity: identity)
        if let megabytes = try env.int("INTELLIMIX_FETCH_MAX_MB", in: 1...1_000_000) { maxBytes = Int64(megabytes) << 20 }
        if let count = try env.int("INTELLIMIX_FETCH_MAX_REDIRECTS", in: 0...20) { maxRedirects = count }
        if let seconds = try env.double("INTELLIMIX_FETCH_CONNECT_TIMEOUT_SECONDS", in: 0.1...600) {
            connectTimeout = .seconds(double: seconds)
        }
        if let seconds = try env.double("INTELLIMIX_FETCH_READ_TIMEOUT_SECONDS", in: 0.1...3600) {
            readTimeout = .seconds(double: seconds)
        }
        if let seconds = try env.double("INTELLIMIX_FETCH_TIMEOUT_SECONDS", in: 1...86_400) {
            totalTimeout = .seconds(double: seconds)
        }
        if let allow = try env.bool("INTELLIMIX_FETCH_ALLOW_PRIVATE_ADDRESSES") { policy.allowPrivateAddresses = allow }
    }
}
