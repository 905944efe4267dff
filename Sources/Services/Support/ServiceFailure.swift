// ServiceFailure: the common face of every error this target throws (stable code, safe message, log detail).
// Knows nothing about HTTP statuses or exit codes that callers map these codes to.

/// An error with a stable machine-readable code, a message safe to show a client, and detail for logs only.
public protocol ServiceFailure: Error, Sendable, CustomStringConvertible {
    /// The stable code, for example `AI_RATE_LIMITED`.
    var codeString: String { get }
    /// A sentence safe to show an end user: never upstream bodies or exception text.
    var message: String { get }
    /// Upstream detail (status lines, stderr excerpts) for logs; never show it to a client.
    var detail: String? { get }
}

extension ServiceFailure {
    /// The code and the message (no detail).
    public var description: String { "\(codeString): \(message)" }
}
