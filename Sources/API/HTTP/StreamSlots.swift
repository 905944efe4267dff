// Counts each user's open event streams so that long-lived requests stay bounded: a stream takes a
// slot before it starts and gives it back when it ends, however it ends. Knows nothing of HTTP.
import Foundation
import Synchronization

/// Per-user slots for long-lived responses (Server-Sent Events), at most `limit` per user at once.
public final class StreamSlots: Sendable {
    /// Streams one user may hold at once.
    public let limit: Int
    private let open = Mutex<[UUID: Int]>([:])

    /// Creates the slots; `limit` is `MAX_SSE_STREAMS_PER_USER` (default 4).
    public init(limit: Int) { self.limit = max(1, limit) }

    /// Takes a slot for `user`; nil when they already hold `limit`.
    public func acquire(_ user: UUID) -> Slot? {
        let taken = open.withLock { counts -> Bool in
            guard counts[user, default: 0] < limit else { return false }
            counts[user, default: 0] += 1
            return true
        }
        return taken ? Slot(user: user, owner: self) : nil
    }

    /// Streams `user` holds now.
    public func count(_ user: UUID) -> Int { open.withLock { $0[user] ?? 0 } }

    fileprivate func release(_ user: UUID) {
        open.withLock { counts in
            let n = (counts[user] ?? 1) - 1
            counts[user] = n > 0 ? n : nil
        }
    }

    /// One taken slot: given back by `release()` or, at the latest, when the last reference to it goes (a response
    /// whose body never ran, a client that went away).
    public final class Slot: Sendable {
        private let user: UUID
        private let owner: StreamSlots
        private let released = Atomic<Bool>(false)

        fileprivate init(user: UUID, owner: StreamSlots) {
            self.user = user
            self.owner = owner
        }

        /// Gives the slot back; later calls do nothing.
        public func release() {
            if !released.exchange(true, ordering: .acquiringAndReleasing) { owner.release(user) }
        }

        deinit { release() }
    }
}
