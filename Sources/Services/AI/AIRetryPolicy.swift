// AIRetryPolicy: how many times and how long to wait between attempts: base × 2^attempt, never sooner than
// the server asked, capped. Pure arithmetic.

/// Retry limits for AI requests.
public struct AIRetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt; default 2 (so at most 3 requests).
    public var maxRetries: Int
    /// The first back-off; default 2 s (then 4 s, 8 s, …).
    public var baseDelay: Duration
    /// The longest wait; default 60 s. A server asking for longer is not retried: the error carries its delay.
    public var maxDelay: Duration

    /// Creates a policy; every default is listed on its property.
    public init(maxRetries: Int = 2, baseDelay: Duration = .seconds(2), maxDelay: Duration = .seconds(60)) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before retry number `retry` (0 for the first retry): `max(base × 2^retry, serverHint)`, capped.
    public func delay(beforeRetry retry: Int, serverHint: Duration?) -> Duration {
        let backoff = baseDelay * (1 << min(retry, 20))
        let wanted = max(backoff, serverHint ?? .zero)
        return min(wanted, maxDelay)
    }
}
