// MAX_OUTPUT_MB: a job whose output files pass the limit fails with OUTPUT_TOO_LARGE, naming the limit, and its
// output files are removed.
import Foundation
import Testing
@testable import API

@Suite("Job output size limit", .serialized)
struct OutputSizeTests {
    @Test("MAX_OUTPUT_MB defaults to 1 GiB")
    func setting() throws {
        #expect(try AppConfig(environment: [:]).maxOutputBytes == 1 << 30)
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["MAX_OUTPUT_MB": "0"]) }
    }

    @Test("a job writing 8 s of WAV under MAX_OUTPUT_MB=1 fails with OUTPUT_TOO_LARGE and keeps no output")
    func outputTooLarge() async throws {
        let app = try await APITestApp(env: ["MAX_OUTPUT_MB": "1"])
        try app.startWorkers(1)
        try await app.test { client in
            let user = try await client.register("output@example.com")
            let job = try await client.runCutJob(try TestAudio.noiseMP3(seconds: 10), end: 8, format: "wav", name: "big", token: user.access)
            #expect(job["status"] as? String == "failed", "\(job)")
            let error = job["error"] as? [String: Any] ?? [:]
            #expect(error["code"] as? String == "OUTPUT_TOO_LARGE", "\(job)")
            #expect((error["message"] as? String ?? "").contains("MAX_OUTPUT_MB"))
            let jobId = try #require(job["job_id"] as? String, "\(job)")
            let folder = app.config.storageRoot + "/jobs/" + jobId
            let left = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            #expect(!left.contains { $0.hasSuffix(".wav") }, "\(left)")
        }
        await app.shutdown()
    }
}
