// TokenService: HS256 only, typed tokens, expiry, and refusal of forged, re-signed and `alg: none` tokens.
// Hostile tokens are built by hand (base64url header and payload) or signed with jwt-kit under other keys.
import Crypto
import Foundation
import JWTKit
import Testing
@testable import API

/// The claims of our tokens, for signing hostile tokens with other keys and algorithms.
private struct ForeignPayload: JWTPayload {
    var sub: String
    var jti: String
    var iat: Date
    var exp: Date
    var typ: String
    var fam: String?
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

@Suite("TokenService")
struct TokenServiceTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)
    let userId = UUID()

    func service(_ secret: String = AuthFixture.secret) async throws -> TokenService {
        try await TokenService(secret: secret)
    }

    func payloadJSON(typ: String = "access", exp: Date? = nil) -> [String: Any] {
        [
            "sub": userId.uuidString.lowercased(), "jti": UUID().uuidString.lowercased(),
            "iat": now.timeIntervalSince1970, "exp": (exp ?? now.addingTimeInterval(1800)).timeIntervalSince1970, "typ": typ,
            "fam": UUID().uuidString.lowercased(),
        ]
    }

    func encode(_ object: [String: Any]) throws -> String {
        Base64URL.encode(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    @Test("round trip of access and refresh tokens")
    func roundTrip() async throws {
        let tokens = try await service()
        let access = try await tokens.issueAccessToken(userId: userId, now: now)
        let claims = try await tokens.verifyAccess(access.token, now: now)
        #expect(claims == access.claims)
        #expect(claims.expiresAt.timeIntervalSince(claims.issuedAt) == 1800)
        let family = UUID()
        let refresh = try await tokens.issueRefreshToken(userId: userId, familyId: family, now: now)
        let refreshClaims = try await tokens.verifyRefresh(refresh.token, now: now)
        #expect(refreshClaims == refresh.claims)
        #expect(refreshClaims.familyId == family)
        #expect(refreshClaims.expiresAt.timeIntervalSince(now) == 30 * 86400)

        // The header says HS256 and JWT; the payload carries the documented claims.
        let parts = access.token.split(separator: ".")
        let header = try JSONSerialization.jsonObject(with: Base64URL.decode(parts[0])!) as? [String: Any]
        #expect(header?["alg"] as? String == "HS256")
        let payload = try JSONSerialization.jsonObject(with: Base64URL.decode(parts[1])!) as? [String: Any]
        #expect(Set(payload?.keys.map { $0 } ?? []) == ["sub", "jti", "iat", "exp", "typ", "fam"])
        #expect(payload?["fam"] as? String == access.claims.familyId.uuidString.lowercased())
        #expect(payload?["typ"] as? String == "access")
        let refreshPayload = try JSONSerialization.jsonObject(with: Base64URL.decode(refresh.token.split(separator: ".")[1])!) as? [String: Any]
        #expect(refreshPayload?["typ"] as? String == "refresh")
        #expect(refreshPayload?["fam"] as? String == family.uuidString.lowercased())
    }

    @Test("expiry is enforced, and can be ignored for logout")
    func expiry() async throws {
        let tokens = try await service()
        let access = try await tokens.issueAccessToken(userId: userId, now: now)
        let late = now.addingTimeInterval(1800)
        await #expect(throws: APIError.tokenExpired) { try await tokens.verifyAccess(access.token, now: late) }
        #expect(try await tokens.verifyAccessIgnoringExpiry(access.token) == access.claims)
        let refresh = try await tokens.issueRefreshToken(userId: userId, familyId: UUID(), now: now)
        await #expect(throws: APIError.tokenExpired) {
            try await tokens.verifyRefresh(refresh.token, now: now.addingTimeInterval(31 * 86400))
        }
        #expect(try await tokens.verifyRefreshIgnoringExpiry(refresh.token) == refresh.claims)
    }

    @Test("a tampered payload is refused")
    func tamperedPayload() async throws {
        let tokens = try await service()
        let access = try await tokens.issueAccessToken(userId: userId, now: now)
        let parts = access.token.split(separator: ".").map(String.init)
        var payload = payloadJSON()
        payload["sub"] = UUID().uuidString.lowercased()
        let forged = [parts[0], try encode(payload), parts[2]].joined(separator: ".")
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccess(forged, now: now) }
        // Flipping one signature character fails too.
        var signature = Array(parts[2])
        signature[3] = signature[3] == "A" ? "B" : "A"
        let flipped = [parts[0], parts[1], String(signature)].joined(separator: ".")
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccess(flipped, now: now) }
    }

    @Test("an `alg: none` token is refused")
    func algNone() async throws {
        let tokens = try await service()
        let header = try encode(["alg": "none", "typ": "JWT"])
        let unsigned = "\(header).\(try encode(payloadJSON()))."
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccess(unsigned, now: now) }
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccessIgnoringExpiry(unsigned) }
        let noneLower = "\(try encode(["alg": "None"])).\(try encode(payloadJSON()))."
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccess(noneLower, now: now) }
    }

    @Test("tokens signed with HS384 or HS512 under the same secret are refused", arguments: [DigestAlgorithm.sha384, .sha512])
    func otherHMACAlgorithms(_ digest: DigestAlgorithm) async throws {
        let tokens = try await service()
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: AuthFixture.secret), digestAlgorithm: digest)
        let payload = ForeignPayload(sub: userId.uuidString, jti: "x", iat: now, exp: now.addingTimeInterval(1800), typ: "access")
        let token = try await keys.sign(payload)
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccess(token, now: now) }
    }

    @Test("an HS384 signature under a header claiming HS256 is refused")
    func mislabelledAlgorithm() async throws {
        let tokens = try await service()
        let input = "\(try encode(["alg": "HS256", "typ": "JWT"])).\(try encode(payloadJSON()))"
        let mac = HMAC<SHA384>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(AuthFixture.secret.utf8)))
        let token = "\(input).\(Base64URL.encode(mac))"
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccess(token, now: now) }
        // The same input with the right HS256 MAC is accepted: the hand-built token is otherwise sound.
        let good = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(AuthFixture.secret.utf8)))
        _ = try await tokens.verifyAccess("\(input).\(Base64URL.encode(good))", now: now)
    }

    @Test("an access token carries its login's family, and one without a family is refused")
    func accessFamily() async throws {
        let tokens = try await service()
        let family = UUID()
        let access = try await tokens.issueAccessToken(userId: userId, familyId: family, now: now)
        #expect(try await tokens.verifyAccess(access.token, now: now).familyId == family)
        var payload = payloadJSON()
        payload["fam"] = nil
        let input = "\(try encode(["alg": "HS256", "typ": "JWT"])).\(try encode(payload))"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(AuthFixture.secret.utf8)))
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccess("\(input).\(Base64URL.encode(mac))", now: now) }
    }

    @Test("a token signed with another key is refused")
    func otherKey() async throws {
        let tokens = try await service()
        let other = try await service("another-secret-of-sufficient-length-0123456789")
        let token = try await other.issueAccessToken(userId: userId, now: now).token
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccess(token, now: now) }
        let refresh = try await other.issueRefreshToken(userId: userId, familyId: UUID(), now: now).token
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyRefreshIgnoringExpiry(refresh) }
    }

    @Test("token kinds are not interchangeable")
    func kinds() async throws {
        let tokens = try await service()
        let access = try await tokens.issueAccessToken(userId: userId, now: now).token
        let refresh = try await tokens.issueRefreshToken(userId: userId, familyId: UUID(), now: now).token
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccess(refresh, now: now) }
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyRefresh(access, now: now) }
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccessIgnoringExpiry(refresh) }
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyRefreshIgnoringExpiry(access) }
    }

    @Test("garbage is refused", arguments: ["", "abc", "a.b", "a.b.c", "..", "a.b.c.d", String(repeating: "A", count: 9000)])
    func garbage(_ token: String) async throws {
        let tokens = try await service()
        await #expect(throws: APIError.tokenInvalid) { try await tokens.verifyAccess(token, now: now) }
    }

    @Test("weak secrets are refused unless allowed")
    func weakSecrets() async throws {
        await #expect(throws: TokenService.ConfigurationError.weakSecret(byteCount: 16, minimum: 32)) {
            try await TokenService(secret: String(repeating: "k", count: 16))
        }
        await #expect(throws: TokenService.ConfigurationError.weakSecret(byteCount: 0, minimum: 32)) {
            try await TokenService(secret: "", allowWeak: true)
        }
        let weak = try await TokenService(secret: "short", allowWeak: true)
        let access = try await weak.issueAccessToken(userId: userId, now: now)
        #expect(try await weak.verifyAccess(access.token, now: now) == access.claims)
        // Padding is invisible: the signature is plain HMAC-SHA256 with the short secret.
        let parts = access.token.split(separator: ".")
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(parts[0]).\(parts[1])".utf8), using: SymmetricKey(data: Data("short".utf8)))
        #expect(Base64URL.encode(mac) == String(parts[2]))
    }

    @Test("custom lifetimes")
    func lifetimes() async throws {
        let tokens = try await TokenService(secret: AuthFixture.secret, accessTokenLifetime: .seconds(60), refreshTokenLifetime: .seconds(7200))
        let access = try await tokens.issueAccessToken(userId: userId, now: now.addingTimeInterval(0.7))
        #expect(access.claims.issuedAt == now)
        #expect(access.claims.expiresAt == now.addingTimeInterval(60))
        let refresh = try await tokens.issueRefreshToken(userId: userId, familyId: UUID(), now: now)
        #expect(refresh.claims.expiresAt == now.addingTimeInterval(7200))
    }
}
