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
}
