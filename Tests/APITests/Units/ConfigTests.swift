// Configuration from the environment and .env files, and the production refusals.
import Foundation
import Testing
@testable import API

@Suite("Configuration")
struct ConfigTests {
    @Test("defaults follow the original: 30 min, 30 days, 50 MB, SQLite under STORAGE_ROOT, port 5000")
    func defaults() throws {
        let c = try AppConfig(environment: ["STORAGE_ROOT": "/srv/im"])
        #expect(c.accessTokenMinutes == 30 && c.refreshTokenDays == 30)
        #expect(c.maxUploadBytes == 50 * 1024 * 1024)
        #expect(c.port == 5000)
        #expect(!c.usesPostgres)
        #expect(c.sqlitePath == "/srv/im/intellimix.sqlite3")
        #expect(c.cacheRoot == "/srv/im/cache")
        #expect(try AppConfig(environment: ["DATABASE_URL": "postgresql://u:p@db:5432/im"]).usesPostgres)
        #expect(try AppConfig(environment: ["DATABASE_URL": "sqlite:///var/lib/im.db"]).sqlitePath == "/var/lib/im.db")
    }

    @Test("malformed numbers are refused with the variable's name")
    func malformed() {
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["PORT": "eighty"]) }
        do {
            _ = try AppConfig(environment: ["MAX_UPLOAD_SIZE_MB": "-3"])
            Issue.record("accepted a negative upload size")
        } catch {
            #expect(error.description.contains("MAX_UPLOAD_SIZE_MB"))
        }
    }

    @Test("production refuses a missing, short or well-known secret and a non-PostgreSQL database")
    func production() throws {
        let strong = String(repeating: "Zq9", count: 12)
        let pg = "postgres://im@db/im"
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["APP_ENV": "production", "DATABASE_URL": pg]).check() }
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["APP_ENV": "production", "DATABASE_URL": pg, "JWT_SECRET_KEY": "short"]).check() }
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["APP_ENV": "production", "DATABASE_URL": pg, "JWT_SECRET_KEY": "changeme"]).check() }
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["APP_ENV": "production", "JWT_SECRET_KEY": strong]).check() }
        try AppConfig(environment: ["APP_ENV": "production", "DATABASE_URL": pg, "JWT_SECRET_KEY": strong]).check()
        try AppConfig(environment: [:]).check()
    }

    @Test("a development secret is generated once and kept")
    func generatedSecret() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("im-cfg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var a = try AppConfig(environment: ["STORAGE_ROOT": root])
        try a.ensureSecret()
        var b = try AppConfig(environment: ["STORAGE_ROOT": root])
        try b.ensureSecret()
        #expect(a.jwtSecret.utf8.count >= 32)
        #expect(a.jwtSecret == b.jwtSecret)
        let mode = try FileManager.default.attributesOfItem(atPath: "\(root)/secrets/jwt.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test(".env files: comments, export, quotes; the environment wins")
    func dotEnv() throws {
        let parsed = DotEnv.parse("""
        # comment
        export PORT=8080
        JWT_SECRET_KEY="a b#c"
        NAME='single'
        TRAILING=value # note
        bad line
        =nokey
        """)
        #expect(parsed == ["PORT": "8080", "JWT_SECRET_KEY": "a b#c", "NAME": "single", "TRAILING": "value"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("im-\(UUID().uuidString).env").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "PORT=1\nHOST=0.0.0.0\n".write(toFile: file, atomically: true, encoding: .utf8)
        let env = DotEnv.environment(file: file, base: ["PORT": "2"])
        #expect(env["PORT"] == "2" && env["HOST"] == "0.0.0.0")
        #expect(DotEnv.environment(file: "/nonexistent", base: ["A": "1"]) == ["A": "1"])
    }
}
