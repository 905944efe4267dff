// Revocation is exact across API processes: two API instances with their own store connections over one database
// (as two machines behind a load balancer), a logout or a refresh-token reuse in one is honoured by the other on its
// very next request. No process caches who is signed in, so there is nothing to invalidate.
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import API

@Suite("Revocation across API processes", .serialized)
struct CrossProcessRevocationTests {
    @Test("logout and refresh-token reuse in process A, and a deactivation by hand in SQL, are refused by process B at once, its token cache warm",
          arguments: StoreKind.allCases)
    func logoutInAHonouredByB(kind: StoreKind) async throws {
        try await StoreFixture.withFixture(kind) { fixture in
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("im-xproc-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: root) }
            let config = try AppConfig(environment: ["STORAGE_ROOT": root, "JWT_SECRET_KEY": String(repeating: "k3y-", count: 10),
                                                     "BCRYPT_COST": "4", "AUTH_RATE_LIMIT_PER_IP": "1000"])
            let storeA = try fixture.open(), storeB = try fixture.open()
            try await storeA.migrate()
            let a = APIApplication.router(try await APIRuntime.services(config, store: storeA, metrics: ServiceMetrics(), logger: APITestApp.logger)).0
            try await Application(router: a, logger: APITestApp.logger).test(.router) { clientA in
                let servicesB = try await APIRuntime.services(config, store: storeB, metrics: ServiceMetrics(), logger: APITestApp.logger)
                let cacheB = try #require(servicesB.auth.cache, "the token cache is on by default")
                let b = APIApplication.router(servicesB).0
                try await Application(router: b, logger: APITestApp.logger).test(.router) { clientB in
                    let user = try await clientA.register("two-processes@example.com")
                    // B checks the token once, then answers it from its cache.
                    #expect(try await clientB.send(.get, "/api/v1/auth/me", token: user.access).status == 200)
                    #expect(try await clientB.send(.get, "/api/v1/auth/me", token: user.access).status == 200)
                    #expect(cacheB.hits == 1)
                    #expect(try await clientA.send(.post, "/api/v1/auth/logout", token: user.access).status == 200)
                    let refused = try await clientB.send(.get, "/api/v1/auth/me", token: user.access)
                    #expect(refused.status == 401 && refused.json["code"] as? String == "AUTH_TOKEN_REVOKED", "\(refused.text)")

                    // Refresh-token reuse detected by A revokes the login for B too.
                    let login = try await clientB.send(.post, "/api/v1/auth/login",
                                                       json: ["email": "two-processes@example.com", "password": "correct horse battery"])
                    let access = try #require(login.json["access_token"] as? String)
                    let refresh = try #require(login.json["refresh_token"] as? String)
                    #expect(try await clientA.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": refresh]).status == 200)
                    #expect(try await clientA.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": refresh]).status == 401)
                    #expect(try await clientB.send(.get, "/api/v1/auth/me", token: access).status == 401)

                    // An operator deactivating the user by hand in SQL: B's cached token is refused on the next request.
                    let again = try await clientB.send(.post, "/api/v1/auth/login",
                                                       json: ["email": "two-processes@example.com", "password": "correct horse battery"])
                    let fresh = try #require(again.json["access_token"] as? String)
                    #expect(try await clientB.send(.get, "/api/v1/auth/me", token: fresh).status == 200)
                    let hits = cacheB.hits
                    #expect(try await clientB.send(.get, "/api/v1/auth/me", token: fresh).status == 200)
                    #expect(cacheB.hits == hits + 1)
                    try await fixture.runSQL(sqlite: "UPDATE users SET is_active = 0", postgres: "UPDATE users SET is_active = false")
                    let deactivated = try await clientB.send(.get, "/api/v1/auth/me", token: fresh)
                    #expect(deactivated.status == 401 && deactivated.json["code"] as? String == "AUTH_TOKEN_REVOKED", "\(deactivated.text)")
                }
            }
            await storeA.close()
            await storeB.close()
        }
    }
}
