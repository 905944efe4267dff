// The per-request authentication lookup as a named prepared statement: parsed and planned once per
// connection instead of on every request, which is most of what `GET /auth/me` costs the server.
import Foundation
import PostgresNIO

/// The user when active and neither the access token nor its family revoked.
struct PostgresAuthenticateStatement: PostgresPreparedStatement {
    /// id, name, email, password hash, active flag, creation time.
    typealias Row = (UUID, String, String, String, Bool, Date)

    static let sql = """
        SELECT u.id, u.name, u.email, u.password_hash, u.is_active, u.created_at FROM users u
        WHERE u.id = $1 AND u.is_active AND NOT EXISTS (SELECT 1 FROM revoked_access_tokens r WHERE r.id = $2)
          AND NOT EXISTS (SELECT 1 FROM revoked_token_families f WHERE f.family_id = $3)
        """

    /// The user the token names.
    var userId: UUID
    /// The token's `jti`.
    var accessTokenId: String
    /// The token's login (`fam`).
    var familyId: UUID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(userId)
        bindings.append(accessTokenId)
        bindings.append(familyId)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
