// Run-time job bounds in the worker: what only probing reveals (an upload's sample rate, or a cut to its end that makes the
// job decode more than MAX_JOB_INPUT_SECONDS) fails the job with JOB_TOO_LARGE before the render starts; a fetched file is
// probed as its download ends and fails the same way before anything decodes it.
import Foundation
import HummingbirdTesting
import Testing
@testable import API
import Mashup
import Stages

@Suite("Job bounds on probed sources", .serialized)
struct SourceBoundsTests {
    /// A stereo WAV of `seconds` at `rate` Hz.
    static func wav(rate: Int, seconds: Int = 1) throws -> Data {
        let path = NSTemporaryDirectory() + "im-rate-\(UUID().uuidString).wav"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=\(seconds):sample_rate=\(rate)",
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

    /// A media fetcher that "downloads" fixed bytes and counts its downloads.
    final class FixedFetcher: MediaFetcher, @unchecked Sendable {
        let bytes: Data
        private let lock = NSLock()
        private var count = 0
        init(_ bytes: Data) { self.bytes = bytes }
        var downloads: Int { lock.withLock { count } }
        func download(url: String, mode: FetchMode, into directory: String, progress: @escaping @Sendable (Double) -> Void) async throws -> FetchedMedia {
            lock.withLock { count += 1 }
            let path = directory + "/fetched.wav"
            try bytes.write(to: URL(fileURLWithPath: path))
            return FetchedMedia(path: path, title: "t", artist: "a", webpageURL: url)
        }
        func downloadDirect(url: String, to path: String, progress: @escaping @Sendable (Double) -> Void) async throws {
            lock.withLock { count += 1 }
            try bytes.write(to: URL(fileURLWithPath: path))
        }
        func search(_ query: String, limit: Int) async throws -> [SearchCandidate] { [] }
    }

    @Test("a fetched file at 192 kHz, or longer than MAX_JOB_INPUT_SECONDS, fails JOB_TOO_LARGE as soon as it is probed; no later stage runs")
    func fetchedSources() async throws {
        let manifest = """
        version: 1
        name: fetched
        stages:
          - { id: song, kind: fetch, url: "https://93.184.216.34/watch?v=hires" }
          - { id: all, kind: cut, input: song, start: 0 }
          - { id: out, kind: encode, input: all, format: mp3 }
        """
        let rounds: [(env: [String: String], audio: Data, limit: String?)] = [
            (["MAX_SAMPLE_RATE": "96000"], try Self.wav(rate: 192_000), "MAX_SAMPLE_RATE"),
            (["MAX_JOB_INPUT_SECONDS": "2"], try Self.wav(rate: 44_100, seconds: 3), "MAX_JOB_INPUT_SECONDS"),
            (["MAX_SAMPLE_RATE": "192000", "MAX_JOB_INPUT_SECONDS": "2"], try Self.wav(rate: 192_000), nil),
        ]
        for round in rounds {
            let fetcher = FixedFetcher(round.audio)
            let app = try await APITestApp(env: round.env)
            var providers = StageProviders()
            providers.fetcher = fetcher
            try app.startWorkers(1, providers: providers)
            try await app.test { client in
                let user = try await client.register("fetch-bounds@example.com")
                let r = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(manifest.utf8))
                let jobId = try #require(r.json["job_id"] as? String, "\(r.text)")
                let job = try await client.waitForJob(jobId, token: user.access)
                let error = job["error"] as? [String: Any] ?? [:]
                if let limit = round.limit {
                    #expect(job["status"] as? String == "failed" && error["code"] as? String == "JOB_TOO_LARGE", "\(job)")
                    #expect((error["message"] as? String ?? "").contains(limit), "\(error)")
                    let stages = job["stages"] as? [[String: Any]] ?? []
                    #expect(stages.filter { $0["status"] as? String == "succeeded" }.isEmpty, "nothing after the fetch ran: \(stages)")
                } else {
                    #expect(job["status"] as? String == "succeeded", "within the limits it renders: \(job)")
                }
            }
            await app.shutdown()
            #expect(fetcher.downloads == 1)
        }
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
