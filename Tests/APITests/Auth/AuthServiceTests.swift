// AuthService over the in-memory test store: registration, login, refresh rotation, logout and authentication.
// Uses bcrypt cost 4 and a hand-moved clock.
import Foundation
import Testing
@testable import API

@Suite("AuthService")
struct AuthServiceTests {
    @Test("register, login and me")
    func happyPath() async throws {
        let f = try await AuthFixture()
        let registered = try await f.service.register(name: "  Alice ", email: " Alice@Example.COM ", password: "correct horse battery")
        #expect(registered.user.name == "Alice")
        #expect(registered.user.email == "alice@example.com")
        #expect(registered.user.passwordHash.hasPrefix("$2"))
        #expect(registered.accessExpiresIn == 1800)
        #expect(registered.refreshExpiresIn == 30 * 86400)

        let me = try await f.service.authenticate(accessToken: registered.accessToken)
        #expect(me.user.id == registered.user.id)
        #expect(me.claims.userId == registered.user.id)

        let loggedIn = try await f.service.login(email: "ALICE@example.com  ", password: "correct horse battery")
        #expect(loggedIn.user.id == registered.user.id)
        #expect(loggedIn.accessToken != registered.accessToken)
        let again = try await f.service.authenticate(accessToken: loggedIn.accessToken)
        #expect(again.user.email == "alice@example.com")
    }

    @Test("duplicate e-mail (any case) is 409 AUTH_EMAIL_TAKEN")
    func duplicateEmail() async throws {
        let f = try await AuthFixture()
        try await f.registerAlice()
        let error = await caughtAPIError { _ = try await f.service.register(name: "Other", email: "ALICE@example.com", password: "another password") }
        #expect(error == .emailTaken)
        #expect(error?.status == 409)
    }

    @Test("register validates name, e-mail and password")
    func registerValidation() async throws {
        let f = try await AuthFixture()
        let short = await caughtAPIError { _ = try await f.service.register(name: "A", email: "a@b.co", password: "1234567") }
        #expect(short?.status == 400)
        #expect(short?.code == "VALIDATION_ERROR")
        #expect(short?.details.first?.field == "password")
        let long = await caughtAPIError { _ = try await f.service.register(name: "A", email: "a@b.co", password: String(repeating: "x", count: 73)) }
        #expect(long?.code == "VALIDATION_ERROR")
        #expect(long?.message.contains("72") == true)
        let email = await caughtAPIError { _ = try await f.service.register(name: "A", email: "not-an-email", password: "long enough") }
        #expect(email?.details.first?.field == "email")
        let name = await caughtAPIError { _ = try await f.service.register(name: "   ", email: "a@b.co", password: "long enough") }
        #expect(name?.details.first?.field == "name")
        // Exactly 72 bytes is fine.
        _ = try await f.service.register(name: "A", email: "a@b.co", password: String(repeating: "x", count: 72))
    }

    @Test("unknown e-mail, wrong password and inactive user answer alike, each after one bcrypt verification")
    func indistinguishableLoginFailures() async throws {
        let f = try await AuthFixture()
        let alice = try await f.registerAlice()

        let before = f.hasher.verificationCount
        let unknown = await caughtAPIError { _ = try await f.service.login(email: "nobody@example.com", password: "correct horse battery") }
        #expect(f.hasher.verificationCount == before + 1)
        let wrong = await caughtAPIError { _ = try await f.service.login(email: "alice@example.com", password: "wrong password!") }
        #expect(f.hasher.verificationCount == before + 2)
        await f.store.setActive(alice.user.id, false)
        let inactive = await caughtAPIError { _ = try await f.service.login(email: "alice@example.com", password: "correct horse battery") }
        #expect(f.hasher.verificationCount == before + 3)
        // A second unknown-address login uses the cached dummy hash and still counts one verification.
        let unknownAgain = await caughtAPIError { _ = try await f.service.login(email: "ghost@example.com", password: "x") }
        #expect(f.hasher.verificationCount == before + 4)

        #expect(unknown == .invalidCredentials)
        #expect(unknown == wrong)
        #expect(wrong == inactive)
        #expect(unknownAgain == unknown)
        #expect(unknown?.status == 401)
        #expect(unknown?.code == "AUTH_INVALID_CREDENTIALS")
        #expect(unknown?.message == "Invalid credentials")
    }

    @Test("a password longer than 72 bytes never logs in, even when bcrypt would truncate it to the right one")
    func overlongLoginPassword() async throws {
        let f = try await AuthFixture()
        let password = String(repeating: "p", count: 72)
        _ = try await f.service.register(name: "Long", email: "long@example.com", password: password)
        _ = try await f.service.login(email: "long@example.com", password: password)
        let error = await caughtAPIError { _ = try await f.service.login(email: "long@example.com", password: password + "extra") }
        #expect(error == .invalidCredentials)
    }

    @Test("an inactive user's access token no longer authenticates")
    func inactiveUserToken() async throws {
        let f = try await AuthFixture()
        let session = try await f.registerAlice()
        await f.store.setActive(session.user.id, false)
        let error = await caughtAPIError { _ = try await f.service.authenticate(accessToken: session.accessToken) }
        #expect(error == .tokenRevoked)
    }

    @Test("refresh rotates within the family; reusing a spent token revokes the family")
    func refreshRotationAndReuse() async throws {
        let f = try await AuthFixture()
        let first = try await f.registerAlice()
        f.clock.advance(by: 60)
        let second = try await f.service.refresh(refreshToken: first.refreshToken)
        #expect(second.refreshToken != first.refreshToken)
        #expect(second.user.id == first.user.id)
        _ = try await f.service.authenticate(accessToken: second.accessToken)

        let r1 = try await f.tokens.verifyRefresh(first.refreshToken, now: f.clock.now())
        let r2 = try await f.tokens.verifyRefresh(second.refreshToken, now: f.clock.now())
        #expect(r1.familyId == r2.familyId)
        #expect(await f.store.refreshRecord(r1.tokenId)?.replacedBy == r2.tokenId)

        let reuse = await caughtAPIError { _ = try await f.service.refresh(refreshToken: first.refreshToken) }
        #expect(reuse == .tokenReused)
        // The newest token of the family is dead too.
        let newest = await caughtAPIError { _ = try await f.service.refresh(refreshToken: second.refreshToken) }
        #expect(newest?.status == 401)
        #expect(newest == .tokenReused)
        #expect(await f.store.refreshRecord(r2.tokenId)?.revokedAt != nil)

        // Another login starts a new, unaffected family.
        let fresh = try await f.service.login(email: "alice@example.com", password: "correct horse battery")
        _ = try await f.service.refresh(refreshToken: fresh.refreshToken)
    }

    @Test("an expired refresh token is 401 AUTH_TOKEN_EXPIRED")
    func expiredRefresh() async throws {
        let f = try await AuthFixture(refreshLifetime: .seconds(3600))
        let session = try await f.registerAlice()
        f.clock.advance(by: 3600)
        let error = await caughtAPIError { _ = try await f.service.refresh(refreshToken: session.refreshToken) }
        #expect(error == .tokenExpired)
    }

    @Test("a refresh token is not an access token, and vice versa")
    func tokenKindsAreNotInterchangeable() async throws {
        let f = try await AuthFixture()
        let session = try await f.registerAlice()
        let asAccess = await caughtAPIError { _ = try await f.service.authenticate(accessToken: session.refreshToken) }
        #expect(asAccess == .tokenInvalid)
        let asRefresh = await caughtAPIError { _ = try await f.service.refresh(refreshToken: session.accessToken) }
        #expect(asRefresh == .tokenInvalid)
        // Logout does not take the wrong kind either.
        #expect(try await f.service.logout(accessToken: session.refreshToken, refreshToken: session.accessToken) == false)
        _ = try await f.service.refresh(refreshToken: session.refreshToken)
    }

    @Test("an expired access token is 401 AUTH_TOKEN_EXPIRED")
    func expiredAccess() async throws {
        let f = try await AuthFixture()
        let session = try await f.registerAlice()
        f.clock.advance(by: 1799)
        _ = try await f.service.authenticate(accessToken: session.accessToken)
        f.clock.advance(by: 1)
        let error = await caughtAPIError { _ = try await f.service.authenticate(accessToken: session.accessToken) }
        #expect(error == .tokenExpired)
    }

    @Test("logout with an expired access token still revokes the refresh token")
    func logoutWithExpiredAccessToken() async throws {
        let f = try await AuthFixture()
        let session = try await f.registerAlice()
        f.clock.advance(by: 3600)
        #expect(try await f.service.logout(accessToken: session.accessToken, refreshToken: session.refreshToken))
        let claims = try await f.tokens.verifyRefresh(session.refreshToken, now: f.clock.now())
        #expect(await f.store.refreshRecord(claims.tokenId)?.revokedAt != nil)
        let error = await caughtAPIError { _ = try await f.service.refresh(refreshToken: session.refreshToken) }
        #expect(error?.status == 401)
        // Logging out again is harmless.
        #expect(try await f.service.logout(accessToken: session.accessToken, refreshToken: session.refreshToken))
    }

    @Test("an access token is refused after logout, and logging out twice is fine")
    func accessTokenRevokedByLogout() async throws {
        let f = try await AuthFixture()
        let session = try await f.registerAlice()
        _ = try await f.service.authenticate(accessToken: session.accessToken)
        try await f.service.logout(accessToken: session.accessToken, refreshToken: nil)
        let error = await caughtAPIError { _ = try await f.service.authenticate(accessToken: session.accessToken) }
        #expect(error == .tokenRevoked)
        try await f.service.logout(accessToken: session.accessToken, refreshToken: session.refreshToken)
        // Another session of the same user is unaffected.
        let other = try await f.service.login(email: "alice@example.com", password: "correct horse battery")
        _ = try await f.service.authenticate(accessToken: other.accessToken)
    }

    @Test("logout ignores tokens that do not verify")
    func logoutWithGarbage() async throws {
        let f = try await AuthFixture()
        #expect(try await f.service.logout(accessToken: "garbage", refreshToken: "a.b.c") == false)
        #expect(try await f.service.logout(accessToken: nil, refreshToken: nil) == false)
    }

    @Test("store failures are 503 UNAVAILABLE without the store's text")
    func storeFailure() async throws {
        let f = try await AuthFixture()
        let session = try await f.registerAlice()
        await f.store.setFailing(true)
        let login = await caughtAPIError { _ = try await f.service.login(email: "alice@example.com", password: "correct horse battery") }
        #expect(login == .unavailable())
        let register = await caughtAPIError { _ = try await f.service.register(name: "B", email: "b@example.com", password: "long enough") }
        #expect(register == .unavailable())
        let me = await caughtAPIError { _ = try await f.service.authenticate(accessToken: session.accessToken) }
        #expect(me?.status == 503)
        #expect(me?.message.contains("hunter2") == false)
    }
}
