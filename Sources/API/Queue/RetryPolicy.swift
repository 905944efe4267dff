// Decides what a failed attempt leads to: a retry after a backoff, or a final failure with a
// safe message. Pure.
import Foundation

/// Which failures are worth another attempt, and when.
public struct RetryPolicy: Sendable {
    /// Codes of transient failures: the network, timeouts, an upstream that is briefly down, the store.
    public var retryableCodes: Set<String> = [
        "NETWORK_ERROR", "TIMEOUT", "FETCH_FAILED", "AI_TEMPORARILY_UNAVAILABLE", "LYRICS_TIMEOUT", "LYRICS_UNAVAILABLE",
        "STORAGE", "UNAVAILABLE",
    ]
    /// The first backoff.
    public var baseDelay: TimeInterval = 5
    /// The longest backoff.
    public var maxDelay: TimeInterval = 300

    /// The default policy.
    public init() {}

    /// The delay before the next attempt, or nil to fail now. `failures` counts earlier failed attempts.
    public func retryDelay(code: String, failures: Int, maxAttempts: Int, retryAfter: Double? = nil) -> TimeInterval? {
        guard retryableCodes.contains(code), failures + 1 < maxAttempts else { return nil }
        let exponential = min(maxDelay, baseDelay * pow(2, Double(failures)))
        return max(exponential, min(maxDelay, retryAfter ?? 0))
    }
}
