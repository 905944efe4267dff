// Helpers for the auth tests: a settable clock, a fixture wiring AuthService to the in-memory store, and error capture.
// Test-only; nothing here is used by the service.
import Foundation
import Logging
import Synchronization
import Testing
@testable import API

/// A clock tests move by hand.
final class AuthTestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { current = Mutex(start) }

    func now() -> Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// An AuthService over an InMemoryAuthStore, a cheap bcrypt cost and a test clock.
struct AuthFixture {
    static let secret = "test-secret-that-is-long-enough-for-hs512-and-then-some-0123456789"

    let store = InMemoryAuthStore()
    let clock = AuthTestClock()
    let hasher = PasswordHasher(cost: 4)
    let tokens: TokenService
    let service: AuthService

    init(secret: String = AuthFixture.secret, accessLifetime: Duration = .seconds(1800), refreshLifetime: Duration = .seconds(30 * 86400),
         cacheCapacity: Int? = nil) async throws {
        tokens = try await TokenService(secret: secret, accessTokenLifetime: accessLifetime, refreshTokenLifetime: refreshLifetime)
        let clock = self.clock, store = self.store
        let cache = cacheCapacity.map { AuthCache(capacity: $0) { try await store.authEpoch() } }
        service = AuthService(store: store, hasher: hasher, tokens: tokens, logger: Logger(label: "test.auth", factory: { _ in SwiftLogNoOpLogHandler() }),
                              cache: cache, now: { clock.now() })
    }

    /// Registers a default user and returns the session.
    @discardableResult
    func registerAlice(password: String = "correct horse battery") async throws -> AuthSession {
        try await service.register(name: "Alice", email: "alice@example.com", password: password)
    }
}

/// The APIError `body` threw, or nil when it returned (any other error is recorded as a test issue).
func caughtAPIError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> APIError? {
    do {
        try await body()
        return nil
    } catch let error as APIError {
        return error
    } catch {
        Issue.record("expected an APIError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
