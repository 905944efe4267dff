// Verified access tokens of this process, so an authenticated request needs neither the JWT check nor the user query
// while nothing was revoked. Exact across processes: an entry is used only while the database's revocation epoch (which
// triggers bump on every revocation, deactivation or user change) still reads what it read before the entry's lookup,
// and that epoch is read by a query that started after the request arrived. Concurrent requests share that one read.
import Foundation
import Synchronization

/// A bounded map from access token to its verified claims and user, valid for one revocation epoch.
public final class AuthCache: Sendable {
    /// One verified token.
    struct Entry: Sendable {
        /// The token's user as the store returned it.
        var user: UserRecord
        /// The token's claims.
        var claims: AccessClaims
        /// The revocation epoch read before the store said the token was good.
        var epoch: Int64
    }

    /// The most tokens kept; when full, entries of older epochs go first, then all.
    public let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])
    private let epochRead: CoalescedRead<Int64>
    private let hitCount = Atomic<Int>(0)

    /// Creates an empty cache of at most `capacity` tokens reading the epoch with `epoch`.
    public init(capacity: Int, epoch: @escaping @Sendable () async throws -> Int64) {
        self.capacity = max(1, capacity)
        epochRead = CoalescedRead(epoch)
    }

    /// The revocation epoch, from a read that started after this call began.
    public func currentEpoch() async throws -> Int64 { try await epochRead.value() }

    /// The entry for `token`, whatever its epoch.
    func entry(for token: String) -> Entry? { entries.withLock { $0[token] } }

    /// Keeps a token the store just confirmed, under the epoch read before that confirmation.
    func remember(_ token: String, user: UserRecord, claims: AccessClaims, epoch: Int64) {
        entries.withLock { map in
            if map.count >= capacity {
                map = map.filter { $0.value.epoch >= epoch }
                if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            }
            map[token] = Entry(user: user, claims: claims, epoch: epoch)
        }
    }

    /// Counts a request answered from the cache.
    func countHit() { hitCount.add(1, ordering: .relaxed) }

    /// Requests answered from the cache so far.
    public var hits: Int { hitCount.load(ordering: .relaxed) }
    /// Epoch reads so far (each shared by every request that waited for it).
    public var epochReads: Int { epochRead.reads }
    /// Tokens held now.
    public var count: Int { entries.withLock { $0.count } }
}
