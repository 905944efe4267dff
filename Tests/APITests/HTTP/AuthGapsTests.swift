// Issue 9 item 6 through the real router: rate-limit keys (e-mail normalisation, reset on login, trusted proxies, IPv6
// /64), revocation of a whole login (access tokens, signed file and event URLs) and the atomic in-flight job limit.
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import API

@Suite("Auth gaps")
struct AuthGapsTests {
    private static let password = "correct horse battery"

    private func login(_ client: some TestClientProtocol, _ email: String, _ password: String = Self.password,
                       headers: [String: String] = [:]) async throws -> Reply {
        try await client.send(.post, "/api/v1/auth/login", json: ["email": email, "password": password], headers: headers)
    }

    @Test("the per-email login limit keys on the normalised address: case and white space buy no extra attempts")
    func emailKeyNormalised() async throws {
        let app = try await APITestApp(env: ["AUTH_RATE_LIMIT_PER_EMAIL": "3"])
        try await app.test { client in
            _ = try await client.register("alice@example.com")
            var statuses: [Int] = []
            for email in ["alice@example.com", "ALICE@example.com", "alice@example.com\n", "\talice@Example.com\n"] {
                statuses.append(try await login(client, email, "wrong password!").status)
            }
            #expect(statuses == [401, 401, 401, 429])
        }
        await app.shutdown()
    }

    @Test("a successful login resets the per-email counter")
    func successResets() async throws {
        let app = try await APITestApp(env: ["AUTH_RATE_LIMIT_PER_EMAIL": "3"])
        try await app.test { client in
            _ = try await client.register("bob@example.com")
            var statuses: [Int] = []
            statuses.append(try await login(client, "bob@example.com", "wrong password!").status)
            statuses.append(try await login(client, "bob@example.com", "wrong password!").status)
            statuses.append(try await login(client, "Bob@example.com").status)
            for _ in 0..<4 { statuses.append(try await login(client, "bob@example.com", "wrong password!").status) }
            #expect(statuses == [401, 401, 200, 401, 401, 401, 429])
        }
        await app.shutdown()
    }

    @Test("behind a trusted proxy X-Forwarded-For names the client; IPv6 clients are limited per /64; untrusted peers cannot spoof")
    func trustedProxies() async throws {
        let limits = ["AUTH_RATE_LIMIT_PER_IP": "2", "AUTH_RATE_LIMIT_PER_EMAIL": "1000"]
        let trusting = try await APITestApp(env: limits.merging(["TRUSTED_PROXIES": "127.0.0.1/32, ::1"]) { $1 })
        try await Application(router: trusting.router, logger: APITestApp.logger).test(.live) { client in
            // Two clients behind the proxy each get their own allowance, whatever a client writes before the proxy's hop;
            // addresses of one IPv6 /64 share a bucket, the next /64 does not.
            let hops = ["203.0.113.5", "198.51.100.77, 203.0.113.5", "203.0.113.5", "203.0.113.6",
                        "2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:2::abcd", "2001:db8:1:3::1"]
            var statuses: [Int] = []
            for hop in hops {
                statuses.append(try await login(client, "nobody@example.com", "wrong password!", headers: ["X-Forwarded-For": hop]).status)
            }
            #expect(statuses == [401, 401, 429, 401, 401, 401, 429, 401])
        }
        await trusting.shutdown()

        let direct = try await APITestApp(env: limits)
        try await Application(router: direct.router, logger: APITestApp.logger).test(.live) { client in
            // Without TRUSTED_PROXIES the header is ignored: every attempt is the loopback peer's.
            var statuses: [Int] = []
            for i in 0..<3 {
                statuses.append(try await login(client, "nobody@example.com", "wrong password!", headers: ["X-Forwarded-For": "203.0.113.\(i)"]).status)
            }
            #expect(statuses == [401, 401, 429])
        }
        await direct.shutdown()
    }

    @Test("logout revokes every access token of that login, and only of that login")
    func logoutRevokesFamily() async throws {
        let app = try await APITestApp()
        try await app.test { client in
            let first = try await client.register("carol@example.com")
            let refreshed = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": first.refresh])
            let secondAccess = try #require(refreshed.json["access_token"] as? String)
            let secondRefresh = try #require(refreshed.json["refresh_token"] as? String)
            let other = try #require(try await login(client, "carol@example.com").json["access_token"] as? String)
            #expect(try await client.send(.get, "/api/v1/auth/me", token: first.access).status == 200)

            // Logout with the refresh token alone: both access tokens of the login stop working.
            let out = try await client.send(.post, "/api/v1/auth/logout", json: ["refresh_token": secondRefresh])
            #expect(out.status == 200)
            for token in [first.access, secondAccess] {
                let me = try await client.send(.get, "/api/v1/auth/me", token: token)
                #expect(me.status == 401)
                #expect(me.json["code"] as? String == "AUTH_TOKEN_REVOKED")
            }
            #expect(try await client.send(.get, "/api/v1/auth/me", token: other).status == 200)

            // Logout with an access token alone revokes its login too.
            let third = try await login(client, "carol@example.com")
            let thirdAccess = try #require(third.json["access_token"] as? String)
            let thirdRefresh = try #require(third.json["refresh_token"] as? String)
            #expect(try await client.send(.post, "/api/v1/auth/logout", token: other).status == 200)
            #expect(try await client.send(.get, "/api/v1/auth/me", token: other).status == 401)
            #expect(try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": thirdRefresh]).status == 200)
            #expect(try await client.send(.get, "/api/v1/auth/me", token: thirdAccess).status == 200)
        }
        await app.shutdown()
    }

    @Test("refresh-token reuse revokes every access token of that login")
    func reuseRevokesFamily() async throws {
        let app = try await APITestApp()
        try await app.test { client in
            let first = try await client.register("dave@example.com")
            let refreshed = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": first.refresh])
            let secondAccess = try #require(refreshed.json["access_token"] as? String)
            let reuse = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": first.refresh])
            #expect(reuse.json["code"] as? String == "AUTH_TOKEN_REUSED")
            for token in [first.access, secondAccess] {
                #expect(try await client.send(.get, "/api/v1/auth/me", token: token).status == 401)
            }
        }
        await app.shutdown()
    }

    @Test("signed file and event URLs carry the login and stop working when it is revoked")
    func signedURLsRevoked() async throws {
        let app = try await APITestApp()
        try await app.test { client in
            let user = try await client.register("erin@example.com")
            let keep = try #require(try await login(client, "erin@example.com").json["access_token"] as? String)
            var job = JobRecord(userId: try #require(UUID(uuidString: user.id)), type: "manifest", manifest: "version: 1\n")
            job.status = .succeeded
            job.outputs = ["mix.mp3"]
            try await app.store.enqueue(job)
            try FileManager.default.createDirectory(atPath: app.services.paths.jobDirectory(job.id), withIntermediateDirectories: true)
            try Data("ID3 not really audio".utf8).write(to: URL(fileURLWithPath: app.services.paths.jobFile(job.id, name: "mix.mp3")!))

            func links(_ token: String) async throws -> (file: String, events: String) {
                let view = try await client.send(.get, "/api/v1/jobs/\(job.id.uuidString.lowercased())", token: token)
                let files = try #require(view.json["files"] as? [[String: Any]])
                return (try #require(files.first?["signed_url"] as? String), try #require(view.json["events_url"] as? String))
            }
            let revoked = try await links(user.access)
            let kept = try await links(keep)
            #expect(revoked.file.contains("&fam="))
            #expect(try await client.send(.get, revoked.file).status == 200)
            #expect(try await client.send(.get, revoked.events).status == 200)

            #expect(try await client.send(.post, "/api/v1/auth/logout", json: ["refresh_token": user.refresh]).status == 200)
            let file = try await client.send(.get, revoked.file)
            #expect(file.status == 401)
            #expect(file.json["code"] as? String == "FILE_URL_INVALID")
            #expect(try await client.send(.get, revoked.events).status == 401)
            // Another login's links still work; a link with its family removed or swapped does not verify.
            #expect(try await client.send(.get, kept.file).status == 200)
            let stripped = revoked.file.replacingOccurrences(of: #"&fam=[0-9a-f-]+"#, with: "", options: .regularExpression)
            #expect(try await client.send(.get, stripped).status == 401)
            let keptFamily = try #require(kept.file.range(of: #"fam=[0-9a-f-]+"#, options: .regularExpression).map { kept.file[$0] })
            let swapped = revoked.file.replacingOccurrences(of: #"fam=[0-9a-f-]+"#, with: String(keptFamily), options: .regularExpression)
            #expect(try await client.send(.get, swapped).status == 401)
        }
        await app.shutdown()
    }

    @Test("parallel submissions never exceed MAX_JOBS_IN_FLIGHT", arguments: StoreKind.allCases)
    func parallelSubmits(kind: StoreKind) async throws {
        let app = try await APITestApp(kind, env: ["MAX_JOBS_IN_FLIGHT": "3"])
        try await app.test { client in
            let user = try await client.register("frank@example.com")
            let yaml = Data("version: 1\nname: q\nstages:\n  - id: a\n    kind: fetch\n    url: https://93.184.216.34/a.mp3\n".utf8)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<24 {
                    group.addTask { try await client.send(.post, "/api/v1/jobs", token: user.access, body: yaml).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 202 }.count == 3)
            #expect(statuses.filter { $0 == 429 }.count == 21)
            #expect(try await app.store.activeJobCount(userId: try #require(UUID(uuidString: user.id))) == 3)
        }
        await app.shutdown()
    }
}
