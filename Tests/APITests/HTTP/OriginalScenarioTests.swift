// The original product's own test scenarios, against the real router and both stores: register,
// login and me; refresh then logout then the old tokens answer 401; history scoped per user; an
// upstream AI 429 mapped to AI_RATE_LIMITED with retry_after_seconds and a failed job.
import Foundation
import TestSupport
import Testing
@testable import API

@Suite("The original's scenarios", .serialized)
struct OriginalScenarioTests {
    @Test("register, login and me", arguments: StoreKind.allCases)
    func registerLoginMe(kind: StoreKind) async throws {
        let app = try await APITestApp(kind)
        try await app.test { client in
            let reg = try await client.send(.post, "/api/v1/auth/register",
                                            json: ["name": "Ada", "email": "  Ada@Example.COM ", "password": "analytical engine"])
            #expect(reg.status == 201)
            let user = try #require(reg.json["user"] as? [String: Any])
            #expect(user["email"] as? String == "ada@example.com")
            #expect(user["name"] as? String == "Ada")
            #expect(reg.json["access_token"] is String && reg.json["refresh_token"] is String)

            let dup = try await client.send(.post, "/api/v1/auth/register", json: ["name": "Ada", "email": "ada@example.com", "password": "analytical engine"])
            #expect(dup.status == 409)
            #expect(dup.json["code"] as? String == "AUTH_EMAIL_TAKEN")

            let login = try await client.send(.post, "/api/v1/auth/login", json: ["email": "ADA@example.com", "password": "analytical engine"])
            #expect(login.status == 200)
            let access = try #require(login.json["access_token"] as? String)

            let me = try await client.send(.get, "/api/v1/auth/me", token: access)
            #expect(me.status == 200)
            #expect((me.json["user"] as? [String: Any])?["email"] as? String == "ada@example.com")
            #expect(me.json["password_hash"] == nil && (me.json["user"] as? [String: Any])?["password_hash"] == nil)

            // Unknown e-mail and wrong password: the same answer.
            let wrong = try await client.send(.post, "/api/v1/auth/login", json: ["email": "ada@example.com", "password": "difference engine"])
            let unknown = try await client.send(.post, "/api/v1/auth/login", json: ["email": "nobody@example.com", "password": "difference engine"])
            #expect(wrong.status == 401 && unknown.status == 401)
            #expect(wrong.json["code"] as? String == "AUTH_INVALID_CREDENTIALS")
            #expect(wrong.json["error"] as? String == unknown.json["error"] as? String)
            #expect(wrong.json["code"] as? String == unknown.json["code"] as? String)

            let short = try await client.send(.post, "/api/v1/auth/register", json: ["name": "B", "email": "b@example.com", "password": "short"])
            #expect(short.status == 400)
            #expect(short.json["code"] as? String == "VALIDATION_ERROR")
        }
        await app.shutdown()
    }

    @Test("refresh, then logout, then the old tokens answer 401", arguments: StoreKind.allCases)
    func refreshThenLogout(kind: StoreKind) async throws {
        let app = try await APITestApp(kind)
        try await app.test { client in
            let first = try await client.register("grace@example.com")
            let refreshed = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": first.refresh])
            #expect(refreshed.status == 200)
            let access2 = try #require(refreshed.json["access_token"] as? String)
            let refresh2 = try #require(refreshed.json["refresh_token"] as? String)
            #expect(refresh2 != first.refresh, "refresh tokens rotate")
            #expect(try await client.send(.get, "/api/v1/auth/me", token: access2).status == 200)

            let out = try await client.send(.post, "/api/v1/auth/logout", token: access2, json: ["refresh_token": refresh2])
            #expect(out.status == 200)
            #expect(try await client.send(.get, "/api/v1/auth/me", token: access2).status == 401)
            let reuse = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": refresh2])
            #expect(reuse.status == 401)
            let old = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": first.refresh])
            #expect(old.status == 401)
        }
        await app.shutdown()
    }

    @Test("history is scoped per user", arguments: StoreKind.allCases)
    func historyScoped(kind: StoreKind) async throws {
        let app = try await APITestApp(kind)
        try await app.test { client in
            let alice = try await client.register("alice@example.com")
            let bob = try await client.register("bob@example.com")
            let manifest = "version: 1\nname: scoped\nstages:\n  - id: a\n    kind: fetch\n    url: https://93.184.216.34/a.mp3\n"
            var aliceJobs: [String] = []
            for _ in 0..<3 {
                let r = try await client.send(.post, "/api/v1/jobs", token: alice.access, body: Data(manifest.utf8),
                                              headers: ["Content-Type": "application/yaml"])
                #expect(r.status == 202, "\(r.text)")
                aliceJobs.append(try #require(r.json["job_id"] as? String))
            }
            let b = try await client.send(.post, "/api/v1/jobs", token: bob.access, body: Data(manifest.utf8))
            let bobJob = try #require(b.json["job_id"] as? String)

            let page = try await client.send(.get, "/api/v1/history?limit=2&page=1", token: alice.access)
            #expect(page.status == 200)
            #expect(page.json["total"] as? Int == 3)
            #expect(page.json["pages"] as? Int == 2)
            let ids = (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == [aliceJobs[2], aliceJobs[1]], "newest first")
            let page2 = try await client.send(.get, "/api/v1/history?limit=2&page=2", token: alice.access)
            #expect((page2.json["items"] as? [[String: Any]])?.count == 1)

            let bobs = try await client.send(.get, "/api/v1/history", token: bob.access)
            #expect((bobs.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == [bobJob])
            #expect(try await client.send(.get, "/api/v1/history/\(bobJob)", token: alice.access).status == 404)
            #expect(try await client.send(.delete, "/api/v1/history/\(bobJob)", token: alice.access).status == 404)
            #expect(try await client.send(.get, "/api/v1/history/\(bobJob)", token: bob.access).status == 200)

            for bad in ["page=abc", "limit=xyz", "page=0", "page=-1", "type=nonsense"] {
                let r = try await client.send(.get, "/api/v1/history?\(bad)", token: alice.access)
                #expect(r.status == 400, "\(bad) gave \(r.status)")
                #expect(r.json["code"] as? String == "INVALID_QUERY")
            }
            let clamped = try await client.send(.get, "/api/v1/history?limit=1000", token: alice.access)
            #expect(clamped.json["limit"] as? Int == 100)

            let deleted = try await client.send(.delete, "/api/v1/history/\(aliceJobs[0])", token: alice.access)
            #expect(deleted.status == 200)
            #expect(try await client.send(.get, "/api/v1/history/\(aliceJobs[0])", token: alice.access).status == 404)
        }
        await app.shutdown()
    }

    @Test("an upstream AI 429 becomes a 429 with AI_RATE_LIMITED and retry_after_seconds; the job is stored as failed")
    func aiRateLimited() async throws {
        let services = try FakeServices()
        let app = try await APITestApp(.sqlite, env: [
            "GOOGLE_API_KEY": "rate-limited-key", "GEMINI_BASE_URL": "http://127.0.0.1:\(services.port)", "GEMINI_MAX_RETRIES": "0",
        ])
        try app.startWorkers(1)
        try await app.test { client in
            let user = try await client.register("quota@example.com")
            // No song list in the prompt: the worker asks Gemini to propose songs, and Gemini is out of quota.
            let r = try await client.send(.post, "/api/v1/generate-ai", token: user.access, json: ["prompt": "something upbeat for a road trip"],
                                          headers: ["Prefer": "wait=30"])
            #expect(r.status == 429, "\(r.text)")
            #expect(r.json["code"] as? String == "AI_RATE_LIMITED")
            #expect(r.json["retry_after_seconds"] as? Int == 17)
            #expect(r.header("Retry-After") == "17")
            let history = try await client.send(.get, "/api/v1/history?type=ai_parody", token: user.access)
            let item = try #require((history.json["items"] as? [[String: Any]])?.first)
            #expect(item["status"] as? String == "failed")
            #expect((item["error"] as? [String: Any])?["code"] as? String == "AI_RATE_LIMITED")
            #expect(!(item["error_message"] as? String ?? "").isEmpty)
        }
        #expect(services.requests.contains { $0.contains(":generateContent") })
        await app.shutdown()
    }
}
