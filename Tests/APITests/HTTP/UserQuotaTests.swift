// The per-user storage quota (USER_QUOTA_MB) over uploads and job outputs: an upload that would pass it, and a submission
// by a user already over it, are answered 413 QUOTA_EXCEEDED; other users are not affected.
import Foundation
import Testing
@testable import API

@Suite("Per-user storage quota", .serialized)
struct UserQuotaTests {
    @Test("USER_QUOTA_MB defaults to 2 GiB")
    func setting() throws {
        #expect(try AppConfig(environment: [:]).userQuotaBytes == 2 << 30)
        #expect(try AppConfig(environment: ["USER_QUOTA_MB": "5"]).userQuotaBytes == 5 << 20)
    }

    @Test("an upload past USER_QUOTA_MB is 413 QUOTA_EXCEEDED and not kept; a user over it cannot submit jobs, others can")
    func quota() async throws {
        let app = try await APITestApp(env: ["USER_QUOTA_MB": "1"])
        let audio = try TestAudio.noiseMP3(seconds: 180)
        #expect(audio.count > 600_000 && audio.count < 1 << 20, "\(audio.count) bytes")
        try await app.test { client in
            let user = try await client.register("quota@example.com")
            let first = try await client.upload(audio, name: "a.mp3", token: user.access)
            #expect(first.status == 201, "\(first.text)")
            let upload = try #require(first.json["upload_id"] as? String)
            let second = try await client.upload(audio, name: "b.mp3", token: user.access)
            #expect(second.status == 413, "\(second.text)")
            #expect(second.json["code"] as? String == "QUOTA_EXCEEDED")
            #expect((second.json["message"] as? String ?? "").contains("USER_QUOTA_MB"))
            let folder = app.config.storageRoot + "/uploads/" + user.id.lowercased()
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 1)

            // Take the user past the quota (as a running job's outputs can), then submit.
            #expect(FileManager.default.createFile(atPath: folder + "/extra.bin", contents: Data(count: 512 * 1024)))
            let manifest = """
            version: 1
            name: q
            stages:
              - { id: song, kind: source, upload: \(upload) }
              - { id: a, kind: cut, input: song, start: 0, end: 1 }
            """
            let refused = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(manifest.utf8))
            #expect(refused.status == 413, "\(refused.text)")
            #expect(refused.json["code"] as? String == "QUOTA_EXCEEDED")

            let other = try await client.register("roomy@example.com")
            let up = try await client.upload(try TestAudio.noiseMP3(seconds: 5), name: "c.mp3", token: other.access)
            let otherUpload = try #require(up.json["upload_id"] as? String, "\(up.text)")
            let accepted = try await client.send(.post, "/api/v1/jobs", token: other.access,
                                                 body: Data(manifest.replacingOccurrences(of: upload, with: otherUpload).utf8))
            #expect(accepted.status == 202, "\(accepted.text)")
        }
        await app.shutdown()
    }
}
