// Long-lived requests are bounded: at most MAX_SSE_STREAMS_PER_USER event streams per user (429
// beyond, the slot back when a stream ends), and /metrics behind a token or on its own port.
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import API

@Suite("Long-lived requests", .serialized)
struct LongLivedRequestTests {
    /// A job that stays queued (no workers run), so its event streams stay open.
    static let queuedJob = "version: 1\nname: q\nstages:\n  - id: a\n    kind: fetch\n    url: https://93.184.216.34/a.mp3\n"

    @Test("the 5th concurrent event stream of a user gets 429 TOO_MANY_STREAMS; a finished or dropped stream frees its slot")
    func streamLimit() async throws {
        let app = try await APITestApp()
        try await Application(router: app.router, logger: APITestApp.logger).test(.live) { client in
            let port = try #require(client.port)
            let user = try await client.register("streams@example.com")
            let other = try await client.register("other-streams@example.com")
            let r = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(Self.queuedJob.utf8))
            let jobId = try #require(r.json["job_id"] as? String, "\(r.text)")
            let path = "/api/v1/jobs/\(jobId)/events"
            let auth = ["Authorization": "Bearer \(user.access)"]
            var open: [RawHTTP] = []
            for _ in 0..<4 {
                let c = try RawHTTP(port: port)
                #expect(try c.get(path, headers: auth).status == 200)
                open.append(c)
            }
            let fifth = try await client.send(.get, path, token: user.access)
            #expect(fifth.status == 429, "\(fifth.text)")
            #expect(fifth.json["code"] as? String == "TOO_MANY_STREAMS")
            // Another user's streams are counted apart.
            let theirs = try await client.send(.post, "/api/v1/jobs", token: other.access, body: Data(Self.queuedJob.utf8))
            let theirJob = try #require(theirs.json["job_id"] as? String)
            let c = try RawHTTP(port: port)
            #expect(try c.get("/api/v1/jobs/\(theirJob)/events", headers: ["Authorization": "Bearer \(other.access)"]).status == 200)
            c.close()

            // A client that goes away gives its slot back (noticed at the stream's next write, a keep-alive at the latest).
            open.removeLast().close()
            var reopened: RawHTTP?
            let deadline = Date().addingTimeInterval(20)
            while reopened == nil, Date() < deadline {
                let c = try RawHTTP(port: port)
                if try c.get(path, headers: auth).status == 200 { reopened = c } else { try await Task.sleep(for: .milliseconds(200)) }
            }
            let again = try #require(reopened, "the dropped stream's slot did not come back")
            open.append(again)

            // Streams that finish (the job is cancelled: each sends `done` and ends) give their slots back at once.
            #expect(try await client.send(.post, "/api/v1/jobs/\(jobId)/cancel", token: user.access).status == 200)
            for c in open { #expect(c.read(until: "event: done").contains("event: done")) }
            var status = 0
            let deadline2 = Date().addingTimeInterval(2)
            while status != 200, Date() < deadline2 {
                status = try await client.send(.get, path, token: user.access).status
                if status != 200 { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(status == 200, "a finished stream's slot was not freed")
        }
        await app.shutdown()
    }

    @Test("with METRICS_TOKEN set, /metrics answers only that bearer token; without it /metrics stays open")
    func metricsToken() async throws {
        let app = try await APITestApp(env: ["METRICS_TOKEN": "m3trics-t0ken-for-tests"])
        try await app.test { client in
            let missing = try await client.send(.get, "/metrics")
            #expect(missing.status == 401)
            #expect(missing.json["code"] as? String == "METRICS_TOKEN_INVALID")
            #expect(try await client.send(.get, "/metrics", token: "wrong").status == 401)
            let ok = try await client.send(.get, "/metrics", token: "m3trics-t0ken-for-tests")
            #expect(ok.status == 200)
            #expect(ok.text.contains("intellimix_"))
        }
        await app.shutdown()
        let open = try await APITestApp()
        let status = try await open.test { client in try await client.send(.get, "/metrics").status }
        #expect(status == 200)
        await open.shutdown()
    }

    @Test("with METRICS_PORT set, /metrics is served on that port (loopback) and not on the main one")
    func metricsPort() async throws {
        let mainPort = try JobFlowTests.closedPort()
        let metricsPort = try JobFlowTests.closedPort()
        let app = try await APITestApp(env: ["METRICS_PORT": "\(metricsPort)"])
        let listeners = APIApplication.make(app.services, port: mainPort)
        let running = Task { try await listeners.run() }
        var health = 0
        let deadline = Date().addingTimeInterval(10)
        while health != 200, Date() < deadline {
            health = (try? RawHTTP.fetch(port: mainPort, "/api/v1/health").status) ?? 0
            if health != 200 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(health == 200)
        var metrics = (status: 0, body: "")
        while metrics.status != 200, Date() < deadline {
            metrics = (try? RawHTTP.fetch(port: metricsPort, "/metrics")) ?? (0, "")
            if metrics.status != 200 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("intellimix_"))
        #expect(try RawHTTP.fetch(port: mainPort, "/metrics").status == 404)
        #expect(try RawHTTP.fetch(port: metricsPort, "/api/v1/health").status == 404)
        running.cancel()
        _ = try? await running.value
        await app.shutdown()
    }
}
