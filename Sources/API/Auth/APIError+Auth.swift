// The stable error answers of the auth core, in one place so routes, docs and tests agree on codes and texts.
// Messages are deliberately terse: they never say which check failed beyond the code.
import Foundation

extension APIError {
    /// 401 `AUTH_INVALID_CREDENTIALS` "Invalid credentials": unknown e-mail, wrong password and inactive user alike.
    public static let invalidCredentials = APIError(401, "AUTH_INVALID_CREDENTIALS", "Invalid credentials")
    /// 409 `AUTH_EMAIL_TAKEN`: registration with an e-mail address already in use.
    public static let emailTaken = APIError(409, "AUTH_EMAIL_TAKEN", "an account with this email already exists")
    /// 401 `AUTH_TOKEN_INVALID`: malformed, wrongly signed, wrong algorithm or wrong kind of token.
    public static let tokenInvalid = APIError(401, "AUTH_TOKEN_INVALID", "invalid token")
    /// 401 `AUTH_TOKEN_EXPIRED`: a correctly signed token past its `exp`.
    public static let tokenExpired = APIError(401, "AUTH_TOKEN_EXPIRED", "token expired")
    /// 401 `AUTH_TOKEN_REVOKED`: a valid access token that was revoked (logout), or whose user is gone or inactive.
    public static let tokenRevoked = APIError(401, "AUTH_TOKEN_REVOKED", "token revoked")
    /// 401 `AUTH_TOKEN_REUSED`: a refresh token used twice (or after logout); its whole family is now revoked.
    public static let tokenReused = APIError(401, "AUTH_TOKEN_REUSED", "refresh token reuse detected; please log in again")
}
