// PasswordHasher: bcrypt round trip on the thread pool, the chosen cost, and the counted dummy verification.
// Cost 4 keeps these fast.
import Foundation
import Testing
@testable import API

@Suite("PasswordHasher")
struct PasswordHasherTests {
    @Test("hash and verify")
    func roundTrip() async throws {
        let hasher = PasswordHasher(cost: 5)
        let hash = try await hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$2b$05$") || hash.hasPrefix("$2a$05$") || hash.hasPrefix("$2y$05$"))
        #expect(try await hasher.verify("correct horse battery", hash: hash))
        #expect(try await hasher.verify("correct horse batterY", hash: hash) == false)
        #expect(try await hasher.verify("anything", hash: "not a bcrypt hash") == false)
        #expect(try await hasher.hash("correct horse battery") != hash)
        #expect(hasher.verificationCount == 3)
    }

    @Test("the dummy verification always fails quietly and is counted")
    func dummy() async throws {
        let hasher = PasswordHasher(cost: 4)
        try await hasher.verifyDummy("whatever")
        try await hasher.verifyDummy("whatever")
        let copy = hasher
        try await copy.verifyDummy("")
        #expect(hasher.verificationCount == 3)
    }

    @Test("default cost is 12")
    func defaults() {
        #expect(PasswordHasher().cost == 12)
    }
}
