// AuthService with its token cache over the in-memory store: repeated tokens are answered from the cache, and every
// revocation, deactivation, expiry and store failure is still seen on the very next request.
import Foundation
import Testing
@testable import API

@Suite("AuthService with a token cache")
struct AuthCacheTests {
    @Test("a repeated token is answered from the cache; revoking the login refuses it on the next request")
    func hitThenLogout() async throws {
        let f = try await AuthFixture(cacheCapacity: 100)
        let cache = try #require(f.service.cache)
        let session = try await f.registerAlice()
        _ = try await f.service.authenticate(accessToken: session.accessToken)
        #expect(cache.hits == 0 && cache.count == 1)
        for _ in 0..<5 {
            let me = try await f.service.authenticate(accessToken: session.accessToken)
            #expect(me.user.email == "alice@example.com")
        }
        #expect(cache.hits == 5)

        // A logout by the refresh token alone (the access token itself is not blocked) still reaches the cached token.
        _ = try await f.service.logout(accessToken: nil, refreshToken: session.refreshToken)
        let error = await caughtAPIError { _ = try await f.service.authenticate(accessToken: session.accessToken) }
        #expect(error == .tokenRevoked)
        #expect(cache.hits == 5)
    }

    @Test("deactivating the user refuses a cached token at once")
    func deactivation() async throws {
        let f = try await AuthFixture(cacheCapacity: 100)
        let session = try await f.registerAlice()
        _ = try await f.service.authenticate(accessToken: session.accessToken)
        _ = try await f.service.authenticate(accessToken: session.accessToken)
        #expect(f.service.cache?.hits == 1)
        await f.store.setActive(session.user.id, false)
        let error = await caughtAPIError { _ = try await f.service.authenticate(accessToken: session.accessToken) }
        #expect(error == .tokenRevoked)
    }

    @Test("a cached token past its expiry is AUTH_TOKEN_EXPIRED, as without the cache")
    func expiry() async throws {
        let f = try await AuthFixture(accessLifetime: .seconds(60), cacheCapacity: 100)
        let session = try await f.registerAlice()
        _ = try await f.service.authenticate(accessToken: session.accessToken)
        f.clock.advance(by: 61)
        let error = await caughtAPIError { _ = try await f.service.authenticate(accessToken: session.accessToken) }
        #expect(error == .tokenExpired)
    }

    @Test("a store that fails on the epoch read is 503 UNAVAILABLE, also for a cached token")
    func storeDown() async throws {
        let f = try await AuthFixture(cacheCapacity: 100)
        let session = try await f.registerAlice()
        _ = try await f.service.authenticate(accessToken: session.accessToken)
        await f.store.setFailing(true)
        let error = await caughtAPIError { _ = try await f.service.authenticate(accessToken: session.accessToken) }
        #expect(error?.status == 503 && error?.code == "UNAVAILABLE")
        #expect(!(error?.message.contains("hunter2") ?? true))
    }

    @Test("a forged token is refused even when a good one is cached; the cache stays within its capacity")
    func forgedAndCapacity() async throws {
        let f = try await AuthFixture(cacheCapacity: 2)
        let cache = try #require(f.service.cache)
        let session = try await f.registerAlice()
        _ = try await f.service.authenticate(accessToken: session.accessToken)
        let forged = String(session.accessToken.dropLast(2)) + (session.accessToken.hasSuffix("AA") ? "BB" : "AA")
        #expect(await caughtAPIError { _ = try await f.service.authenticate(accessToken: forged) } == .tokenInvalid)
        for _ in 0..<3 {
            let login = try await f.service.login(email: "alice@example.com", password: "correct horse battery")
            _ = try await f.service.authenticate(accessToken: login.accessToken)
            #expect(cache.count <= 2)
        }
    }
}
