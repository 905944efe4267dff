// The UserStore contract, run against every store kind: registration, lookup, duplicates and authentication.
import Foundation
import Testing
@testable import API

@Suite("UserStore contract")
struct UserStoreContractTests {
    private let t0 = StoreTestData.t0
    @Test("users round-trip by id and by e-mail", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let user = StoreTestData.user()
            try await store.createUser(user)
            #expect(try await store.user(id: user.id)?.normalized == user.normalized)
            #expect(try await store.user(email: user.email)?.normalized == user.normalized)
            #expect(try await store.user(id: UUID()) == nil)
            #expect(try await store.user(email: "nobody@example.com") == nil)
        }
    }

    @Test("a taken e-mail address is reported as StoreError.duplicate", arguments: StoreKind.allCases)
    func duplicateEmail(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let first = StoreTestData.user(email: "same@example.com")
            try await store.createUser(first)
            await #expect(throws: StoreError.duplicate("email")) {
                try await store.createUser(StoreTestData.user(email: "same@example.com"))
            }
            #expect(try await store.user(email: "same@example.com")?.id == first.id)
        }
    }

    @Test("authenticate returns active users whose access token and login are not revoked", arguments: StoreKind.allCases)
    func authenticate(kind: StoreKind) async throws {
        try await StoreFixture.withStore(kind) { store in
            let user = StoreTestData.user()
            let inactive = StoreTestData.user(isActive: false)
            try await store.createUser(user)
            try await store.createUser(inactive)

            let family = UUID(), other = UUID()
            #expect(try await store.authenticate(userId: user.id, accessTokenId: "jti-1", familyId: family)?.normalized == user.normalized)
            #expect(try await store.authenticate(userId: inactive.id, accessTokenId: "jti-2", familyId: family) == nil)
            #expect(try await store.authenticate(userId: UUID(), accessTokenId: "jti-3", familyId: family) == nil)

            try await store.revokeAccessToken(id: "jti-1", userId: user.id, expiresAt: t0.addingTimeInterval(900))
            #expect(try await store.authenticate(userId: user.id, accessTokenId: "jti-1", familyId: family) == nil)
            #expect(try await store.authenticate(userId: user.id, accessTokenId: "jti-4", familyId: family)?.id == user.id)

            // Revoking the login refuses every access token of it, and only of it.
            try await store.revokeFamily(family, now: t0)
            #expect(try await store.authenticate(userId: user.id, accessTokenId: "jti-4", familyId: family) == nil)
            #expect(try await store.authenticate(userId: user.id, accessTokenId: "jti-5", familyId: family) == nil)
            #expect(try await store.authenticate(userId: user.id, accessTokenId: "jti-5", familyId: other)?.id == user.id)
        }
    }

    @Test("the revocation epoch moves on every revocation and user change (by hand in SQL too), and not on sign-ins or rotation",
          arguments: StoreKind.allCases)
    func authEpoch(kind: StoreKind) async throws {
        try await StoreFixture.withFixture(kind) { fixture in
            let store = try fixture.open()
            try await store.migrate()
            let user = StoreTestData.user()
            var epoch = try await store.authEpoch()
            func moved(_ what: String, _ expected: Bool) async throws {
                let now = try await store.authEpoch()
                #expect((now > epoch) == expected, "\(what): \(epoch) -> \(now)")
                #expect(now >= epoch, "\(what): the epoch went back")
                epoch = now
            }
            try await store.createUser(user)
            try await moved("createUser", false)
            let family = UUID()
            let first = RefreshTokenRecord(id: "r1", userId: user.id, familyId: family, issuedAt: t0, expiresAt: t0.addingTimeInterval(3600))
            try await store.insertRefreshToken(first)
            try await moved("insertRefreshToken", false)
            let second = RefreshTokenRecord(id: "r2", userId: user.id, familyId: family, issuedAt: t0, expiresAt: t0.addingTimeInterval(3600))
            #expect(try await store.rotateRefreshToken(id: "r1", userId: user.id, replacement: second, now: t0) == .rotated)
            try await moved("rotateRefreshToken", false)
            #expect(try await store.authenticate(userId: user.id, accessTokenId: "a1", familyId: family) != nil)
            try await moved("authenticate", false)

            try await store.revokeAccessToken(id: "a1", userId: user.id, expiresAt: t0.addingTimeInterval(900))
            try await moved("revokeAccessToken", true)
            let third = RefreshTokenRecord(id: "r3", userId: user.id, familyId: family, issuedAt: t0, expiresAt: t0.addingTimeInterval(3600))
            #expect(try await store.rotateRefreshToken(id: "r1", userId: user.id, replacement: third, now: t0) == .reused)
            try await moved("refresh-token reuse", true)
            try await store.revokeFamily(UUID(), now: t0)
            try await moved("revokeFamily", true)
            await store.close()

            // An operator deactivating the user by hand, with no program code involved.
            try await fixture.runSQL(sqlite: "UPDATE users SET is_active = 0", postgres: "UPDATE users SET is_active = false")
            let reopened = try fixture.open()
            #expect(try await reopened.authEpoch() > epoch, "a hand-written UPDATE of users")
            await reopened.close()
        }
    }
}
