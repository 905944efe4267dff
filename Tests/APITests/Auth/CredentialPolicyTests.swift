// CredentialPolicy: e-mail normalisation and pattern, name and password limits.
// Pure functions; no store, no bcrypt.
import Foundation
import Testing
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
    }

    @Test("passwords are 8...72 UTF-8 bytes")
    func passwords() throws {
        #expect(try CredentialPolicy.validatePassword("12345678") == "12345678")
        #expect(try CredentialPolicy.validatePassword(String(repeating: "x", count: 72)).utf8.count == 72)
        #expect(throws: APIError.self) { try CredentialPolicy.validatePassword("1234567") }
        #expect(throws: APIError.self) { try CredentialPolicy.validatePassword(String(repeating: "x", count: 73)) }
        // 37 two-byte characters are 74 bytes: too long although only 37 characters.
        #expect(throws: APIError.self) { try CredentialPolicy.validatePassword(String(repeating: "é", count: 37)) }
        #expect(try CredentialPolicy.validatePassword(String(repeating: "é", count: 36)).utf8.count == 72)
        #expect(throws: APIError.self) { try CredentialPolicy.validatePassword("12345678\u{0}9") }
    }
}
