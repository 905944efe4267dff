// Everything the routes share: configuration, the store, auth, limits, signing, metrics, and the
// stage registry used to validate submitted manifests.
import Foundation
import Hummingbird
import Logging
import NIOCore
import Pipeline
import Services
import Stages

/// The shared state of one API instance.
public struct APIServices: Sendable {
    /// Configuration.
    public let config: AppConfig
    /// The database.
    public let store: any AppStore
    /// Registration, login, tokens.
    public let auth: AuthService
    /// Login and register rate limits.
    public let limiter: RateLimiter
    /// Signed file URLs.
    public let signer: FileURLSigner
    /// Metrics.
    public let metrics: ServiceMetrics
    /// Storage layout.
    public let paths: JobPaths
    /// Stage kinds, for validating manifests.
    public let registry: StageRegistry
    /// Rules for submitted manifests.
    public let policy: ManifestPolicy
    /// Logs.
    public let logger: Logger

    /// Creates the services.
    public init(config: AppConfig, store: any AppStore, auth: AuthService, limiter: RateLimiter, signer: FileURLSigner,
                metrics: ServiceMetrics, paths: JobPaths, registry: StageRegistry, policy: ManifestPolicy, logger: Logger) {
        self.config = config
        self.store = store
        self.auth = auth
        self.limiter = limiter
        self.signer = signer
        self.metrics = metrics
        self.paths = paths
        self.registry = registry
        self.policy = policy
        self.logger = logger
    }

    /// The user a request's `Authorization: Bearer` access token belongs to; 401 otherwise.
    public func user(_ request: Request) async throws -> UserRecord {
        guard let token = Self.bearer(request) else { throw APIError.unauthorized() }
        return try await auth.authenticate(accessToken: token).user
    }

    /// The bearer token of a request, if any.
    /// Works on the header's bytes: Foundation's `trimmingCharacters` cost a seventh of an authenticated request.
    public static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let bytes = header.utf8
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")) else { return nil }
        let scheme = bytes[..<space]
        guard scheme.count == 6, zip(scheme, "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 }) else { return nil }
        func blank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var rest = bytes[bytes.index(after: space)...]
        while let first = rest.first, blank(first) { rest = rest.dropFirst() }
        while let last = rest.last, blank(last) { rest = rest.dropLast() }
        return rest.isEmpty ? nil : String(Substring(rest))
    }

    /// Reads a JSON body of at most `maxBodyBytes` into `T`; 400 with a safe message when it does not decode.
    public func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await body(request)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError.badRequest("VALIDATION_ERROR", "missing field '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw APIError.badRequest("VALIDATION_ERROR", "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw APIError.badRequest("VALIDATION_ERROR", "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' is null")
        } catch {
            throw APIError.badRequest("INVALID_JSON", "the request body is not valid JSON")
        }
    }

    /// The whole request body, at most `maxBodyBytes`; 413 `BODY_TOO_LARGE` beyond.
    public func body(_ request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: config.maxBodyBytes)
        } catch {
            throw APIError(413, "BODY_TOO_LARGE", "the request body is larger than \(config.maxBodyBytes / 1024) KB")
        }
    }

    /// Runs a store call; store failures become 503 `UNAVAILABLE`, their text only logged.
    public func storeCall<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let e as APIError { throw e } catch {
            logger.error("store call failed", metadata: ["error": "\(error)"])
            throw APIError.unavailable()
        }
    }

    /// The user a signed link (`?expires&uid&fam&sig`, bound to `jobId` and `name`) was made for; nil when the request has
    /// no `sig` (so a bearer token decides), and `invalid` when the signature is wrong, altered or expired, or its login
    /// (`fam`) was revoked.
    public func signedUser(_ request: Request, jobId: UUID?, name: String, invalid: APIError) async throws -> UUID? {
        let query = request.uri.queryParameters
        guard let sig = query["sig"].map(String.init) else { return nil }
        guard let jobId, let expires = query["expires"].map(String.init), let uid = query["uid"].map(String.init),
              let link = signer.verify(jobId: jobId, fileName: name, expires: expires, uid: uid, fam: query["fam"].map(String.init), sig: sig)
        else {
            throw invalid
        }
        if let family = link.familyId {
            guard try await !auth.isFamilyRevoked(family) else { throw invalid }
            SigningFamily.current?.bind(family)
        }
        return link.userId
    }

    /// Applies a rate limit; 429 with `Retry-After` when exceeded.
    public func limit(_ key: String, _ count: Int, per window: Duration = .seconds(60)) throws {
        if let wait = limiter.check(key, limit: count, window: window, now: Date()) { throw APIError.rateLimited(retryAfter: wait) }
    }
}
