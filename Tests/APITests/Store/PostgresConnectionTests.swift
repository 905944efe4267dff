// PostgresStore's connection set-up: URL parsing, schema-name checks, and how an unreachable server is reported.
import Foundation
import Testing
@testable import API

@Suite("PostgreSQL connection set-up")
struct PostgresConnectionTests {
    @Test("a full URL is parsed, password decoded")
    func fullURL() throws {
        let url = try PostgresURL("postgresql://app:p%40ss%3Aword@db.example.com:6543/intellimix?sslmode=require")
        #expect(url.host == "db.example.com")
        #expect(url.port == 6543)
        #expect(url.username == "app")
        #expect(url.password == "p@ss:word")
        #expect(url.database == "intellimix")
        #expect(url.sslMode == .require)
    }

    @Test("port, password, database and sslmode have defaults")
    func defaults() throws {
        let url = try PostgresURL("postgres://postgres@127.0.0.1")
        #expect(url.port == 5432)
        #expect(url.password == nil)
        #expect(url.database == nil)
        #expect(url.sslMode == .prefer)
        #expect(try PostgresURL("postgres://u@h/d?sslmode=disable").sslMode == .disable)
        #expect(try PostgresURL("postgres://u@h/d?sslmode=verify-full").sslMode == .verifyFull)
    }

    @Test("bad URLs are refused without echoing the password", arguments: [
        "mysql://u:secret@h/d", "postgres://:secret@h/d", "postgres://u:secret@/d", "postgres://u:secret@h/d?sslmode=maybe", "not a url",
    ])
    func badURL(text: String) {
        #expect {
            _ = try PostgresURL(text)
        } throws: { error in
            guard case StoreError.unavailable(let message) = error else { return false }
            return !message.contains("secret")
        }
    }

    @Test("schema names must be plain lower-case identifiers")
    func schemaNames() {
        #expect(PostgresStore.isPlainIdentifier("t_0a9f"))
        #expect(PostgresStore.isPlainIdentifier("_x"))
        #expect(!PostgresStore.isPlainIdentifier(""))
        #expect(!PostgresStore.isPlainIdentifier("Upper"))
        #expect(!PostgresStore.isPlainIdentifier("9lives"))
        #expect(!PostgresStore.isPlainIdentifier(#"a"; DROP TABLE users; --"#))
        #expect(!PostgresStore.isPlainIdentifier(String(repeating: "a", count: 64)))
        #expect(throws: StoreError.self) {
            _ = try PostgresStore(url: "postgres://u@h/d", schema: "Bad-Name", logger: StoreFixture.logger)
        }
    }

    @Test("an unreachable server makes ping fail with StoreError.unavailable within seconds")
    func unreachable() async throws {
        let store = try PostgresStore(url: "postgres://postgres@127.0.0.1:1/none?sslmode=disable", logger: StoreFixture.logger)
        let start = ContinuousClock.now
        await #expect {
            try await store.ping()
        } throws: { error in
            guard case StoreError.unavailable = error else { return false }
            return true
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        await store.close()
    }
}
