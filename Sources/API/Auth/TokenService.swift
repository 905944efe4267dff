// Issues and verifies the HS256 JWTs of the API: short-lived access tokens and long-lived refresh tokens.
// Knows nothing of stores: revocation and rotation are AuthService's business.
import Foundation
import JWTKit

/// Signs and verifies access and refresh tokens with one HMAC-SHA256 secret. Only `HS256` is ever accepted.
public struct TokenService: Sendable {
    /// Why a secret was refused.
    public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The secret is shorter than `minimumSecretBytes` and `allowWeak` was not set (an empty one is always refused).
        case weakSecret(byteCount: Int, minimum: Int)

        /// A sentence for logs and start-up failures.
        public var description: String {
            switch self {
            case .weakSecret(let count, let minimum):
                "the JWT secret is \(count) bytes; at least \(minimum) are required"
            }
        }
    }

    /// The shortest secret accepted without `allowWeak`, in bytes (32, the HS256 output size).
    public static let minimumSecretBytes = 32
    /// Tokens longer than this (in bytes) are refused unread (8192).
    public static let maximumTokenLength = 8192

    /// How long access tokens live (default 30 minutes).
    public let accessTokenLifetime: Duration
    /// How long refresh tokens live (default 30 days).
    public let refreshTokenLifetime: Duration
    private let keys: JWTKeyCollection

    /// Creates a service signing with `secret`; throws `.weakSecret` for secrets under 32 bytes unless `allowWeak`.
    public init(
        secret: String,
        accessTokenLifetime: Duration = .seconds(30 * 60),
        refreshTokenLifetime: Duration = .seconds(30 * 24 * 3600),
        allowWeak: Bool = false
    ) async throws(ConfigurationError) {
        precondition(accessTokenLifetime >= .seconds(1) && refreshTokenLifetime >= .seconds(1), "token lifetimes must be at least 1 s")
        var keyBytes = Array(secret.utf8)
        guard !keyBytes.isEmpty, keyBytes.count >= Self.minimumSecretBytes || allowWeak else {
            throw .weakSecret(byteCount: keyBytes.count, minimum: Self.minimumSecretBytes)
        }
        // HMAC zero-pads keys shorter than its block size, so padding a weak secret to 32 bytes signs identically;
        // it only keeps jwt-kit's key-size assertion quiet in debug builds.
        if keyBytes.count < Self.minimumSecretBytes {
            keyBytes += [UInt8](repeating: 0, count: Self.minimumSecretBytes - keyBytes.count)
        }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: keyBytes), digestAlgorithm: .sha256)
        self.keys = keys
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
    }

    /// A new access token for `userId` in login `familyId` (the refresh-token family; default a new one), issued at `now`
    /// (whole seconds), and its claims. Revoking the family revokes the token.
    public func issueAccessToken(userId: UUID, familyId: UUID = UUID(), now: Date = Date()) async throws(APIError) -> (token: String, claims: AccessClaims) {
        let issuedAt = Self.wholeSeconds(now)
        let claims = AccessClaims(
            userId: userId, tokenId: Self.newTokenId(), familyId: familyId, issuedAt: issuedAt,
            expiresAt: issuedAt.addingTimeInterval(Self.wholeSeconds(accessTokenLifetime))
        )
        let payload = TokenPayload(
            sub: Self.string(userId), jti: claims.tokenId, iat: claims.issuedAt, exp: claims.expiresAt,
            typ: TokenPayload.accessType, fam: Self.string(familyId)
        )
        return (try await sign(payload), claims)
    }

    /// A new refresh token for `userId` in `familyId` (a new UUID for a fresh login), issued at `now`, and its claims.
    public func issueRefreshToken(userId: UUID, familyId: UUID, now: Date = Date()) async throws(APIError) -> (token: String, claims: RefreshClaims) {
        let issuedAt = Self.wholeSeconds(now)
        let claims = RefreshClaims(
            userId: userId, tokenId: Self.newTokenId(), familyId: familyId, issuedAt: issuedAt,
            expiresAt: issuedAt.addingTimeInterval(Self.wholeSeconds(refreshTokenLifetime))
        )
        let payload = TokenPayload(
            sub: Self.string(userId), jti: claims.tokenId, iat: claims.issuedAt, exp: claims.expiresAt,
            typ: TokenPayload.refreshType, fam: Self.string(familyId)
        )
        return (try await sign(payload), claims)
    }

    /// The claims of a valid, unexpired access token; 401 `AUTH_TOKEN_INVALID` or `AUTH_TOKEN_EXPIRED` otherwise.
    public func verifyAccess(_ token: String, now: Date = Date()) async throws(APIError) -> AccessClaims {
        let claims = try await verifyAccessIgnoringExpiry(token)
        guard now < claims.expiresAt else { throw .tokenExpired }
        return claims
    }

    /// The claims of a correctly signed access token, expired or not (for logout); 401 `AUTH_TOKEN_INVALID` otherwise,
    /// also for an access token without a family (issued before families were checked).
    public func verifyAccessIgnoringExpiry(_ token: String) async throws(APIError) -> AccessClaims {
        let payload = try await verifiedPayload(token)
        guard payload.typ == TokenPayload.accessType, let userId = UUID(uuidString: payload.sub),
              let family = payload.fam.flatMap(UUID.init(uuidString:)) else {
            throw .tokenInvalid
        }
        return AccessClaims(userId: userId, tokenId: payload.jti, familyId: family, issuedAt: payload.iat, expiresAt: payload.exp)
    }

    /// The claims of a valid, unexpired refresh token; 401 `AUTH_TOKEN_INVALID` or `AUTH_TOKEN_EXPIRED` otherwise.
    public func verifyRefresh(_ token: String, now: Date = Date()) async throws(APIError) -> RefreshClaims {
        let claims = try await verifyRefreshIgnoringExpiry(token)
        guard now < claims.expiresAt else { throw .tokenExpired }
        return claims
    }

    /// The claims of a correctly signed refresh token, expired or not (for logout); 401 `AUTH_TOKEN_INVALID` otherwise.
    public func verifyRefreshIgnoringExpiry(_ token: String) async throws(APIError) -> RefreshClaims {
        let payload = try await verifiedPayload(token)
        guard payload.typ == TokenPayload.refreshType, let userId = UUID(uuidString: payload.sub),
              let family = payload.fam.flatMap(UUID.init(uuidString:)) else {
            throw .tokenInvalid
        }
        return RefreshClaims(userId: userId, tokenId: payload.jti, familyId: family, issuedAt: payload.iat, expiresAt: payload.exp)
    }

    // MARK: - Internals

    private func sign(_ payload: TokenPayload) async throws(APIError) -> String {
        do {
            return try await keys.sign(payload)
        } catch {
            throw APIError.internalError
        }
    }

    /// Checks size, shape and `alg` by hand (only `HS256`; `none` and every other algorithm are refused before any key
    /// is consulted), then lets jwt-kit check the signature and decode the payload.
    private func verifiedPayload(_ token: String) async throws(APIError) -> TokenPayload {
        guard token.utf8.count <= Self.maximumTokenLength else { throw .tokenInvalid }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty,
              let headerData = Base64URL.decode(parts[0]),
              let header = try? JSONDecoder().decode(Header.self, from: headerData),
              header.alg == "HS256", header.typ == nil || header.typ == "JWT", header.crit == nil else {
            throw .tokenInvalid
        }
        let payload: TokenPayload
        do {
            payload = try await keys.verify(token, as: TokenPayload.self)
        } catch {
            throw .tokenInvalid
        }
        guard !payload.jti.isEmpty else { throw .tokenInvalid }
        return payload
    }

    private struct Header: Decodable {
        var alg: String?
        var typ: String?
        var crit: [String]?
    }

    private static func newTokenId() -> String { UUID().uuidString.lowercased() }
    private static func string(_ id: UUID) -> String { id.uuidString.lowercased() }
    private static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
    private static func wholeSeconds(_ duration: Duration) -> TimeInterval {
        duration.timeInterval.rounded(.down)
    }
}
