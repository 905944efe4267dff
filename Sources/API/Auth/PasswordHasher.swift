// Bcrypt password hashing and verification, run on a NIO thread pool so no event loop or cooperative thread blocks.
// Knows nothing of users or stores: strings in, hashes and booleans out.
import Foundation
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Hashes and verifies passwords with bcrypt off the caller's thread.
///
/// Every verification (real or dummy) is counted, so tests can check that a login for an unknown e-mail address spends
/// the same bcrypt work as one with a wrong password.
public struct PasswordHasher: Sendable {
    /// The bcrypt cost (log2 rounds), 4...31; default 12.
    public let cost: UInt8
    private let threadPool: NIOThreadPool
    private let state: State

    /// Creates a hasher with bcrypt `cost` (default 12; tests use 4–6) running on `threadPool` (default `.singleton`).
    public init(cost: UInt8 = 12, threadPool: NIOThreadPool = .singleton) {
        precondition((4...31).contains(cost), "bcrypt cost must be between 4 and 31")
        self.cost = cost
        self.threadPool = threadPool
        self.state = State()
    }

    /// The bcrypt hash of `password` (which callers have limited to 72 UTF-8 bytes).
    public func hash(_ password: String) async throws(APIError) -> String {
        let cost = self.cost
        return try await run { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`; a malformed hash never matches.
    public func verify(_ password: String, hash: String) async throws(APIError) -> Bool {
        state.countVerification()
        return try await run { Bcrypt.verify(password, hash: hash) }
    }

    /// Spends one bcrypt verification of `password` against a fixed dummy hash of this hasher's cost, so that a login
    /// for an unknown account takes as long as one with a wrong password. The result is always a mismatch.
    public func verifyDummy(_ password: String) async throws(APIError) {
        state.countVerification()
        let cost = self.cost
        let state = self.state
        _ = try await run { () -> Bool in
            if let dummy = state.dummyHash() {
                return Bcrypt.verify(password, hash: dummy)
            }
            // First use: computing the dummy hash costs the same as one verification.
            let dummy = Bcrypt.hash(UUID().uuidString, cost: cost)
            state.setDummyHash(dummy)
            return false
        }
    }

    /// How many verifications (real and dummy) this hasher and its copies have performed.
    public var verificationCount: Int { state.verifications() }

    private func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws(APIError) -> T {
        do {
            return try await threadPool.runIfActive(body)
        } catch {
            throw APIError.unavailable()
        }
    }

    /// Shared between copies: the lazily computed dummy hash and the verification counter.
    private final class State: Sendable {
        private let values = Mutex<(dummy: String?, verifications: Int)>((nil, 0))

        func dummyHash() -> String? { values.withLock { $0.dummy } }
        func setDummyHash(_ hash: String) { values.withLock { $0.dummy = hash } }
        func countVerification() { values.withLock { $0.verifications += 1 } }
        func verifications() -> Int { values.withLock { $0.verifications } }
    }
}
