// ProgressRecorder: collects the values a progress callback receives, from any thread.
// Knows nothing about what reports progress.

import Foundation

/// A thread-safe list of progress values (NSLock, so it also builds where Synchronization.Mutex is unavailable).
final class ProgressRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Double] = []

    /// Appends one value.
    func record(_ value: Double) {
        lock.lock(); defer { lock.unlock() }
        stored.append(value)
    }

    /// Everything recorded so far, in order.
    var values: [Double] {
        lock.lock(); defer { lock.unlock() }
        return stored
    }

    /// True when the values never decrease and the last one is 1.
    var isMonotoneToOne: Bool {
        let v = values
        return zip(v, v.dropFirst()).allSatisfy { $0 <= $1 } && v.last == 1
    }
}
