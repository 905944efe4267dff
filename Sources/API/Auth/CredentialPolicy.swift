// The rules for what users type at registration: e-mail address, display name and password.
// Pure validation; knows nothing of stores or hashing.
import Foundation

/// Normalises and validates registration input; failures are 400 `VALIDATION_ERROR` naming the field (422 for a
/// password of at most 72 characters but more than 72 bytes, which the API document's schema cannot refuse).
public enum CredentialPolicy {
    /// Longest accepted e-mail address, in characters (254).
    public static let maxEmailLength = 254
    /// Longest accepted display name after trimming, in characters (100).
    public static let maxNameLength = 100
    /// Shortest accepted password, in characters (Unicode code points, as JSON Schema counts them): 8.
    public static let minPasswordLength = 8
    /// Longest accepted password, in UTF-8 bytes (72: bcrypt ignores anything beyond).
    public static let maxPasswordBytes = 72

    /// Trims white space and lower-cases an e-mail address, without checking it.
    public static func normalizeEmail(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The normalised e-mail address, when it looks like `local@domain.tld` and is at most 254 characters.
    public static func validateEmail(_ raw: String) throws(APIError) -> String {
        let email = normalizeEmail(raw)
        guard !email.isEmpty else { throw invalid("email", "email is required") }
        guard email.count <= maxEmailLength else {
            throw invalid("email", "email must be at most \(maxEmailLength) characters")
        }
        guard isPlausibleEmail(email) else { throw invalid("email", "email is not a valid address") }
        return email
    }

    /// The trimmed display name, when it is 1...100 characters with no control characters.
    public static func validateName(_ raw: String) throws(APIError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw invalid("name", "name is required") }
        guard name.count <= maxNameLength else {
            throw invalid("name", "name must be at most \(maxNameLength) characters")
        }
        guard !name.unicodeScalars.contains(where: isForbiddenInName) else {
            throw invalid("name", "name must not contain control characters")
        }
        return name
    }

    /// The code points a display name may not hold: C0 and C1 controls, and the invisible format characters of
    /// the Basic Multilingual Plane (soft hyphen, bidirectional controls, zero-width spaces, BOM). Characters of
    /// other planes are allowed (emoji flags use tag characters). The register schema's `name` pattern in
    /// openapi.yaml lists the same ranges; a test holds the two together.
    static let forbiddenNameRanges: [ClosedRange<UInt32>] = [
        0x0000...0x001F, 0x007F...0x009F, 0x00AD...0x00AD, 0x0600...0x0605, 0x061C...0x061C, 0x06DD...0x06DD,
        0x070F...0x070F, 0x180E...0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F,
        0xFEFF...0xFEFF, 0xFFF9...0xFFFB,
    ]

    static func isForbiddenInName(_ scalar: Unicode.Scalar) -> Bool {
        forbiddenNameRanges.contains { $0.contains(scalar.value) }
    }

    /// The password unchanged, when it has at least 8 characters, at most 72 UTF-8 bytes and no NUL character.
    public static func validatePassword(_ password: String) throws(APIError) -> String {
        let bytes = password.utf8.count
        // The minimum counts code points, as the schema's minLength does; the maximum counts bytes (bcrypt's).
        guard password.unicodeScalars.count >= minPasswordLength else {
            throw invalid("password", "password must be at least \(minPasswordLength) characters")
        }
        guard bytes <= maxPasswordBytes else {
            // 72 characters or fewer is what the API document's schema allows; past 72 bytes it is a 422, not a 400.
            throw invalid("password", "password must be at most \(maxPasswordBytes) bytes in UTF-8 (bcrypt's limit)",
                          status: password.count <= maxPasswordBytes ? 422 : 400)
        }
        guard !password.utf8.contains(0) else {
            throw invalid("password", "password must not contain NUL characters")
        }
        return password
    }

    /// `something@something.tld`: one `@`, a non-empty local part, a dotted domain with non-empty labels and a
    /// top-level label of at least two characters; no white space, control characters or `"(),:;<>[\]`.
    static func isPlausibleEmail(_ email: String) -> Bool {
        let forbidden = CharacterSet.whitespacesAndNewlines
            .union(.controlCharacters)
            .union(CharacterSet(charactersIn: "\"(),:;<>[\\]"))
        guard !email.unicodeScalars.contains(where: { forbidden.contains($0) }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return false
        }
        return (labels.last?.count ?? 0) >= 2
    }

    private static func invalid(_ field: String, _ message: String, status: Int = 400) -> APIError {
        APIError(status, "VALIDATION_ERROR", message, details: [APIErrorDetail(field: field, message: message)])
    }
}
