// What register, login and refresh hand back: the user and a fresh token pair. Pure data.
// Routes decide how it is written out (snake_case JSON, no password hash).
import Foundation

/// A signed-in user with a fresh access token and refresh token.
public struct AuthSession: Sendable, Equatable {
    /// The user (routes must not expose `passwordHash`).
    public var user: UserRecord
    /// The access token (JWT).
    public var accessToken: String
    /// The refresh token (JWT).
    public var refreshToken: String
    /// Seconds until the access token expires.
    public var accessExpiresIn: Int
    /// Seconds until the refresh token expires.
    public var refreshExpiresIn: Int

    /// Creates a session.
    public init(user: UserRecord, accessToken: String, refreshToken: String, accessExpiresIn: Int, refreshExpiresIn: Int) {
        self.user = user
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.accessExpiresIn = accessExpiresIn
        self.refreshExpiresIn = refreshExpiresIn
    }
}
