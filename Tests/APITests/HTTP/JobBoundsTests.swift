// Per-job resource bounds through the API: a manifest past MAX_JOB_INPUT_SECONDS, MAX_SAMPLE_RATE or MAX_CHANNELS
// is refused at submission with 422 JOB_TOO_LARGE, naming each limit, before any audio is decoded.
import Foundation
import Testing
@testable import API

@Suite("Job resource bounds through the API", .serialized)
struct JobBoundsTests {
    /// One upload source and `cuts` cuts of `minutes` each, at the working format given.
    static func manyCuts(_ cuts: Int, minutes: Int, sampleRate: Int, channels: Int, upload: String = UUID().uuidString.lowercased()) -> String {
        var y = "version: 1\nname: big\naudio: { sample_rate: \(sampleRate), channels: \(channels) }\nstages:\n"
        y += "  - { id: song, kind: source, upload: \(upload) }\n"
        for i in 0..<cuts { y += "  - { id: c\(i), kind: cut, input: song, start: 0, end: \(minutes * 60), clamp: true }\n" }
        return y
    }

    @Test("1,000 cuts of 10 min at 192 kHz/8 ch: 422 JOB_TOO_LARGE naming the rate, channel and duration limits")
    func thousandLongCuts() async throws {
        // The instance cap is raised so the refusal is for the job's size, not its expansion.
        let app = try await APITestApp(env: ["MAX_STAGE_INSTANCES": "1000000"])
        try await app.test { client in
            let user = try await client.register("bounds@example.com")
            let r = try await client.send(.post, "/api/v1/jobs", token: user.access,
                                          body: Data(Self.manyCuts(1_000, minutes: 10, sampleRate: 192_000, channels: 8).utf8))
            #expect(r.status == 422, "\(r.text.prefix(400))")
            #expect(r.json["code"] as? String == "JOB_TOO_LARGE")
            let details = r.json["details"] as? [[String: Any]] ?? []
            let fields = details.compactMap { $0["field"] as? String }
            #expect(fields == ["audio.sample_rate", "audio.channels", "stages.c12"], "\(details)")
            let messages = details.compactMap { $0["message"] as? String }.joined(separator: "\n")
            #expect(messages.contains("MAX_SAMPLE_RATE") && messages.contains("96000 Hz"))
            #expect(messages.contains("MAX_CHANNELS") && messages.contains("MAX_JOB_INPUT_SECONDS"))
            #expect(details.last?["line"] as? Int == 18, "\(details.last ?? [:])")
            // Nothing was queued, so nothing was decoded.
            let list = try await client.send(.get, "/api/v1/jobs", token: user.access)
            #expect(!list.text.contains("\"queued\""), "\(list.text.prefix(300))")
        }
        await app.shutdown()
    }

    @Test("within raised MAX_JOB_INPUT_SECONDS, MAX_SAMPLE_RATE and MAX_CHANNELS the same manifest is not JOB_TOO_LARGE")
    func raisedLimits() async throws {
        let app = try await APITestApp(env: ["MAX_STAGE_INSTANCES": "1000000", "MAX_JOB_INPUT_SECONDS": "600000",
                                             "MAX_SAMPLE_RATE": "192000", "MAX_CHANNELS": "8"])
        try await app.test { client in
            let user = try await client.register("raised@example.com")
            let r = try await client.send(.post, "/api/v1/jobs", token: user.access,
                                          body: Data(Self.manyCuts(1_000, minutes: 10, sampleRate: 192_000, channels: 8).utf8))
            #expect(r.json["code"] as? String != "JOB_TOO_LARGE", "\(r.text.prefix(400))")
        }
        await app.shutdown()
    }

    @Test("the bounds default to 2 h, 96 kHz and 2 channels; out-of-range settings are configuration errors")
    func settings() throws {
        let config = try AppConfig(environment: [:])
        #expect(config.maxJobInputSeconds == 7_200 && config.maxSampleRate == 96_000 && config.maxChannels == 2)
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["MAX_CHANNELS": "9"]) }
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["MAX_SAMPLE_RATE": "384000"]) }
    }
}
