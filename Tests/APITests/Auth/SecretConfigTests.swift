// The JWT secret rule in every environment: under 32 bytes is refused unless ALLOW_INSECURE_SECRET=true.
// Configuration only; token signing with weak secrets is TokenServiceTests' business.
import Foundation
import Testing
@testable import API

@Suite("JWT secret configuration")
struct SecretConfigTests {
    @Test("a short JWT_SECRET_KEY is refused in development too, unless ALLOW_INSECURE_SECRET=true")
    func shortSecret() throws {
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["JWT_SECRET_KEY": "short"]).check() }
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["JWT_SECRET_KEY": String(repeating: "x", count: 31)]).check() }
        try AppConfig(environment: ["JWT_SECRET_KEY": String(repeating: "x", count: 32)]).check()
        try AppConfig(environment: ["JWT_SECRET_KEY": "short", "ALLOW_INSECURE_SECRET": "true"]).check()
        #expect(throws: ConfigError.self) {
            try AppConfig(environment: ["JWT_SECRET_KEY": "short", "ALLOW_INSECURE_SECRET": "false"]).check()
        }
        // None configured: development generates a strong one.
        try AppConfig(environment: [:]).check()
        // Production never takes a short one.
        #expect(throws: ConfigError.self) {
            try AppConfig(environment: ["APP_ENV": "production", "DATABASE_URL": "postgres://u@db/im", "JWT_SECRET_KEY": "short",
                                        "ALLOW_INSECURE_SECRET": "true"]).check()
        }
    }

    @Test("the API's token service refuses a short secret unless ALLOW_INSECURE_SECRET=true")
    func tokenService() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("im-secret-\(UUID().uuidString)")
        let store = try SQLiteStore(path: folder.appendingPathComponent("db.sqlite").path)
        let weak = try AppConfig(environment: ["JWT_SECRET_KEY": "short"])
        await #expect(throws: TokenService.ConfigurationError.self) {
            _ = try await APIRuntime.services(weak, store: store, metrics: ServiceMetrics(), logger: APITestApp.logger)
        }
        let allowed = try AppConfig(environment: ["JWT_SECRET_KEY": "short", "ALLOW_INSECURE_SECRET": "true"])
        _ = try await APIRuntime.services(allowed, store: store, metrics: ServiceMetrics(), logger: APITestApp.logger)
        await store.close()
        try? FileManager.default.removeItem(at: folder)
    }
}
