// The TokenStore contract, run against every store kind: refresh-token rotation with reuse detection,
// revocation, access-token blocks and purging.
import Foundation
import Testing
@testable import API

@Suite("TokenStore contract")
struct TokenStoreContractTests {
    private let t0 = StoreTestData.t0
    /// A live refresh token of `user`, issued at `t0` and valid for a day.
    private func token(_ id: String, of user: UserRecord, family: UUID, expires: Date? = nil) -> RefreshTokenRecord {
        RefreshTokenRecord(id: id, userId: user.id, familyId: family, issuedAt: t0, expiresAt: expires ?? t0.addingTimeInterval(86_400))
    }

    /// A store with one registered user.
    private func withUser(_ kind: StoreKind, _ body: (any AppStore, UserRecord) async throws -> Void) async throws {
        try await StoreFixture.withStore(kind) { store in
            let user = StoreTestData.user()
            try await store.createUser(user)
            try await body(store, user)
        }
    }

    @Test("refresh tokens round-trip", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) async throws {
        try await withUser(kind) { store, user in
            var stored = token("rt-1", of: user, family: UUID())
            stored.revokedAt = t0.addingTimeInterval(5)
            stored.replacedBy = "rt-0"
            try await store.insertRefreshToken(stored)
            #expect(try await store.refreshToken(id: "rt-1")?.normalized == stored.normalized)
            #expect(try await store.refreshToken(id: "missing") == nil)
        }
    }

    @Test("rotating a live token marks it replaced and stores the replacement", arguments: StoreKind.allCases)
    func rotation(kind: StoreKind) async throws {
        try await withUser(kind) { store, user in
            let family = UUID()
            try await store.insertRefreshToken(token("rt-1", of: user, family: family))
            let replacement = RefreshTokenRecord(id: "rt-2", userId: user.id, familyId: family, issuedAt: t0.addingTimeInterval(60),
                                                 expiresAt: t0.addingTimeInterval(86_460))
            let outcome = try await store.rotateRefreshToken(id: "rt-1", userId: user.id, replacement: replacement, now: t0.addingTimeInterval(60))
            #expect(outcome == .rotated)

            let old = try #require(try await store.refreshToken(id: "rt-1"))
            #expect(old.replacedBy == "rt-2")
            #expect(old.revokedAt == nil)
            #expect(try await store.refreshToken(id: "rt-2")?.normalized == replacement.normalized)

            // The replacement rotates in turn.
            let third = RefreshTokenRecord(id: "rt-3", userId: user.id, familyId: family, issuedAt: t0.addingTimeInterval(120),
                                           expiresAt: t0.addingTimeInterval(86_520))
            #expect(try await store.rotateRefreshToken(id: "rt-2", userId: user.id, replacement: third, now: t0.addingTimeInterval(120)) == .rotated)
        }
    }

    @Test("presenting a rotated token again revokes its whole family, replacement included", arguments: StoreKind.allCases)
    func reuseRevokesFamily(kind: StoreKind) async throws {
        try await withUser(kind) { store, user in
            let family = UUID(), otherFamily = UUID()
            try await store.insertRefreshToken(token("rt-1", of: user, family: family))
            try await store.insertRefreshToken(token("other", of: user, family: otherFamily))
            let second = token("rt-2", of: user, family: family)
            #expect(try await store.rotateRefreshToken(id: "rt-1", userId: user.id, replacement: second, now: t0.addingTimeInterval(10)) == .rotated)

            let reuseTime = t0.addingTimeInterval(20)
            let attacker = token("rt-evil", of: user, family: family)
            #expect(try await store.rotateRefreshToken(id: "rt-1", userId: user.id, replacement: attacker, now: reuseTime) == .reused)

            expectSameDate(try await store.refreshToken(id: "rt-1")?.revokedAt, reuseTime)
            expectSameDate(try await store.refreshToken(id: "rt-2")?.revokedAt, reuseTime)
            #expect(try await store.refreshToken(id: "rt-evil") == nil)
            #expect(try await store.refreshToken(id: "other")?.revokedAt == nil)

            // The revoked replacement is itself reuse now, and revocation times are not overwritten.
            let later = t0.addingTimeInterval(30)
            #expect(try await store.rotateRefreshToken(id: "rt-2", userId: user.id, replacement: token("rt-x", of: user, family: family), now: later) == .reused)
            expectSameDate(try await store.refreshToken(id: "rt-2")?.revokedAt, reuseTime)
            #expect(try await store.refreshToken(id: "rt-x") == nil)
        }
    }

    @Test("a revoked token counts as reuse", arguments: StoreKind.allCases)
    func revokedIsReuse(kind: StoreKind) async throws {
        try await withUser(kind) { store, user in
            let family = UUID()
            try await store.insertRefreshToken(token("rt-1", of: user, family: family))
            try await store.insertRefreshToken(token("rt-sibling", of: user, family: family))
            try await store.revokeRefreshToken(id: "rt-1", now: t0.addingTimeInterval(5))
            #expect(try await store.rotateRefreshToken(id: "rt-1", userId: user.id, replacement: token("rt-2", of: user, family: family),
                                                       now: t0.addingTimeInterval(10)) == .reused)
            expectSameDate(try await store.refreshToken(id: "rt-sibling")?.revokedAt, t0.addingTimeInterval(10))
            #expect(try await store.refreshToken(id: "rt-2") == nil)
        }
    }

    @Test("an expired token is not rotated", arguments: StoreKind.allCases)
    func expired(kind: StoreKind) async throws {
        try await withUser(kind) { store, user in
            let family = UUID()
            try await store.insertRefreshToken(token("rt-1", of: user, family: family, expires: t0.addingTimeInterval(100)))
            let outcome = try await store.rotateRefreshToken(id: "rt-1", userId: user.id, replacement: token("rt-2", of: user, family: family),
                                                             now: t0.addingTimeInterval(100))
            #expect(outcome == .expired)
            let old = try #require(try await store.refreshToken(id: "rt-1"))
            #expect(old.replacedBy == nil)
            #expect(old.revokedAt == nil)
            #expect(try await store.refreshToken(id: "rt-2") == nil)
        }
    }

    @Test("unknown tokens and other users' tokens are notFound and left alone", arguments: StoreKind.allCases)
    func notFound(kind: StoreKind) async throws {
        try await withUser(kind) { store, user in
            let mallory = StoreTestData.user()
            try await store.createUser(mallory)
            let family = UUID()
            let original = token("rt-1", of: user, family: family)
            try await store.insertRefreshToken(original)

            #expect(try await store.rotateRefreshToken(id: "missing", userId: user.id, replacement: token("rt-2", of: user, family: family),
                                                       now: t0) == .notFound)
            #expect(try await store.rotateRefreshToken(id: "rt-1", userId: mallory.id, replacement: token("rt-3", of: mallory, family: family),
                                                       now: t0) == .notFound)
            #expect(try await store.refreshToken(id: "rt-1")?.normalized == original.normalized)
            #expect(try await store.refreshToken(id: "rt-2") == nil)
            #expect(try await store.refreshToken(id: "rt-3") == nil)
        }
    }

    @Test("revoking one token or a family sets revoked_at once", arguments: StoreKind.allCases)
    func revocation(kind: StoreKind) async throws {
        try await withUser(kind) { store, user in
            let family = UUID(), other = UUID()
            try await store.insertRefreshToken(token("a1", of: user, family: family))
            try await store.insertRefreshToken(token("a2", of: user, family: family))
            try await store.insertRefreshToken(token("b1", of: user, family: other))

            try await store.revokeRefreshToken(id: "a1", now: t0.addingTimeInterval(1))
            try await store.revokeRefreshToken(id: "a1", now: t0.addingTimeInterval(2))
            try await store.revokeRefreshToken(id: "unknown", now: t0)
            expectSameDate(try await store.refreshToken(id: "a1")?.revokedAt, t0.addingTimeInterval(1))
            #expect(try await store.refreshToken(id: "a2")?.revokedAt == nil)

            try await store.revokeFamily(family, now: t0.addingTimeInterval(3))
            expectSameDate(try await store.refreshToken(id: "a1")?.revokedAt, t0.addingTimeInterval(1))
            expectSameDate(try await store.refreshToken(id: "a2")?.revokedAt, t0.addingTimeInterval(3))
            #expect(try await store.refreshToken(id: "b1")?.revokedAt == nil)
        }
    }

    @Test("revoking a family, directly or by reuse, blocks the family and purges the block later", arguments: StoreKind.allCases)
    func familyRevocation(kind: StoreKind) async throws {
        try await withUser(kind) { store, user in
            let family = UUID(), reused = UUID(), untouched = UUID()
            #expect(try await store.isFamilyRevoked(family) == false)
            try await store.insertRefreshToken(token("f-1", of: user, family: family))
            try await store.revokeFamily(family, now: t0)
            try await store.revokeFamily(family, now: t0.addingTimeInterval(1))
            #expect(try await store.isFamilyRevoked(family))
            #expect(try await store.refreshToken(id: "f-1")?.revokedAt != nil)

            try await store.insertRefreshToken(token("r-1", of: user, family: reused))
            _ = try await store.rotateRefreshToken(id: "r-1", userId: user.id, replacement: token("r-2", of: user, family: reused), now: t0)
            #expect(try await store.isFamilyRevoked(reused) == false)
            #expect(try await store.rotateRefreshToken(id: "r-1", userId: user.id, replacement: token("r-3", of: user, family: reused),
                                                       now: t0.addingTimeInterval(10)) == .reused)
            #expect(try await store.isFamilyRevoked(reused))
            #expect(try await store.isFamilyRevoked(untouched) == false)

            // Blocks go with the other long-revoked rows (the refresh tokens themselves are still live until revokedBefore).
            _ = try await store.purgeTokens(now: t0.addingTimeInterval(5), revokedBefore: t0.addingTimeInterval(5))
            #expect(try await store.isFamilyRevoked(family) == false)
            #expect(try await store.isFamilyRevoked(reused))
        }
    }

    @Test("access tokens can be revoked, twice without error", arguments: StoreKind.allCases)
    func accessTokenRevocation(kind: StoreKind) async throws {
        try await withUser(kind) { store, user in
            #expect(try await store.isAccessTokenRevoked(id: "jti") == false)
            try await store.revokeAccessToken(id: "jti", userId: user.id, expiresAt: t0.addingTimeInterval(900))
            try await store.revokeAccessToken(id: "jti", userId: user.id, expiresAt: t0.addingTimeInterval(900))
            #expect(try await store.isAccessTokenRevoked(id: "jti") == true)
            #expect(try await store.isAccessTokenRevoked(id: "other") == false)
        }
    }

    @Test("purge deletes expired and long-revoked tokens and lapsed blocks, and counts them", arguments: StoreKind.allCases)
    func purge(kind: StoreKind) async throws {
        try await withUser(kind) { store, user in
            let now = t0.addingTimeInterval(1_000)
            let revokedBefore = t0.addingTimeInterval(500)
            let family = UUID()
            try await store.insertRefreshToken(token("expired", of: user, family: family, expires: t0.addingTimeInterval(999)))
            try await store.insertRefreshToken(token("expires-now", of: user, family: family, expires: now))
            try await store.insertRefreshToken(token("live", of: user, family: family))
            try await store.insertRefreshToken(token("revoked-long-ago", of: user, family: family))
            try await store.insertRefreshToken(token("revoked-recently", of: user, family: family))
            try await store.revokeRefreshToken(id: "revoked-long-ago", now: t0.addingTimeInterval(100))
            try await store.revokeRefreshToken(id: "revoked-recently", now: revokedBefore)
            try await store.revokeAccessToken(id: "lapsed", userId: user.id, expiresAt: t0.addingTimeInterval(10))
            try await store.revokeAccessToken(id: "lapses-now", userId: user.id, expiresAt: now)
            try await store.revokeAccessToken(id: "blocking", userId: user.id, expiresAt: now.addingTimeInterval(1))

            #expect(try await store.purgeTokens(now: now, revokedBefore: revokedBefore) == 5)

            #expect(try await store.refreshToken(id: "expired") == nil)
            #expect(try await store.refreshToken(id: "expires-now") == nil)
            #expect(try await store.refreshToken(id: "revoked-long-ago") == nil)
            #expect(try await store.refreshToken(id: "live") != nil)
            #expect(try await store.refreshToken(id: "revoked-recently") != nil)
            #expect(try await store.isAccessTokenRevoked(id: "lapsed") == false)
            #expect(try await store.isAccessTokenRevoked(id: "lapses-now") == false)
            #expect(try await store.isAccessTokenRevoked(id: "blocking") == true)

            #expect(try await store.purgeTokens(now: now, revokedBefore: revokedBefore) == 0)
        }
    }
}
