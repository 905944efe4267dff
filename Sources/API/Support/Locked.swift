// A value behind a lock that closures and tasks can share by reference.
import Synchronization

/// A mutable value shared across tasks.
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    /// Wraps a value.
    public init(_ value: Value) { mutex = Mutex(value) }

    /// Runs `body` with exclusive access.
    public func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }

    /// The current value.
    public var value: Value { mutex.withLock { $0 } }
}
