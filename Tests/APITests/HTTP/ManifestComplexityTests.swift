// Manifests too costly to expand: refused through the API with 422 MANIFEST_TOO_COMPLEX at once (the
// instance cap) or at the time budget, on a thread of their own while /health keeps answering.
import Foundation
import Testing
@testable import API

@Suite("Manifest complexity through the API", .serialized)
struct ManifestComplexityTests {
    /// One `foreach` over `items` uploads plus `paired` loudness stages that `foreach:` over it.
    static func fanOut(items: Int, paired: Int) -> String {
        var y = "version: 1\nname: big\nstages:\n  - id: clips\n    kind: source\n    foreach: ["
        y += (0..<items).map { "u\($0)" }.joined(separator: ", ")
        y += "]\n    upload: ${item}\n"
        for i in 0..<paired { y += "  - id: s\(i)\n    kind: loudness\n    foreach: clips\n" }
        return y
    }

    @Test("a 250 KB manifest expanding to millions of instances is refused in under 100 ms; /health keeps answering")
    func hugeFanOut() async throws {
        let app = try await APITestApp()
        let yaml = Self.fanOut(items: 1_000, paired: 4_800)
        #expect(yaml.utf8.count > 240_000 && yaml.utf8.count < 256 * 1024)
        try await app.test { client in
            let user = try await client.register("complex@example.com")
            // Warm the route once with a small manifest so the measurement is the validation, not first-use setup.
            _ = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(Self.fanOut(items: 2, paired: 0).utf8))
            async let health = client.send(.get, "/api/v1/health")
            // The best of five, so a busy machine's pauses do not count against the server.
            var elapsed = Duration.seconds(3600)
            var reply: Reply?
            for _ in 0..<5 {
                let started = ContinuousClock.now
                reply = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(yaml.utf8),
                                              headers: ["Content-Type": "application/yaml"])
                elapsed = min(elapsed, ContinuousClock.now - started)
            }
            let r = try #require(reply)
            #expect(r.status == 422, "\(r.text)")
            #expect(r.json["code"] as? String == "MANIFEST_TOO_COMPLEX")
            let detail = (r.json["details"] as? [[String: Any]])?.first ?? [:]
            #expect(detail["field"] as? String == "stages.s1.foreach")
            #expect(detail["line"] as? Int == 13 && detail["column"] as? Int == 14, "\(detail)")
            #expect(elapsed < .milliseconds(100), "refused after \(elapsed)")
            print("huge manifest refused after \(elapsed)")
            #expect(try await health.status == 200)
            #expect(try await client.send(.get, "/api/v1/health").status == 200)
        }
        await app.shutdown()
    }

    @Test("past MANIFEST_VALIDATION_MS validation stops with 422 MANIFEST_TOO_COMPLEX; /health answers meanwhile")
    func budget() async throws {
        let app = try await APITestApp(env: ["MAX_STAGE_INSTANCES": "1000000", "MANIFEST_VALIDATION_MS": "50"])
        let yaml = Self.fanOut(items: 1_000, paired: 500)  // 501,000 instances: under the raised cap, far past the budget
        try await app.test { client in
            let user = try await client.register("budget@example.com")
            let started = ContinuousClock.now
            async let submitted = client.send(.post, "/api/v1/jobs", token: user.access, body: Data(yaml.utf8))
            // The validation runs on its own thread: health answers while it works.
            let health = try await client.send(.get, "/api/v1/health")
            #expect(health.status == 200)
            let r = try await submitted
            let elapsed = ContinuousClock.now - started
            #expect(r.status == 422, "\(r.text.prefix(300))")
            #expect(r.json["code"] as? String == "MANIFEST_TOO_COMPLEX")
            let detail = (r.json["details"] as? [[String: Any]])?.first ?? [:]
            #expect((detail["message"] as? String ?? "").contains("time allowed"))
            #expect((detail["line"] as? Int ?? 0) >= 1 && (detail["column"] as? Int ?? 0) >= 1 && detail["field"] is String)
            #expect(elapsed < .seconds(3), "answered after \(elapsed)")
        }
        await app.shutdown()
    }
}
