// What a verified refresh token says. Pure data; TokenService produces it only after checking signature, type
// and (unless asked not to) expiry.
import Foundation

/// The claims of a verified refresh token (`typ: "refresh"`).
public struct RefreshClaims: Sendable, Equatable {
    /// The user the token was issued to (`sub`).
    public var userId: UUID
    /// The token's unique id (`jti`), the key of its `RefreshTokenRecord`.
    public var tokenId: String
    /// The login this token descends from (`fam`); rotation keeps it.
    public var familyId: UUID
    /// When it was issued (`iat`).
    public var issuedAt: Date
    /// When it stops being valid (`exp`).
    public var expiresAt: Date

    /// Creates claims.
    public init(userId: UUID, tokenId: String, familyId: UUID, issuedAt: Date, expiresAt: Date) {
        self.userId = userId
        self.tokenId = tokenId
        self.familyId = familyId
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}
