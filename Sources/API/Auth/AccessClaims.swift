// What a verified access token says. Pure data; TokenService produces it only after checking signature, type
// and (unless asked not to) expiry.
import Foundation

/// The claims of a verified access token (`typ: "access"`).
public struct AccessClaims: Sendable, Equatable {
    /// The user the token was issued to (`sub`).
    public var userId: UUID
    /// The token's unique id (`jti`), the key of access-token revocation.
    public var tokenId: String
    /// The login it belongs to (`fam`, its refresh-token family); logout or refresh-token reuse revokes the whole family.
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
