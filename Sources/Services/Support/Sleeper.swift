// Sleeper: an injectable pause, so retry back-off can be tested without waiting real seconds.
// Knows nothing about why the caller waits.

/// A function that suspends for a duration; `.real` uses `Task.sleep`.
public struct Sleeper: Sendable {
    /// The pause itself; throws when the task is cancelled.
    public let sleep: @Sendable (Duration) async throws -> Void

    /// Wraps a pause function (tests record durations and return at once).
    public init(_ sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.sleep = sleep
    }

    /// Sleeps for real with `Task.sleep(for:)`.
    public static let real = Sleeper { duration in try await Task.sleep(for: duration) }
}
