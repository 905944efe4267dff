// Uploads that are playlists, not audio: an HLS playlist named .mp3 is refused with NOT_AUDIO before FFmpeg
// opens the local file it names (a FIFO shows whether anything opened it).
import Foundation
import Testing
import TestSupport
@testable import API

@Suite("Upload playlists")
struct UploadPlaylistTests {
    @Test("an uploaded .mp3 that is an HLS playlist naming a local file is NOT_AUDIO, and the file is never opened")
    func hlsPlaylistUpload() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("im-playlist-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let watch = try FIFOOpenWatch(path: folder + "/segment.wav")
        let playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.0,\nfile://\(watch.path)\n#EXTINF:10.0,\n\(watch.path)\n#EXT-X-ENDLIST\n"
        let app = try await APITestApp()
        let status = try await app.test { client in
            let user = try await client.register("playlist@example.com")
            let reply = try await client.upload(Data(playlist.utf8), name: "song.mp3", token: user.access)
            return (reply.status, reply.json["code"] as? String)
        }
        await app.shutdown()
        #expect(!watch.wasOpened(), "FFmpeg opened the file the uploaded playlist names")
        #expect(status.0 == 422)
        #expect(status.1 == "NOT_AUDIO")
    }
}
