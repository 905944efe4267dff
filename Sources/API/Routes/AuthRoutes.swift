// /api/v1/auth/*: register, login, refresh, logout and me, with the original's bodies and
// response shapes; login and register are rate-limited per IP and per e-mail address.
import Foundation
import Hummingbird

/// The auth routes.
public struct AuthRoutes: Sendable {
    /// Shared services.
    public let services: APIServices

    /// Creates the routes.
    public init(services: APIServices) { self.services = services }

    struct RegisterBody: Decodable { var name: String?; var email: String; var password: String }
    struct LoginBody: Decodable { var email: String; var password: String }
    struct RefreshBody: Decodable { var refresh_token: String }
    struct LogoutBody: Decodable { var refresh_token: String? }

    /// The user as the API shows it.
    struct UserView: Encodable {
        var id: String
        var name: String
        var email: String
        var is_active: Bool
        var created_at: Date
        init(_ u: UserRecord) {
            id = u.id.uuidString.lowercased()
            name = u.name
            email = u.email
            is_active = u.isActive
            created_at = u.createdAt
        }

        /// The same fields as the encoder writes, by hand (`GET /auth/me` answers it on every call).
        var jsonObject: JSONObjectWriter {
            var o = JSONObjectWriter()
            o.add("id", string: id)
            o.add("name", string: name)
            o.add("email", string: email)
            o.add("is_active", bool: is_active)
            o.add("created_at", string: APIResponse.timestamp(created_at))
            return o
        }
    }

    struct SessionView: Encodable {
        var message: String?
        var user: UserView?
        var access_token: String
        var refresh_token: String
        var token_type = "Bearer"
        var expires_in: Int
    }

    /// Registers the routes.
    public func register(in table: RouteTable<AppRequestContext>) {
        let s = services
        table.on(.post, "/api/v1/auth/register") { request, context in
            try s.limit("register:ip:\(context.clientBucket(request, trusting: s.config.trustedProxies))", s.config.authRateLimitPerIP)
            let body = try await s.decode(RegisterBody.self, from: request)
            try s.limit("register:email:\(CredentialPolicy.normalizeEmail(body.email))", s.config.authRateLimitPerEmail)
            let session = try await s.auth.register(name: body.name ?? "", email: body.email, password: body.password)
            return APIResponse.json(SessionView(message: "User registered", user: UserView(session.user), access_token: session.accessToken,
                                                refresh_token: session.refreshToken, expires_in: session.accessExpiresIn), status: .created)
        }
        table.on(.post, "/api/v1/auth/login") { request, context in
            try s.limit("login:ip:\(context.clientBucket(request, trusting: s.config.trustedProxies))", s.config.authRateLimitPerIP)
            let body = try await s.decode(LoginBody.self, from: request)
            // The same normalisation as the login lookup, so case or white space cannot buy extra attempts.
            let emailKey = "login:email:\(CredentialPolicy.normalizeEmail(body.email))"
            try s.limit(emailKey, s.config.authRateLimitPerEmail)
            let session = try await s.auth.login(email: body.email, password: body.password)
            s.limiter.reset(emailKey)
            return APIResponse.json(SessionView(message: "Login successful", user: UserView(session.user), access_token: session.accessToken,
                                                refresh_token: session.refreshToken, expires_in: session.accessExpiresIn))
        }
        table.on(.post, "/api/v1/auth/refresh") { request, context in
            try s.limit("refresh:ip:\(context.clientBucket(request, trusting: s.config.trustedProxies))", s.config.authRateLimitPerIP * 3)
            let body = try await s.decode(RefreshBody.self, from: request)
            let session = try await s.auth.refresh(refreshToken: body.refresh_token)
            return APIResponse.json(SessionView(message: nil, user: nil, access_token: session.accessToken, refresh_token: session.refreshToken,
                                                expires_in: session.accessExpiresIn))
        }
        table.on(.post, "/api/v1/auth/logout") { request, _ in
            let access = APIServices.bearer(request)
            var refresh: String?
            if request.headers[.contentLength].map({ $0 != "0" }) ?? true {
                refresh = (try? await s.decode(LogoutBody.self, from: request))?.refresh_token
            }
            guard access != nil || refresh != nil else { throw APIError.unauthorized() }
            _ = try await s.auth.logout(accessToken: access, refreshToken: refresh)
            return APIResponse.json(["message": "Logged out"])
        }
        table.on(.get, "/api/v1/auth/me") { request, _ in
            let user = try await s.user(request)
            var body = JSONObjectWriter()
            body.add("user", object: UserView(user).jsonObject)
            return APIResponse.json(bytes: body.finished())
        }
    }
}
