// Full job flows against the real router and real workers: uploads as sources, a manifest job
// with progress and files, Range requests, an unchanged re-render served wholly from the cache,
// Server-Sent Events, cancellation, deletion, the legacy routes with Prefer: wait, and a live port.
import Foundation
import Hummingbird
import HummingbirdTesting
import Pipeline
import TestSupport
import Testing
@testable import API

@Suite("Job flows", .serialized)
struct JobFlowTests {
    static func manifest(_ a: String, _ b: String) -> String {
        """
        version: 1
        name: two-uploads
        params:
          fade: 1.5
        stages:
          - id: first
            kind: source
            upload: \(a)
          - id: second
            kind: source
            upload: \(b)
          - id: a
            kind: cut
            input: first
            start: 0
            end: 3.5
          - id: b
            kind: cut
            input: second
            start: 0.5
            end: 4
          - id: mix
            kind: crossfade
            inputs: [a, b]
            duration: ${params.fade}
          - id: out
            kind: encode
            input: mix
            format: mp3
        """
    }

    @Test("upload, submit a manifest, follow it, fetch the file with Range, re-render from the cache", arguments: StoreKind.allCases)
    func manifestJob(kind: StoreKind) async throws {
        let app = try await APITestApp(kind)
        try app.startWorkers(1)
        try await app.test { client in
            let user = try await client.register("mixer@example.com")
            let a = try await client.upload(try TestAudio.tone(seconds: 4, frequency: 440), name: "a.wav", token: user.access)
            let b = try await client.upload(try TestAudio.tone(seconds: 4, frequency: 660, format: "flac"), name: "b.flac", token: user.access)
            #expect(a.status == 201 && b.status == 201, "\(a.text) \(b.text)")
            #expect((a.json["duration"] as? Double ?? 0) > 3.9)
            let yaml = Self.manifest(a.json["upload_id"] as! String, b.json["upload_id"] as! String)

            let submitted = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(yaml.utf8),
                                                  headers: ["Content-Type": "application/yaml"])
            #expect(submitted.status == 202, "\(submitted.text)")
            #expect(submitted.json["status"] as? String == "queued")
            let id = try #require(submitted.json["job_id"] as? String)
            #expect(submitted.header("Location") == "/api/v1/jobs/\(id)")

            let done = try await client.waitForJob(id, token: user.access)
            #expect(done["status"] as? String == "succeeded", "\(done)")
            #expect(done["progress"] as? Double == 1)
            let stages = try #require(done["stages"] as? [[String: Any]])
            #expect(stages.map { $0["id"] as? String } == ["first", "second", "a", "b", "mix", "out"])
            #expect(stages.allSatisfy { $0["status"] as? String == "ran" && $0["cached"] as? Bool == false })
            let file = try #require((done["files"] as? [[String: Any]])?.first)
            let url = try #require(file["url"] as? String)

            let whole = try await client.send(.get, url, token: user.access)
            #expect(whole.status == 200)
            #expect(whole.header("Content-Type") == "audio/mpeg")
            #expect(whole.body.count > 10_000)
            let part = try await client.send(.get, url, token: user.access, headers: ["Range": "bytes=100-1099"])
            #expect(part.status == 206)
            #expect(part.body == whole.body.subdata(in: 100..<1100))
            #expect(part.header("Content-Range") == "bytes 100-1099/\(whole.body.count)")
            let tail = try await client.send(.get, url, token: user.access, headers: ["Range": "bytes=-10"])
            #expect(tail.body == whole.body.suffix(10))
            #expect(try await client.send(.get, url, token: user.access, headers: ["Range": "bytes=99999999-"]).status == 416)

            let stored = try await client.send(.get, "/api/v1/jobs/\(id)/manifest", token: user.access)
            #expect(stored.text == yaml)

            // An unchanged re-render runs no stage.
            let again = try await client.send(.post, "/api/v1/jobs/\(id)/rerender", token: user.access)
            #expect(again.status == 202)
            let rerun = try await client.waitForJob(try #require(again.json["job_id"] as? String), token: user.access)
            #expect(rerun["status"] as? String == "succeeded")
            #expect((rerun["stages"] as? [[String: Any]] ?? []).allSatisfy { $0["cached"] as? Bool == true }, "\(rerun)")
            #expect(rerun["parent_id"] as? String == id)

            // A changed parameter re-runs only what depends on it.
            let changed = try await client.send(.post, "/api/v1/jobs/\(id)/rerender", token: user.access, json: ["params": ["fade": 0.5]])
            let third = try await client.waitForJob(try #require(changed.json["job_id"] as? String), token: user.access)
            let statuses = Dictionary(uniqueKeysWithValues: (third["stages"] as? [[String: Any]] ?? []).map { ($0["id"] as! String, $0["status"] as! String) })
            #expect(statuses == ["first": "cached", "second": "cached", "a": "cached", "b": "cached", "mix": "ran", "out": "ran"])

            // Deleting removes the job's files but not the cache.
            let jobDir = "\(app.root)/jobs/\(id)"
            #expect(FileManager.default.fileExists(atPath: jobDir))
            #expect(try await client.send(.delete, "/api/v1/history/\(id)", token: user.access).status == 200)
            #expect(!FileManager.default.fileExists(atPath: jobDir))
            #expect(try await client.send(.get, url, token: user.access).status == 404)
        }
        await app.shutdown()
    }

    @Test("an invalid manifest gets 422 with every error and its line:column; JSON manifests work too")
    func invalidManifest() async throws {
        let app = try await APITestApp()
        try await app.test { client in
            let user = try await client.register("typo@example.com")
            let yaml = "version: 1\nname: broken\nstages:\n  - id: a\n    kind: sourse\n  - id: b\n    kind: encode\n    input: nowhere\n    format: mp4\n"
            let r = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(yaml.utf8))
            #expect(r.status == 422)
            #expect(r.json["code"] as? String == "MANIFEST_INVALID")
            let details = r.json["details"] as? [[String: Any]] ?? []
            #expect(details.count >= 3, "\(details)")
            #expect(details.contains { $0["line"] as? Int == 5 && ($0["message"] as? String ?? "").contains("sourse") })
            #expect(details.contains { $0["line"] as? Int == 8 && $0["field"] as? String == "stages.b.input" })
            #expect(details.contains { $0["line"] as? Int == 9 })

            let json = #"{"version": 1, "name": "as-json", "stages": [{"id": "a", "kind": "fetch", "url": "https://93.184.216.34/x.mp3"}]}"#
            let ok = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(json.utf8), headers: ["Content-Type": "application/json"])
            #expect(ok.status == 202, "\(ok.text)")
            let bad = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data("[1, 2]".utf8), headers: ["Content-Type": "application/json"])
            #expect(bad.status == 400)
        }
        await app.shutdown()
    }

    @Test("events stream progress and end with the final state; cancel stops a queued job")
    func eventsAndCancel() async throws {
        let app = try await APITestApp()
        try await app.test { client in
            let user = try await client.register("events@example.com")
            let a = try await client.upload(try TestAudio.tone(seconds: 5), name: "a.wav", token: user.access)
            let yaml = Self.manifest(a.json["upload_id"] as! String, a.json["upload_id"] as! String)
            // No worker yet: the job waits in the queue and can be cancelled.
            let queued = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(yaml.utf8))
            let queuedId = try #require(queued.json["job_id"] as? String)
            let cancelled = try await client.send(.post, "/api/v1/jobs/\(queuedId)/cancel", token: user.access)
            #expect(cancelled.status == 200)
            #expect(cancelled.json["status"] as? String == "cancelled")

            let job = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(yaml.utf8))
            let id = try #require(job.json["job_id"] as? String)
            try app.startWorkers(1)
            let events = try await client.send(.get, "/api/v1/jobs/\(id)/events", token: user.access)
            #expect(events.status == 200)
            #expect(events.header("Content-Type") == "text/event-stream")
            let blocks = events.text.components(separatedBy: "\n\n").filter { $0.contains("data: ") }
            #expect(blocks.count >= 2, "\(events.text)")
            #expect(blocks.last?.contains("event: done") == true)
            let lastData = blocks.last!.components(separatedBy: "data: ").last!
            let final = try JSONSerialization.jsonObject(with: Data(lastData.utf8)) as? [String: Any]
            #expect(final?["status"] as? String == "succeeded")
            #expect(blocks.dropLast().allSatisfy { $0.contains("event: progress") })

            // The signed events URL works without a token (EventSource), and only as signed.
            let signed = try #require(final?["events_url"] as? String)
            #expect(signed.hasPrefix("/api/v1/jobs/\(id)/events?"))
            let anonymous = try await client.send(.get, signed)
            #expect(anonymous.status == 200)
            #expect(anonymous.text.contains("event: done"))
            let other = try await client.register("other-events@example.com")
            #expect(try await client.send(.get, signed.replacingOccurrences(of: "uid=\(user.id)", with: "uid=\(other.id)")).status == 401)
            #expect(try await client.send(.get, signed.replacingOccurrences(of: "/jobs/\(id)/", with: "/jobs/\(queuedId)/")).status == 401)
            #expect(try await client.send(.get, "/api/v1/jobs/\(id)/events").status == 401)
        }
        await app.shutdown()
    }

    @Test("a transient failure is retried with backoff until the attempts run out; the failure keeps its code")
    func retries() async throws {
        let app = try await APITestApp(env: ["INTELLIMIX_FETCH_ALLOW_PRIVATE_ADDRESSES": "true", "JOB_MAX_ATTEMPTS": "3",
                                                 "INTELLIMIX_FETCH_CONNECT_TIMEOUT_SECONDS": "0.5"])
        var policy = RetryPolicy()
        policy.baseDelay = 0.2
        try app.startWorkers(1, retry: policy)
        // A port nobody listens on: every download attempt fails with a network error.
        let port = try Self.closedPort()
        try await app.test { client in
            let user = try await client.register("retry@example.com")
            let yaml = "version: 1\nname: flaky\nstages:\n  - id: a\n    kind: fetch\n    url: http://127.0.0.1:\(port)/gone.wav\n"
            let r = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(yaml.utf8))
            let done = try await client.waitForJob(try #require(r.json["job_id"] as? String), token: user.access)
            #expect(done["status"] as? String == "failed")
            #expect(done["attempt"] as? Int == 3, "\(done)")
            let code = (done["error"] as? [String: Any])?["code"] as? String ?? ""
            #expect(RetryPolicy().retryableCodes.contains(code), "\(code)")
        }
        await app.shutdown()
    }

    /// A loopback port that refuses connections.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// A ten-stage job whose second stage decodes ten minutes of audio (seconds of work), for the cancel test.
    static func tenStageManifest(upload: String) -> String {
        """
        version: 1
        name: long
        stages:
          - { id: song, kind: source, upload: \(upload) }
          - { id: whole, kind: cut, input: song, start: 0 }
          - { id: loud, kind: loudness, input: whole }
          - { id: a, kind: cut, input: loud, start: 0, end: 10 }
          - { id: b, kind: cut, input: loud, start: 10, end: 20 }
          - { id: c, kind: cut, input: loud, start: 20, end: 30 }
          - { id: mix, kind: crossfade, inputs: [a, b, c], duration: 2 }
          - { id: mp3, kind: encode, input: mix, format: mp3 }
          - { id: flac, kind: encode, input: mix, format: flac }
          - { id: wav, kind: encode, input: mix, format: wav }
        """
    }

    @Test("cancelling a running job interrupts its running stage: cancelled within 1 s, later stages never start, nothing stored")
    func cancelRunning() async throws {
        let app = try await APITestApp()
        try app.startWorkers(1)
        try await app.test { client in
            let user = try await client.register("stop@example.com")
            let up = try await client.upload(try TestAudio.noiseMP3(seconds: 600), name: "long.mp3", token: user.access)
            let upload = try #require(up.json["upload_id"] as? String, "\(up.text)")
            let r = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(Self.tenStageManifest(upload: upload).utf8))
            let jobId = try #require(r.json["job_id"] as? String, "\(r.text)")
            func stages(_ job: [String: Any]) -> [String: [String: Any]] {
                Dictionary(uniqueKeysWithValues: (job["stages"] as? [[String: Any]] ?? []).map { ($0["id"] as! String, $0) })
            }
            // Wait until the second stage is under way.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let job = try await client.send(.get, "/api/v1/jobs/\(jobId)", token: user.access).json
                if stages(job)["whole"]?["status"] as? String == "running" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let asked = ContinuousClock.now
            let cancel = try await client.send(.post, "/api/v1/jobs/\(jobId)/cancel", token: user.access)
            #expect(cancel.status == 202, "\(cancel.text)")
            var done: [String: Any] = [:]
            while asked.duration(to: .now) < .seconds(30) {
                done = try await client.send(.get, "/api/v1/jobs/\(jobId)", token: user.access).json
                if done["status"] as? String != "running" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let latency = asked.duration(to: .now)
            #expect(done["status"] as? String == "cancelled", "\(done)")
            #expect(latency < .seconds(1), "cancelled \(latency) after the request")
            let rows = stages(done)
            #expect(rows["song"]?["status"] as? String == "ran")
            #expect(rows["whole"]?["status"] as? String == "failed" && rows["whole"]?["error_code"] as? String == "CANCELLED", "\(rows)")
            for id in ["loud", "a", "b", "c", "mix", "mp3", "flac", "wav"] {
                let status = rows[id]?["status"] as? String
                #expect(status == "pending" || status == "skipped", "\(id) started: \(status ?? "-")")
            }
            #expect((done["files"] as? [Any])?.isEmpty == true)
            // The interrupted stage left no cache entry, no blob and no staging folder.
            let cache = try CacheDirectory(root: app.config.cacheRoot)
            let entries = cache.listActions().map(\.entry)
            #expect(!entries.contains { $0.stageId == "whole" })
            let stored = Set(entries.flatMap { $0.outputs.values.map(\.digest) })
            #expect(Set(cache.blobs.list().map(\.digest)).isSubset(of: stored), "a blob without an entry")
            let work = (try? FileManager.default.contentsOfDirectory(atPath: "\(cache.root)/tmp")) ?? []
            #expect(work.filter { $0.hasPrefix("work-") }.isEmpty, "\(work)")
        }
        await app.shutdown()
    }

    @Test("too many jobs in flight answers 429")
    func inFlightLimit() async throws {
        let app = try await APITestApp(env: ["MAX_JOBS_IN_FLIGHT": "2"])
        try await app.test { client in
            let user = try await client.register("busy@example.com")
            let yaml = "version: 1\nname: q\nstages:\n  - id: a\n    kind: fetch\n    url: https://93.184.216.34/a.mp3\n"
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(yaml.utf8)).status) }
            #expect(statuses == [202, 202, 429])
        }
        await app.shutdown()
    }

    @Test("process-array with Prefer: wait answers the original's 200 body, on a live port")
    func legacyProcessArrayLive() async throws {
        let media = FileManager.default.temporaryDirectory.appendingPathComponent("im-media-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: media, withIntermediateDirectories: true)
        try TestAudio.tone(seconds: 8, frequency: 330).write(to: URL(fileURLWithPath: "\(media)/one.wav"))
        try TestAudio.tone(seconds: 8, frequency: 550).write(to: URL(fileURLWithPath: "\(media)/two.wav"))
        let services = try FakeServices(media: media)
        let app = try await APITestApp(env: ["INTELLIMIX_FETCH_ALLOW_PRIVATE_ADDRESSES": "true"])
        try app.startWorkers(1)
        try await Application(router: app.router, logger: APITestApp.logger).test(.live) { client in
            let user = try await client.register("legacy@example.com")
            let base = "http://127.0.0.1:\(services.port)/media"
            let r = try await client.send(.post, "/api/v1/process-array", token: user.access,
                                          json: ["urls": [["url": "\(base)/one.wav", "start": "0:01", "end": "5"], ["url": "\(base)/two.wav", "start": 2, "end": "0:07"]]],
                                          headers: ["Prefer": "wait=60"])
            #expect(r.status == 200, "\(r.text)")
            #expect(r.json["message"] as? String == "Audio processed successfully")
            let path = try #require(r.json["merged_file_path"] as? String)
            #expect(path.hasPrefix("/files/"))
            #expect(r.header("Preference-Applied") == "wait=60")
            let file = try await client.send(.get, path, token: user.access)
            #expect(file.status == 200)
            #expect(file.body.count > 10_000)
            let health = try await client.send(.get, "/api/v1/health")
            #expect(health.json["database"] as? String == "ok")
            #expect(health.header("X-Content-Type-Options") == "nosniff")
            #expect(health.header("X-Frame-Options") == "DENY")
            #expect(health.header("Referrer-Policy") == "no-referrer")
            let page = try await client.send(.get, "/")
            #expect(page.status == 200)
            #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
            #expect(page.header("Content-Security-Policy")?.contains("unsafe-inline") == false, "the studio has no inline code")
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.text.contains("intellimix_http_request_duration_seconds"))
            #expect(metrics.text.contains("intellimix_queue_depth"))
            #expect(metrics.text.contains("intellimix_cache_misses_total"))
        }
        #expect(services.requests.filter { $0.contains("/media/") }.count >= 2)
        await app.shutdown()
    }
}
