// AddressPolicy: which resolved addresses a fetch may connect to (public only, unless told otherwise).
// Pure decisions; knows nothing about URLs or sockets.

/// Decides whether an address and port may be contacted.
public struct AddressPolicy: Sendable, Hashable {
    /// One exact address and port that is allowed even though it is not public.
    public struct TrustedEndpoint: Sendable, Hashable {
        /// The address.
        public var address: IPAddress
        /// The TCP port.
        public var port: Int

        /// Creates an endpoint.
        public init(address: IPAddress, port: Int) {
            self.address = address
            self.port = port
        }
    }

    /// Allow every non-public address (loopback, private, link-local, …); default false. For local development only.
    public var allowPrivateAddresses: Bool
    /// Exact address-and-port pairs allowed despite being non-public (an internal mirror, a test server); default none.
    public var trustedEndpoints: Set<TrustedEndpoint>

    /// Creates a policy; defaults refuse every non-public address.
    public init(allowPrivateAddresses: Bool = false, trustedEndpoints: Set<TrustedEndpoint> = []) {
        self.allowPrivateAddresses = allowPrivateAddresses
        self.trustedEndpoints = trustedEndpoints
    }

    /// Nil when `address:port` may be contacted, else the category that forbids it.
    public func refusal(for address: IPAddress, port: Int) -> AddressCategory? {
        let category = IPAddressClassifier.category(of: address)
        if category.isPublic || allowPrivateAddresses { return nil }
        if trustedEndpoints.contains(TrustedEndpoint(address: address, port: port)) { return nil }
        return category
    }
}
