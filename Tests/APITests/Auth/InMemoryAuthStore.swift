// TEST DOUBLE: an in-memory UserStore & TokenStore with the contract's semantics, for AuthService tests only.
// Never used by the service; the real stores are SQLiteStore and PostgresStore.
import Foundation
@testable import API

/// An in-memory `UserStore & TokenStore` for tests, with a switch that makes every call fail like a lost database.
actor InMemoryAuthStore: UserStore, TokenStore {
    private var users: [UUID: UserRecord] = [:]
    private var refreshTokens: [String: RefreshTokenRecord] = [:]
    private var revokedAccess: [String: (userId: UUID, expiresAt: Date)] = [:]
    private var revokedFamilies: [UUID: Date] = [:]
    private var epoch: Int64 = 0
    /// When true, every call throws `StoreError.unavailable` with internal-looking text.
    var failing = false

    func setFailing(_ value: Bool) { failing = value }
    func setActive(_ userId: UUID, _ active: Bool) {
        users[userId]?.isActive = active
        epoch += 1
    }
    func refreshRecord(_ id: String) -> RefreshTokenRecord? { refreshTokens[id] }
    func accessRevoked(_ id: String) -> Bool { revokedAccess[id] != nil }

    private func check() throws {
        if failing { throw StoreError.unavailable("connection refused: db.internal:5432 password=hunter2") }
    }

    func createUser(_ user: UserRecord) async throws {
        try check()
        if users.values.contains(where: { $0.email == user.email }) { throw StoreError.duplicate("email") }
        users[user.id] = user
    }

    func user(id: UUID) async throws -> UserRecord? {
        try check()
        return users[id]
    }

    func user(email: String) async throws -> UserRecord? {
        try check()
        return users.values.first { $0.email == email }
    }

    func authenticate(userId: UUID, accessTokenId: String, familyId: UUID) async throws -> UserRecord? {
        try check()
        guard let user = users[userId], user.isActive, revokedAccess[accessTokenId] == nil, revokedFamilies[familyId] == nil else { return nil }
        return user
    }

    func authEpoch() async throws -> Int64 {
        try check()
        return epoch
    }

    func insertRefreshToken(_ token: RefreshTokenRecord) async throws {
        try check()
        refreshTokens[token.id] = token
    }

    func refreshToken(id: String) async throws -> RefreshTokenRecord? {
        try check()
        return refreshTokens[id]
    }

    func rotateRefreshToken(id: String, userId: UUID, replacement: RefreshTokenRecord, now: Date) async throws -> RotationOutcome {
        try check()
        guard var token = refreshTokens[id], token.userId == userId else { return .notFound }
        if token.revokedAt != nil || token.replacedBy != nil {
            revokeFamilyNow(token.familyId, now: now)
            return .reused
        }
        if token.expiresAt <= now { return .expired }
        token.replacedBy = replacement.id
        refreshTokens[id] = token
        refreshTokens[replacement.id] = replacement
        return .rotated
    }

    func revokeRefreshToken(id: String, now: Date) async throws {
        try check()
        if refreshTokens[id]?.revokedAt == nil { refreshTokens[id]?.revokedAt = now }
    }

    func revokeFamily(_ familyId: UUID, now: Date) async throws {
        try check()
        revokeFamilyNow(familyId, now: now)
    }

    func isFamilyRevoked(_ familyId: UUID) async throws -> Bool {
        try check()
        return revokedFamilies[familyId] != nil
    }

    private func revokeFamilyNow(_ familyId: UUID, now: Date) {
        if revokedFamilies[familyId] == nil {
            revokedFamilies[familyId] = now
            epoch += 1
        }
        for (id, token) in refreshTokens where token.familyId == familyId && token.revokedAt == nil {
            refreshTokens[id]?.revokedAt = now
        }
    }

    func revokeAccessToken(id: String, userId: UUID, expiresAt: Date) async throws {
        try check()
        if revokedAccess[id] == nil { epoch += 1 }
        revokedAccess[id] = (userId, expiresAt)
    }

    func isAccessTokenRevoked(id: String) async throws -> Bool {
        try check()
        return revokedAccess[id] != nil
    }

    func purgeTokens(now: Date, revokedBefore: Date) async throws -> Int {
        try check()
        let before = refreshTokens.count + revokedAccess.count + revokedFamilies.count
        refreshTokens = refreshTokens.filter { $0.value.expiresAt > now && ($0.value.revokedAt.map { $0 >= revokedBefore } ?? true) }
        revokedAccess = revokedAccess.filter { $0.value.expiresAt > now }
        revokedFamilies = revokedFamilies.filter { $0.value >= revokedBefore }
        return before - refreshTokens.count - revokedAccess.count - revokedFamilies.count
    }
}
