// The JSON payload of both token kinds as it travels in a JWT. Internal: callers see AccessClaims / RefreshClaims.
// Its `verify(using:)` checks nothing; TokenService checks type and expiry against its own clock.
import Foundation
import JWTKit

/// The wire form of an access or refresh token's claims.
struct TokenPayload: JWTPayload, Equatable {
    /// `sub`: the user id.
    var sub: String
    /// `jti`: the token id.
    var jti: String
    /// `iat`: issued at (whole seconds since 1970).
    var iat: Date
    /// `exp`: expiry (whole seconds since 1970).
    var exp: Date
    /// `typ`: "access" or "refresh".
    var typ: String
    /// `fam`: the refresh-token family, i.e. the login (both kinds; access tokens are revoked with their family).
    var fam: String?

    static let accessType = "access"
    static let refreshType = "refresh"

    /// Signature verification is done by jwt-kit before this is called; type and expiry are TokenService's job,
    /// because it alone knows the clock and whether expiry is to be ignored (logout).
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
