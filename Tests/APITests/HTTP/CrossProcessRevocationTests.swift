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
    @Test("logout in process A, and refresh-token reuse in A, are refused by process B at once", arguments: StoreKind.allCases)
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
                let b = APIApplication.router(try await APIRuntime.services(config, store: storeB, metrics: ServiceMetrics(), logger: APITestApp.logger)).0
                try await Application(router: b, logger: APITestApp.logger).test(.router) { clientB in
                    let user = try await clientA.register("two-processes@example.com")
                    #expect(try await clientB.send(.get, "/api/v1/auth/me", token: user.access).status == 200)
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
                }
            }
            await storeA.close()
            await storeB.close()
        }
    }
}
