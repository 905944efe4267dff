// Hostile requests against the real router: forged and misused tokens, other users' jobs and files,
// path traversal, oversized bodies and uploads, and SSRF or local-file URLs in jobs.
import Foundation
import Testing
@testable import API

@Suite("Attack matrix", .serialized)
struct AttackMatrixTests {
    static func b64(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
    static func b64(_ object: [String: Any]) -> String { b64(try! JSONSerialization.data(withJSONObject: object)) }

    @Test("forged, expired, alg:none, mistyped, revoked and reused tokens are refused")
    func tokens() async throws {
        let app = try await APITestApp()
        try await app.test { client in
            let user = try await client.register("mallory@example.com")
            let parts = user.access.split(separator: ".").map(String.init)
            #expect(parts.count == 3)
            func me(_ token: String) async throws -> Reply { try await client.send(.get, "/api/v1/auth/me", token: token) }

            // Tampered payload: same signature, another subject.
            let payload = try #require(JSONSerialization.jsonObject(with: Data(base64URL: parts[1])!) as? [String: Any])
            var forged = payload
            forged["sub"] = UUID().uuidString.lowercased()
            let tampered = try await me("\(parts[0]).\(Self.b64(forged)).\(parts[2])")
            #expect(tampered.status == 401)
            #expect(tampered.json["code"] as? String == "AUTH_TOKEN_INVALID")

            // alg: none with no signature.
            let none = try await me("\(Self.b64(["alg": "none", "typ": "JWT"])).\(parts[1]).")
            #expect(none.status == 401)

            // Expired: signed with the server's key, but an hour old.
            let tokens = try await TokenService(secret: app.config.jwtSecret)
            let uid = try #require(UUID(uuidString: user.id))
            let old = try await tokens.issueAccessToken(userId: uid, now: Date().addingTimeInterval(-7200)).token
            let expired = try await me(old)
            #expect(expired.status == 401)
            #expect(expired.json["code"] as? String == "AUTH_TOKEN_EXPIRED")

            // Another key.
            let other = try await TokenService(secret: String(repeating: "x", count: 48))
            #expect(try await me(try await other.issueAccessToken(userId: uid).token).status == 401)

            // A refresh token is not an access token.
            let misuse = try await me(user.refresh)
            #expect(misuse.status == 401)

            // Garbage and an empty bearer.
            #expect(try await me("not.a.jwt").status == 401)
            #expect(try await client.send(.get, "/api/v1/auth/me", headers: ["Authorization": "Bearer "]).status == 401)
            let anon = try await client.send(.get, "/api/v1/auth/me")
            #expect(anon.status == 401)
            #expect(anon.header("WWW-Authenticate") == "Bearer")

            // Reuse after rotation revokes the family: even the newest refresh token stops working.
            let r1 = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": user.refresh])
            let newest = try #require(r1.json["refresh_token"] as? String)
            let reused = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": user.refresh])
            #expect(reused.status == 401)
            #expect(reused.json["code"] as? String == "AUTH_TOKEN_REUSED")
            #expect(try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": newest]).status == 401)

            // Logout with an expired access token still revokes the refresh token.
            let second = try await client.send(.post, "/api/v1/auth/login", json: ["email": "mallory@example.com", "password": "correct horse battery"])
            let refresh2 = try #require(second.json["refresh_token"] as? String)
            let out = try await client.send(.post, "/api/v1/auth/logout", token: old, json: ["refresh_token": refresh2])
            #expect(out.status == 200)
            #expect(try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": refresh2]).status == 401)
            // A revoked access token.
            let access3 = try #require(second.json["access_token"] as? String)
            _ = try await client.send(.post, "/api/v1/auth/logout", token: access3)
            let revoked = try await me(access3)
            #expect(revoked.status == 401)
            #expect(revoked.json["code"] as? String == "AUTH_TOKEN_REVOKED")
        }
        await app.shutdown()
    }

    @Test("login is rate-limited per e-mail with 429 and Retry-After")
    func rateLimit() async throws {
        let app = try await APITestApp(env: ["AUTH_RATE_LIMIT_PER_EMAIL": "3"])
        try await app.test { client in
            _ = try await client.register("limited@example.com")
            var statuses: [Int] = []
            for _ in 0..<5 {
                statuses.append(try await client.send(.post, "/api/v1/auth/login", json: ["email": "limited@example.com", "password": "wrong password!"]).status)
            }
            #expect(statuses == [401, 401, 401, 429, 429])
            let limited = try await client.send(.post, "/api/v1/auth/login", json: ["email": "Limited@example.com", "password": "correct horse battery"])
            #expect(limited.status == 429)
            #expect(limited.json["code"] as? String == "RATE_LIMITED")
            #expect(Int(limited.header("Retry-After") ?? "") ?? 0 >= 1)
        }
        await app.shutdown()
    }

    @Test("another user's job, history item and file answer 404; anonymous file requests 401; traversal is refused")
    func otherUsers() async throws {
        let app = try await APITestApp()
        try app.startWorkers(1)
        try await app.test { client in
            let alice = try await client.register("alice@example.com")
            let eve = try await client.register("eve@example.com")
            let up = try await client.upload(try TestAudio.tone(seconds: 3), name: "tone.wav", token: alice.access)
            #expect(up.status == 201, "\(up.text)")
            let uploadId = try #require(up.json["upload_id"] as? String)
            let manifest = """
            version: 1
            name: mine
            stages:
              - id: song
                kind: source
                upload: \(uploadId)
              - id: out
                kind: encode
                input: song
                format: mp3
            """
            // Eve cannot use Alice's upload.
            let stolen = try await client.send(.post, "/api/v1/jobs", token: eve.access, body: Data(manifest.utf8))
            #expect(stolen.status == 422)
            #expect(stolen.json["code"] as? String == "MANIFEST_NOT_ALLOWED")

            let submitted = try await client.send(.post, "/api/v1/jobs", token: alice.access, body: Data(manifest.utf8))
            #expect(submitted.status == 202, "\(submitted.text)")
            let jobId = try #require(submitted.json["job_id"] as? String)
            let done = try await client.waitForJob(jobId, token: alice.access)
            #expect(done["status"] as? String == "succeeded", "\(done)")
            let file = try #require((done["files"] as? [[String: Any]])?.first)
            let url = try #require(file["url"] as? String)

            for path in ["/api/v1/jobs/\(jobId)", "/api/v1/history/\(jobId)", "/api/v1/jobs/\(jobId)/manifest", url] {
                #expect(try await client.send(.get, path, token: eve.access).status == 404, "\(path)")
            }
            #expect(try await client.send(.post, "/api/v1/jobs/\(jobId)/cancel", token: eve.access).status == 404)
            #expect(try await client.send(.post, "/api/v1/jobs/\(jobId)/rerender", token: eve.access).status == 404)
            #expect(try await client.send(.delete, "/api/v1/history/\(jobId)", token: eve.access).status == 404)
            #expect(try await client.send(.get, url).status == 401)
            #expect(try await client.send(.get, url, token: alice.access).status == 200)

            // Signed URLs are bound to the user, the job and the file.
            let signed = try #require(file["signed_url"] as? String)
            #expect(try await client.send(.get, signed).status == 200)
            let otherFile = signed.replacingOccurrences(of: "/\(file["name"] as! String)?", with: "/other.mp3?")
            #expect(try await client.send(.get, otherFile).status == 401)
            let tampered = signed.replacingOccurrences(of: "uid=\(alice.id)", with: "uid=\(eve.id)")
            #expect(try await client.send(.get, tampered).status == 401)

            for evil in ["..%2F..%2Fintellimix.sqlite3", "..%2Fjob.yaml", "%2E%2E", "..", ".hidden", "a%00b"] {
                let r = try await client.send(.get, "/files/\(jobId)/\(evil)", token: alice.access)
                #expect(r.status == 400 || r.status == 404, "\(evil): \(r.status)")
                #expect(!r.text.contains("CREATE TABLE"))
            }
        }
        await app.shutdown()
    }

    @Test("oversized JSON bodies and uploads are refused with 413; non-audio uploads with 422")
    func oversized() async throws {
        let app = try await APITestApp(env: ["MAX_UPLOAD_SIZE_MB": "1"])
        try await app.test { client in
            let user = try await client.register("big@example.com")
            let huge = String(repeating: "a", count: 400 * 1024)
            let body = try await client.send(.post, "/api/v1/generate-ai", token: user.access, json: ["prompt": huge])
            #expect(body.status == 413)
            #expect(body.json["code"] as? String == "BODY_TOO_LARGE")
            let longPrompt = try await client.send(.post, "/api/v1/generate-ai", token: user.access, json: ["prompt": String(repeating: "b", count: 2500)])
            #expect(longPrompt.status == 400)
            #expect(longPrompt.json["code"] as? String == "PROMPT_TOO_LONG")

            let upload = try await client.upload(Data(count: 2 * 1024 * 1024), name: "big.wav", token: user.access)
            #expect(upload.status == 413)
            let junk = try await client.upload(Data("this is not audio at all".utf8), name: "fake.mp3", token: user.access)
            #expect(junk.status == 422)
            #expect(junk.json["code"] as? String == "NOT_AUDIO")
            // Nothing half-written stays behind.
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: "\(app.root)/tmp")) ?? []
            #expect(leftovers.isEmpty, "\(leftovers)")

            let clips = (0..<60).map { ["url": "https://93.184.216.34/\($0).mp3", "start": "0", "end": "10"] }
            let tooMany = try await client.send(.post, "/api/v1/process-array", token: user.access, json: ["urls": clips])
            #expect(tooMany.status == 400)
            #expect(tooMany.json["code"] as? String == "TOO_MANY_CLIPS")
            let backwards = try await client.send(.post, "/api/v1/process-array", token: user.access,
                                                  json: ["urls": [["url": "https://93.184.216.34/a.mp3", "start": "1:00", "end": "0:30"]]])
            #expect(backwards.status == 422)
            #expect(backwards.json["code"] as? String == "INVALID_RANGE")
            let notJSON = try await client.send(.post, "/api/v1/process-array", token: user.access, body: Data("{nope".utf8),
                                                headers: ["Content-Type": "application/json"])
            #expect(notJSON.status == 400)
            #expect(notJSON.json["code"] as? String == "INVALID_JSON")
            #expect(!notJSON.text.contains("DecodingError"))
        }
        await app.shutdown()
    }

    @Test("SSRF URLs, local paths and file:// URLs in jobs are refused with 422 naming the stage")
    func ssrf() async throws {
        let app = try await APITestApp()
        try await app.test { client in
            let user = try await client.register("ssrf@example.com")
            for url in ["http://127.0.0.1:8080/admin", "http://169.254.169.254/latest/meta-data/", "http://[::1]/x", "http://2130706433/x",
                        "http://0177.0.0.1/x", "http://10.0.0.5/x", "http://localhost/x"] {
                let r = try await client.send(.post, "/api/v1/process-array", token: user.access, json: ["urls": [["url": url]]])
                #expect(r.status == 422, "\(url): \(r.status) \(r.text)")
                #expect(r.json["code"] as? String == "URL_NOT_ALLOWED")
                let d = try await client.send(.post, "/api/v1/download-audio", token: user.access, json: ["url": url])
                #expect(d.status == 422, "\(url): \(d.status)")
            }
            let manifest = """
            version: 1
            name: sneaky
            stages:
              - id: meta
                kind: fetch
                url: http://169.254.169.254/latest/meta-data/
              - id: local
                kind: source
                path: /etc/passwd
              - id: file
                kind: fetch
                url: file:///etc/shadow
              - id: out
                kind: crossfade
                inputs: [meta, local, file]
            """
            let r = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(manifest.utf8))
            #expect(r.status == 422)
            #expect(r.json["code"] as? String == "MANIFEST_NOT_ALLOWED")
            let details = r.json["details"] as? [[String: Any]] ?? []
            let messages = details.compactMap { $0["message"] as? String }
            #expect(messages.contains { $0.contains("stage meta") })
            #expect(messages.contains { $0.contains("stage local") })
            #expect(messages.contains { $0.contains("stage file") })
            #expect(details.allSatisfy { $0["line"] is Int && $0["column"] is Int })
            #expect(details.first { ($0["message"] as? String)?.contains("stage local") == true }?["line"] as? Int == 9)
            let history = try await client.send(.get, "/api/v1/history", token: user.access)
            #expect(history.json["total"] as? Int == 0, "refused jobs are not stored")
        }
        await app.shutdown()
    }
}

extension Data {
    /// Decodes base64url without padding.
    init?(base64URL: String) {
        var s = base64URL.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        self.init(base64Encoded: s)
    }
}
