// An in-memory fixed-window rate limiter keyed by strings such as "login:ip:1.2.3.4" or "login:email:x@y".
// Per process only: several API replicas each count separately. Knows nothing of HTTP.
import Foundation
import Synchronization

/// Counts attempts per key in fixed windows; thread-safe, with memory bounded by `maxEntries`.
public final class RateLimiter: Sendable {
    private struct Window {
        var resetAt: Date
        var count: Int
    }

    /// The most keys kept; past this, lapsed windows are swept, then the windows ending soonest are dropped.
    public let maxEntries: Int
    private let windows = Mutex<[String: Window]>([:])

    /// Creates a limiter keeping at most `maxEntries` keys (default 10 000).
    public init(maxEntries: Int = 10_000) {
        precondition(maxEntries > 0, "maxEntries must be positive")
        self.maxEntries = maxEntries
    }

    /// Counts one attempt for `key`: nil when it is within `limit` attempts per `window`, otherwise the whole seconds
    /// (at least 1) until the window ends. Refused attempts are not counted.
    public func check(_ key: String, limit: Int, window: Duration, now: Date = Date()) -> Int? {
        let length = window.timeInterval
        precondition(limit > 0 && length > 0, "limit and window must be positive")
        return windows.withLock { table -> Int? in
            if var entry = table[key], now < entry.resetAt {
                guard entry.count < limit else {
                    return max(1, Int(entry.resetAt.timeIntervalSince(now).rounded(.up)))
                }
                entry.count += 1
                table[key] = entry
                return nil
            }
            table[key] = Window(resetAt: now.addingTimeInterval(length), count: 1)
            if table.count > maxEntries { Self.evict(&table, now: now, keep: maxEntries) }
            return nil
        }
    }

    /// Forgets `key` (for example after a successful login).
    public func reset(_ key: String) {
        _ = windows.withLock { $0.removeValue(forKey: key) }
    }

    /// How many keys are held now.
    public var count: Int { windows.withLock { $0.count } }

    /// Removes lapsed windows; if still over `keep`, drops the windows ending soonest until half of `keep` remain, so
    /// that a flood of distinct keys costs one sort per `keep / 2` new keys rather than one per key.
    private static func evict(_ table: inout [String: Window], now: Date, keep: Int) {
        table = table.filter { now < $0.value.resetAt }
        guard table.count > keep else { return }
        let target = max(1, keep / 2)
        let doomed = table.sorted { $0.value.resetAt < $1.value.resetAt }.prefix(table.count - target)
        for (key, _) in doomed { table.removeValue(forKey: key) }
    }
}
