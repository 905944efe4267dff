// Registration, login, refresh-token rotation, logout and per-request authentication, over a UserStore & TokenStore.
// No HTTP here: routes call these methods and write out the AuthSession or APIError they get.
import Foundation
import Logging

/// The auth use cases. Every failure is an `APIError`; store failures become 503 `UNAVAILABLE` with the cause logged.
public struct AuthService: Sendable {
    /// Where users and tokens live.
    public let store: any UserStore & TokenStore
    /// Bcrypt, off the event loops.
    public let hasher: PasswordHasher
    /// JWT signing and verification.
    public let tokens: TokenService
    /// Verified tokens kept across requests (nil: every request verifies and queries).
    public let cache: AuthCache?
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// Creates the service; `now` is the clock for token times and store calls (default `Date()`; tests inject one).
    public init(
        store: any UserStore & TokenStore,
        hasher: PasswordHasher,
        tokens: TokenService,
        logger: Logger,
        cache: AuthCache? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.hasher = hasher
        self.tokens = tokens
        self.cache = cache
        self.logger = logger
        self.now = now
    }

    /// Creates a user and signs them in: 400 `VALIDATION_ERROR` for bad input, 409 `AUTH_EMAIL_TAKEN` for a taken address.
    public func register(name: String, email: String, password: String) async throws(APIError) -> AuthSession {
        let name = try CredentialPolicy.validateName(name)
        let email = try CredentialPolicy.validateEmail(email)
        let password = try CredentialPolicy.validatePassword(password)
        let hash = try await hasher.hash(password)
        let user = UserRecord(name: name, email: email, passwordHash: hash, isActive: true, createdAt: now())
        do {
            try await store.createUser(user)
        } catch StoreError.duplicate {
            throw .emailTaken
        } catch {
            throw unavailable("createUser", error)
        }
        return try await startSession(for: user, familyId: UUID())
    }

    /// Signs a user in. Unknown address, wrong password and inactive account all answer 401
    /// `AUTH_INVALID_CREDENTIALS` "Invalid credentials", and each spends exactly one bcrypt verification.
    public func login(email: String, password: String) async throws(APIError) -> AuthSession {
        let email = CredentialPolicy.normalizeEmail(email)
        let user = try await storeCall("userByEmail") { try await store.user(email: email) }
        // Passwords longer than bcrypt's 72 bytes (or with NUL) could never have been registered; bcrypt would
        // silently truncate them, so they must not be checked against a real hash.
        let checkable = password.utf8.count <= CredentialPolicy.maxPasswordBytes && !password.utf8.contains(0)
        guard let user, checkable else {
            try await hasher.verifyDummy(password)
            throw .invalidCredentials
        }
        let matches = try await hasher.verify(password, hash: user.passwordHash)
        guard matches, user.isActive else { throw .invalidCredentials }
        return try await startSession(for: user, familyId: UUID())
    }

    /// Exchanges a refresh token for a new access token and a new refresh token of the same family. The old refresh
    /// token is spent: presenting it again answers 401 `AUTH_TOKEN_REUSED` and revokes the whole family.
    public func refresh(refreshToken: String) async throws(APIError) -> AuthSession {
        let time = now()
        let claims = try await tokens.verifyRefresh(refreshToken, now: time)
        let user = try await storeCall("userById") { try await store.user(id: claims.userId) }
        guard let user, user.isActive else { throw .tokenInvalid }
        let next = try await tokens.issueRefreshToken(userId: user.id, familyId: claims.familyId, now: time)
        let replacement = RefreshTokenRecord(
            id: next.claims.tokenId, userId: user.id, familyId: claims.familyId,
            issuedAt: next.claims.issuedAt, expiresAt: next.claims.expiresAt
        )
        let outcome = try await storeCall("rotateRefreshToken") {
            try await store.rotateRefreshToken(id: claims.tokenId, userId: user.id, replacement: replacement, now: time)
        }
        switch outcome {
        case .rotated:
            break
        case .reused:
            logger.warning("refresh token reuse; family revoked", metadata: ["user.id": "\(user.id)", "token.family": "\(claims.familyId)"])
            throw .tokenReused
        case .expired:
            throw .tokenExpired
        case .notFound:
            throw .tokenInvalid
        }
        let access = try await tokens.issueAccessToken(userId: user.id, familyId: claims.familyId, now: time)
        return session(user: user, access: access, refresh: next, now: time)
    }

    /// Signs out: revokes the family (the login) of each token presented, so every access token, refresh token and signed
    /// URL of that login stops working, and blocks the access token until its `exp`. Tokens count when their signature
    /// verifies, even if expired; revoking twice is harmless. Returns whether any token verified.
    @discardableResult
    public func logout(accessToken: String?, refreshToken: String?) async throws(APIError) -> Bool {
        let time = now()
        var verified = false
        if let refreshToken, let claims = try? await tokens.verifyRefreshIgnoringExpiry(refreshToken) {
            verified = true
            try await storeCall("revokeRefreshToken") {
                try await store.revokeRefreshToken(id: claims.tokenId, now: time)
                try await store.revokeFamily(claims.familyId, now: time)
            }
        }
        if let accessToken, let claims = try? await tokens.verifyAccessIgnoringExpiry(accessToken) {
            verified = true
            try await storeCall("revokeFamily") { try await store.revokeFamily(claims.familyId, now: time) }
            // An expired access token is refused anyway; only a live one needs blocking.
            if claims.expiresAt > time {
                try await storeCall("revokeAccessToken") {
                    try await store.revokeAccessToken(id: claims.tokenId, userId: claims.userId, expiresAt: claims.expiresAt)
                }
            }
        }
        return verified
    }

    /// The user behind an access token: 401 `AUTH_TOKEN_INVALID`/`AUTH_TOKEN_EXPIRED` for a bad token, 401
    /// `AUTH_TOKEN_REVOKED` when it or its login (family) was revoked or its user is gone or inactive. The family check
    /// rides in the same single store query. Binds the family to the request's `SigningFamily`, if any.
    ///
    /// With a cache, a token confirmed before is answered without the check and the query while the revocation epoch
    /// (read after the request arrived, shared with concurrent requests) still reads what it read before the confirmation.
    public func authenticate(accessToken: String) async throws(APIError) -> (user: UserRecord, claims: AccessClaims) {
        guard let cache else { return try await authenticateInStore(accessToken, epoch: nil) }
        var epoch: Int64?
        if let entry = cache.entry(for: accessToken) {
            let current = try await storeCall("authEpoch") { try await cache.currentEpoch() }
            if entry.epoch == current {
                guard now() < entry.claims.expiresAt else { throw .tokenExpired }
                cache.countHit()
                SigningFamily.current?.bind(entry.claims.familyId)
                return (entry.user, entry.claims)
            }
            epoch = current
        }
        return try await authenticateInStore(accessToken, epoch: epoch)
    }

    /// Verifies the token and asks the store; with a cache, reads the epoch first (unless the caller just did) and
    /// remembers the answer under it.
    private func authenticateInStore(_ accessToken: String, epoch known: Int64?) async throws(APIError) -> (user: UserRecord, claims: AccessClaims) {
        let claims = try await tokens.verifyAccess(accessToken, now: now())
        var epoch = known
        if let cache, epoch == nil { epoch = try await storeCall("authEpoch") { try await cache.currentEpoch() } }
        let user = try await storeCall("authenticate") {
            try await store.authenticate(userId: claims.userId, accessTokenId: claims.tokenId, familyId: claims.familyId)
        }
        guard let user else { throw .tokenRevoked }
        if let cache, let epoch { cache.remember(accessToken, user: user, claims: claims, epoch: epoch) }
        SigningFamily.current?.bind(claims.familyId)
        return (user, claims)
    }

    /// Whether a login (refresh-token family) was revoked, for signed URLs bound to it.
    public func isFamilyRevoked(_ familyId: UUID) async throws(APIError) -> Bool {
        try await storeCall("isFamilyRevoked") { try await store.isFamilyRevoked(familyId) }
    }

    // MARK: - Internals

    private func startSession(for user: UserRecord, familyId: UUID) async throws(APIError) -> AuthSession {
        let time = now()
        let refresh = try await tokens.issueRefreshToken(userId: user.id, familyId: familyId, now: time)
        let record = RefreshTokenRecord(
            id: refresh.claims.tokenId, userId: user.id, familyId: familyId,
            issuedAt: refresh.claims.issuedAt, expiresAt: refresh.claims.expiresAt
        )
        try await storeCall("insertRefreshToken") { try await store.insertRefreshToken(record) }
        let access = try await tokens.issueAccessToken(userId: user.id, familyId: familyId, now: time)
        return session(user: user, access: access, refresh: refresh, now: time)
    }

    private func session(
        user: UserRecord, access: (token: String, claims: AccessClaims), refresh: (token: String, claims: RefreshClaims), now: Date
    ) -> AuthSession {
        AuthSession(
            user: user, accessToken: access.token, refreshToken: refresh.token,
            accessExpiresIn: max(0, Int(access.claims.expiresAt.timeIntervalSince(now).rounded(.down))),
            refreshExpiresIn: max(0, Int(refresh.claims.expiresAt.timeIntervalSince(now).rounded(.down)))
        )
    }

    /// Runs a store call, turning any failure into 503 `UNAVAILABLE` (the cause goes to the log, never to clients).
    private func storeCall<T: Sendable>(_ operation: String, _ body: () async throws -> T) async throws(APIError) -> T {
        do {
            return try await body()
        } catch {
            throw unavailable(operation, error)
        }
    }

    private func unavailable(_ operation: String, _ error: any Error) -> APIError {
        if let apiError = error as? APIError { return apiError }
        logger.error("auth store call failed", metadata: ["store.operation": "\(operation)", "error": "\(error)"])
        return .unavailable()
    }
}
