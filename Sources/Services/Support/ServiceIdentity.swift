// ServiceIdentity: how IntelliMix names itself to upstream services (the User-Agent header).
// Knows nothing about any particular service.

/// The product name and version sent as `User-Agent`.
public struct ServiceIdentity: Sendable, Equatable {
    /// The IntelliMix version; default "0.1.0".
    public var version: String

    /// Creates an identity; `version` defaults to "0.1.0".
    public init(version: String = "0.1.0") {
        self.version = version
    }

    /// `IntelliMix/<version> (+https://github.com/intellimix/intellimix)`.
    public var userAgent: String { "IntelliMix/\(version) (+https://github.com/intellimix/intellimix)" }
}
