// ServerCounter: a thread-safe call counter for loopback handlers that answer differently per call.
// Test support only.
import NIOConcurrencyHelpers

/// Counts calls across handler tasks.
final class ServerCounter: Sendable {
    private let count = NIOLockedValueBox(0)

    /// The 1-based number of this call.
    func next() -> Int { count.withLockedValue { $0 += 1; return $0 } }
}
