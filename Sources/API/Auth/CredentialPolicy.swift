// The rules for what users type at registration: e-mail address, display name and password.
// Pure validation; knows nothing of stores or hashing.
import Foundation

/// Normalises and validates registration input; failures are 400 `VALIDATION_ERROR` naming the field.
public enum CredentialPolicy {
    /// Longest accepted e-mail address, in characters (254).
    public static let maxEmailLength = 254
    /// Longest accepted display name after trimming, in characters (100).
    public static let maxNameLength = 100
    /// Shortest accepted password, in UTF-8 bytes (8).
    public static let minPasswordBytes = 8
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
        guard !name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw invalid("name", "name must not contain control characters")
        }
        return name
    }

    /// The password unchanged, when it is 8...72 UTF-8 bytes with no NUL character.
    public static func validatePassword(_ password: String) throws(APIError) -> String {
        let bytes = password.utf8.count
        guard bytes >= minPasswordBytes else {
            throw invalid("password", "password must be at least \(minPasswordBytes) characters")
        }
        guard bytes <= maxPasswordBytes else {
            throw invalid("password", "password must be at most \(maxPasswordBytes) bytes in UTF-8 (bcrypt's limit)")
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

    private static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(400, "VALIDATION_ERROR", message, details: [APIErrorDetail(field: field, message: message)])
    }
}
