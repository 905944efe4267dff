// CredentialPolicy: e-mail normalisation and pattern, name and password limits.
// Pure functions; no store, no bcrypt.
import Foundation
import Testing
import Yams
@testable import API

@Suite("CredentialPolicy")
struct CredentialPolicyTests {
    @Test("e-mail addresses are trimmed and lower-cased")
    func normalisation() throws {
        #expect(try CredentialPolicy.validateEmail("  Bob.Smith+Mix@Example.CO.uk \n") == "bob.smith+mix@example.co.uk")
        #expect(CredentialPolicy.normalizeEmail(" X@Y.Z ") == "x@y.z")
    }

    @Test("implausible e-mail addresses are refused",
          arguments: ["", "   ", "plain", "@example.com", "a@", "a@b", "a@b.c", "a@@b.com", "a b@c.com", "a@b..com", "a@.b.com",
                      "a@b.com.", "a@-b.com", "<a>@b.com", "a@b,c.com"])
    func badEmails(_ email: String) {
        #expect(throws: APIError.self) { try CredentialPolicy.validateEmail(email) }
        do {
            _ = try CredentialPolicy.validateEmail(email)
        } catch {
            #expect(error.status == 400)
            #expect(error.code == "VALIDATION_ERROR")
            #expect(error.details.first?.field == "email")
            #expect(error.message.contains("email"))
        }
    }

    @Test("e-mail addresses over 254 characters are refused")
    func longEmail() throws {
        let domain = String(repeating: "d", count: 63) + "." + String(repeating: "e", count: 63) + "." + String(repeating: "f", count: 63) + ".com"
        let ok = String(repeating: "l", count: 254 - domain.count - 1) + "@" + domain
        #expect(ok.count == 254)
        #expect(try CredentialPolicy.validateEmail(ok) == ok)
        #expect(throws: APIError.self) { try CredentialPolicy.validateEmail("l" + ok) }
    }

    @Test("names are 1...100 characters after trimming")
    func names() throws {
        #expect(try CredentialPolicy.validateName("  Zoë  ") == "Zoë")
        #expect(try CredentialPolicy.validateName(String(repeating: "n", count: 100)).count == 100)
        #expect(throws: APIError.self) { try CredentialPolicy.validateName(String(repeating: "n", count: 101)) }
        #expect(throws: APIError.self) { try CredentialPolicy.validateName(" \t ") }
        #expect(throws: APIError.self) { try CredentialPolicy.validateName("bad\u{0}name") }
        // Other planes are allowed: the flag of England is a black flag and tag characters (U+E0067 ...).
        #expect(try CredentialPolicy.validateName("Ann \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}").hasPrefix("Ann"))
    }

    @Test("the register schema's name pattern and the server's rule agree on every code point of the BMP and on samples of the others")
    func namePatternMatchesServer() throws {
        let doc = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        let schemas = (doc["components"] as? [String: Any])?["schemas"] as? [String: Any]
        let name = ((schemas?["RegisterRequest"] as? [String: Any])?["properties"] as? [String: Any])?["name"] as? [String: Any]
        let pattern = try #require(name?["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        var disagreements: [String] = []
        let others: [UInt32] = [0x1F600, 0x1F3F4, 0xE0001, 0xE0067, 0xE232B, 0xB3A90, 0x231C2, 0x110BD, 0x1D173, 0x10FFFD]
        for value in Array(0...0xFFFF) + others {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }  // surrogates
            let text = "a\(Character(scalar))b"
            let schemaAllows = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            let serverAllows = (try? CredentialPolicy.validateName(text)) != nil
            if schemaAllows != serverAllows { disagreements.append(String(format: "U+%04X", value)) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }

    @Test("passwords are at least 8 characters and at most 72 UTF-8 bytes")
    func passwords() throws {
        #expect(try CredentialPolicy.validatePassword("12345678") == "12345678")
        #expect(try CredentialPolicy.validatePassword(String(repeating: "x", count: 72)).utf8.count == 72)
        #expect(throws: APIError.self) { try CredentialPolicy.validatePassword("1234567") }
        #expect(throws: APIError.self) { try CredentialPolicy.validatePassword(String(repeating: "x", count: 73)) }
        // 37 two-byte characters are 74 bytes: too long although only 37 characters. The API document's schema
        // (at most 72 characters) allows it, so it is a 422 rather than a 400; 73 characters is a 400.
        #expect(throws: APIError.self) { try CredentialPolicy.validatePassword(String(repeating: "é", count: 37)) }
        #expect(Self.status(String(repeating: "é", count: 37)) == 422)
        #expect(Self.status(String(repeating: "x", count: 73)) == 400)
        #expect(try CredentialPolicy.validatePassword(String(repeating: "é", count: 36)).utf8.count == 72)
        // The minimum counts characters (code points), as the schema's minLength does: 5 characters in 8 bytes
        // are too short (schemathesis sent "ß»\u{1B}Øt").
        #expect(throws: APIError.self) { try CredentialPolicy.validatePassword("ß»\u{1B}Øt") }
        #expect(try CredentialPolicy.validatePassword("ßßßßßßßß") == "ßßßßßßßß")
        #expect(throws: APIError.self) { try CredentialPolicy.validatePassword("12345678\u{0}9") }
    }

    /// The HTTP status of the error validating `password` throws, or nil when it is accepted.
    static func status(_ password: String) -> Int? {
        do { _ = try CredentialPolicy.validatePassword(password); return nil } catch { return error.status }
    }
}
