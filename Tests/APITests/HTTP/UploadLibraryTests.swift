// The uploads library: list (newest first, each with a signed audio URL that plays without a token and seeks with
// Range), waveform peaks that follow the audio's level, delete (file, record and URL gone), and all of it scoped to
// the owner; an upload's signed URL never opens a job file.
import Foundation
import Testing
@testable import API

@Suite("Uploads library")
struct UploadLibraryTests {
    /// `seconds` of a 440 Hz sine at `amplitude` then the same of silence, as WAV (ffmpeg lavfi).
    static func toneThenSilence(seconds: Int, amplitude: Double) throws -> Data {
        let path = NSTemporaryDirectory() + "im-peaks-\(UUID().uuidString).wav"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi",
                       "-i", "aevalsrc=\(amplitude)*sin(2*PI*440*t)*lt(t\\,\(seconds)):d=\(seconds * 2):s=44100", path]
        try p.run()
        p.waitUntilExit()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test("list, play by signed URL (with Range), peaks, delete; other users see, play and delete nothing", arguments: StoreKind.allCases)
    func library(kind: StoreKind) async throws {
        let app = try await APITestApp(kind)
        try app.startWorkers(1)
        try await app.test { client in
            let user = try await client.register("library@example.com")
            let other = try await client.register("other@example.com")
            let first = try await client.upload(try Self.toneThenSilence(seconds: 2, amplitude: 0.5), name: "tone.wav", token: user.access)
            #expect(first.status == 201, "\(first.text)")
            let second = try await client.upload(try TestAudio.tone(seconds: 1, frequency: 330, format: "mp3"), name: "second.mp3", token: user.access)
            let firstId = try #require(first.json["upload_id"] as? String)
            let secondId = try #require(second.json["upload_id"] as? String)

            let list = try await client.send(.get, "/api/v1/uploads", token: user.access)
            #expect(list.status == 200)
            let items = list.json["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { $0["upload_id"] as? String } == [secondId, firstId], "newest first: \(list.text)")
            #expect(list.json["total"] as? Int == 2)
            #expect(items.last?["file_name"] as? String == "tone.wav")
            #expect(try await client.send(.get, "/api/v1/uploads", token: other.access).json["total"] as? Int == 0)

            // The signed URL plays without a token, and seeks.
            let url = try #require(items.last?["url"] as? String)
            #expect(url.hasPrefix("/uploads/\(firstId)/audio?"))
            let whole = try await client.send(.get, url)
            #expect(whole.status == 200 && whole.header("Content-Type") == "audio/wav" && whole.body.count > 300_000, "\(whole.status)")
            let range = try await client.send(.get, url, headers: ["Range": "bytes=0-99"])
            #expect(range.status == 206 && range.body.count == 100)
            #expect(try await client.send(.head, url).status == 200)
            #expect(try await client.send(.get, "/uploads/\(firstId)/audio", token: user.access).status == 200)
            #expect(try await client.send(.get, "/uploads/\(firstId)/audio", token: other.access).status == 404)
            // A tampered signature, or the upload's signature on a job-file path, is refused.
            #expect(try await client.send(.get, url.replacingOccurrences(of: "sig=", with: "sig=x")).status == 401)
            let query = url.split(separator: "?").last.map(String.init) ?? ""
            #expect(try await client.send(.get, "/files/\(firstId)/%2Fupload?\(query)").status != 200)

            // Peaks follow the level: about 0.5 in the tone's half, about 0 in the silent half.
            let peaks = try await client.send(.get, "/api/v1/uploads/\(firstId)/peaks?points=100", token: user.access)
            #expect(peaks.status == 200, "\(peaks.text)")
            let values = peaks.json["peaks"] as? [Double] ?? []
            #expect(values.count == 100)
            #expect(values.prefix(45).allSatisfy { abs($0 - 0.5) < 0.05 }, "\(values.prefix(45))")
            #expect(values.suffix(45).allSatisfy { $0 < 0.01 }, "\(values.suffix(45))")
            let again = try await client.send(.get, "/api/v1/uploads/\(firstId)/peaks?points=100", token: user.access)
            #expect(again.json["peaks"] as? [Double] == values, "the stored waveform gives the same peaks")
            #expect(try await client.send(.get, "/api/v1/uploads/\(firstId)/peaks?points=5", token: user.access).status == 400)
            // With its waveform stored beside it, the upload still renders as a source (the sidecar is never taken for it).
            let manifest = "version: 1\nname: from-library\nstages:\n  - { id: s, kind: source, upload: \(firstId) }\n"
                + "  - { id: c, kind: cut, input: s, start: 0, end: 1 }\n  - { id: out, kind: encode, input: c, format: mp3 }\n"
            let submitted = try await client.send(.post, "/api/v1/jobs", token: user.access, body: Data(manifest.utf8))
            let rendered = try await client.waitForJob(try #require(submitted.json["job_id"] as? String, "\(submitted.text)"), token: user.access)
            #expect(rendered["status"] as? String == "succeeded", "\(rendered)")
            #expect(try await client.send(.get, "/api/v1/uploads/\(firstId)/peaks", token: other.access).status == 404)

            // Delete: the other user cannot; the owner can, once; the file and its URL are gone.
            #expect(try await client.send(.delete, "/api/v1/uploads/\(firstId)", token: other.access).status == 404)
            #expect(try await client.send(.delete, "/api/v1/uploads/\(firstId)", token: user.access).status == 204)
            #expect(try await client.send(.delete, "/api/v1/uploads/\(firstId)", token: user.access).status == 404)
            #expect(try await client.send(.get, url).status == 404)
            let after = try await client.send(.get, "/api/v1/uploads", token: user.access)
            #expect((after.json["items"] as? [[String: Any]])?.compactMap { $0["upload_id"] as? String } == [secondId])
            let folder = "\(app.root)/uploads"
            let left = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { $0.contains(firstId) }
            #expect(left.isEmpty, "\(left)")
        }
        await app.shutdown()
    }
}
