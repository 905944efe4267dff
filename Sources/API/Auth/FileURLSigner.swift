// Short-lived signed URLs for job output files, so browser <audio>/<video> elements can fetch them without a token.
// The signing key is derived from the JWT secret with its own label, so a JWT signature can never pass as a URL one.
// A URL signed for a signed-in request carries its login (`fam`), so revoking that login revokes the URL.
import Crypto
import Foundation

/// Signs and verifies `/files/<jobId>/<fileName>?expires=<unix>&uid=<userId>[&fam=<familyId>]&sig=<base64url>` URLs
/// (HMAC-SHA256 over all of them).
public struct FileURLSigner: Sendable {
    /// What a valid signature vouches for.
    public struct SignedLink: Sendable, Equatable {
        /// The user it was signed for.
        public var userId: UUID
        /// The login it was signed under; the caller refuses the link once that family is revoked. nil for a link signed
        /// outside a signed-in request.
        public var familyId: UUID?
    }

    /// How long a signed URL lives unless told otherwise (5 minutes).
    public static let defaultLifetime: Duration = .seconds(300)
    private let key: SymmetricKey

    /// Creates a signer whose key is HKDF-SHA256(`secret`, info: "intellimix-file-url").
    public init(secret: String) {
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Array(secret.utf8)),
            info: Array("intellimix-file-url".utf8),
            outputByteCount: 32
        )
    }

    /// The path and query of a URL letting `userId` fetch `fileName` of `jobId` until `expiresAt` (whole seconds), bound
    /// to login `familyId` (default: the request's `SigningFamily`, if authentication bound one).
    public func sign(userId: UUID, jobId: UUID, fileName: String, expiresAt: Date,
                     familyId: UUID? = SigningFamily.current?.familyId) -> String {
        let expires = Int64(expiresAt.timeIntervalSince1970.rounded(.down))
        let sig = Base64URL.encode(HMAC<SHA256>.authenticationCode(for: message(jobId, fileName, expires, userId, familyId), using: key))
        let fam = familyId.map { "&fam=\($0.uuidString.lowercased())" } ?? ""
        return "/files/\(jobId.uuidString.lowercased())/\(Self.percentEncode(fileName))"
            + "?expires=\(expires)&uid=\(userId.uuidString.lowercased())\(fam)&sig=\(sig)"
    }

    /// The name an upload's audio link is signed under: a `/` makes it a name no job file can have, so the two kinds of
    /// link never verify for each other.
    static let uploadSignatureName = "/upload"

    /// The path and query of a URL letting `userId` play upload `uploadId` until `expiresAt`: `/uploads/<id>/audio?...`.
    public func signUpload(userId: UUID, uploadId: UUID, expiresAt: Date) -> String {
        let signed = sign(userId: userId, jobId: uploadId, fileName: Self.uploadSignatureName, expiresAt: expiresAt)
        let query = signed.split(separator: "?", maxSplits: 1).last.map(String.init) ?? ""
        return "/uploads/\(uploadId.uuidString.lowercased())/audio?\(query)"
    }

    /// The same, expiring `lifetime` (default 5 minutes) after `now`.
    public func sign(userId: UUID, jobId: UUID, fileName: String, now: Date = Date(), lifetime: Duration = defaultLifetime) -> String {
        sign(userId: userId, jobId: jobId, fileName: fileName, expiresAt: now.addingTimeInterval(lifetime.timeInterval))
    }

    /// The user (and login) a URL was signed for, when `sig` is valid for this job, (decoded) file name, `expires`, `uid`
    /// and `fam` (nil when the URL has none) and `expires` is still ahead of `now`; nil otherwise. The raw query values
    /// are passed as received. Whether the family is still live is the caller's check.
    public func verify(jobId: UUID, fileName: String, expires: String, uid: String, fam: String? = nil, sig: String,
                       now: Date = Date()) -> SignedLink? {
        guard expires.utf8.count <= 12, expires.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let expiry = Int64(expires), now.timeIntervalSince1970 < Double(expiry),
              let userId = UUID(uuidString: uid),
              sig.utf8.count <= 64, let mac = Base64URL.decode(sig) else {
            return nil
        }
        var familyId: UUID?
        if let fam {
            guard let parsed = UUID(uuidString: fam) else { return nil }
            familyId = parsed
        }
        // Constant-time comparison.
        let valid = HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message(jobId, fileName, expiry, userId, familyId), using: key)
        return valid ? SignedLink(userId: userId, familyId: familyId) : nil
    }

    /// What is signed: fixed-format fields first (the family, or `-`), the free-form file name last, so no two inputs share
    /// a message.
    private func message(_ jobId: UUID, _ fileName: String, _ expires: Int64, _ userId: UUID, _ familyId: UUID?) -> Data {
        let family = familyId?.uuidString.lowercased() ?? "-"
        return Data("v2|\(jobId.uuidString.lowercased())|\(userId.uuidString.lowercased())|\(family)|\(expires)|\(fileName)".utf8)
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// RFC 3986 unreserved characters (built once: a CharacterSet costs more to make than a signature).
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
