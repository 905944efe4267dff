// Run-time job bounds in the worker: what only probing reveals (an upload's sample rate, or a cut to its end that makes the
// job decode more than MAX_JOB_INPUT_SECONDS) fails the job with JOB_TOO_LARGE before the render starts.
import Foundation
import HummingbirdTesting
import Testing
@testable import API

@Suite("Job bounds on probed sources", .serialized)
struct SourceBoundsTests {
    /// A one-second stereo WAV at `rate` Hz.
    static func wav(rate: Int) throws -> Data {
        let path = NSTemporaryDirectory() + "im-rate-\(UUID().uuidString).wav"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1:sample_rate=\(rate)",
                       "-ac", "2", path]
        try p.run()
        p.waitUntilExit()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Submits a cut of the whole upload and waits for the job.
    static func run(_ client: some TestClientProtocol, token: String, upload: String) async throws -> [String: Any] {
        let manifest = """
        version: 1
        name: whole
        stages:
          - { id: song, kind: source, upload: \(upload) }
          - { id: all, kind: cut, input: song, start: 0 }
          - { id: out, kind: encode, input: all, format: mp3 }
        """
        let r = try await client.send(.post, "/api/v1/jobs", token: token, body: Data(manifest.utf8))
        #expect(r.status == 202, "\(r.text)")
        let jobId = try #require(r.json["job_id"] as? String, "\(r.text)")
        return try await client.waitForJob(jobId, token: token)
    }

    @Test("a cut to the end of a 10 s upload under MAX_JOB_INPUT_SECONDS=5 fails JOB_TOO_LARGE before rendering")
    func probedDuration() async throws {
        let app = try await APITestApp(env: ["MAX_JOB_INPUT_SECONDS": "5"])
        try app.startWorkers(1)
        try await app.test { client in
            let user = try await client.register("long@example.com")
            let up = try await client.upload(try TestAudio.noiseMP3(seconds: 10), name: "ten.mp3", token: user.access)
            let job = try await Self.run(client, token: user.access, upload: try #require(up.json["upload_id"] as? String, "\(up.text)"))
            let error = job["error"] as? [String: Any] ?? [:]
            #expect(job["status"] as? String == "failed" && error["code"] as? String == "JOB_TOO_LARGE", "\(job)")
            #expect((error["message"] as? String ?? "").contains("MAX_JOB_INPUT_SECONDS"))
            #expect(!"\(job["stages"] ?? "")".contains("succeeded"), "no stage ran: \(job)")
        }
        await app.shutdown()
    }

    @Test("an upload at 192 kHz fails JOB_TOO_LARGE (MAX_SAMPLE_RATE); with MAX_SAMPLE_RATE=192000 it renders")
    func probedRate() async throws {
        let audio = try Self.wav(rate: 192_000)
        for (limit, code) in [("96000", "JOB_TOO_LARGE"), ("192000", nil as String?)] {
            let app = try await APITestApp(env: ["MAX_SAMPLE_RATE": limit])
            try app.startWorkers(1)
            try await app.test { client in
                let user = try await client.register("rate@example.com")
                let up = try await client.upload(audio, name: "hi.wav", token: user.access)
                let job = try await Self.run(client, token: user.access, upload: try #require(up.json["upload_id"] as? String, "\(up.text)"))
                let error = job["error"] as? [String: Any]
                #expect(error?["code"] as? String == code, "\(job)")
                if code != nil { #expect((error?["message"] as? String ?? "").contains("MAX_SAMPLE_RATE")) }
            }
            await app.shutdown()
        }
    }
}
