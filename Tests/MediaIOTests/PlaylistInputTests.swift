// Playlists (HLS, concat) are refused when opened, before they can make FFmpeg open a file they name;
// the allowed containers still open. Untrusted uploads and downloads go through the same open.

import Foundation
import MediaIO
import Testing
import TestSupport

@Suite("Playlist inputs")
struct PlaylistInputTests {
    static func error(_ body: () throws -> Void) -> MediaError? {
        do { try body(); return nil } catch let error as MediaError { return error } catch {
            Issue.record("not a MediaError: \(error)")
            return nil
        }
    }

    static func playlist(_ kind: String, naming target: String) -> String {
        switch kind {
        case "hls": "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:1.0,\n\(target)\n#EXT-X-ENDLIST\n"
        default: "ffconcat version 1.0\nfile \(target)\n"
        }
    }

    @Test("A concat playlist naming a real WAV is not audio (FFmpeg would decode the WAV)")
    func concatOfRealFile() throws {
        let dir = try TempDir()
        try Tool.generate("sine=f=440:r=44100:d=1", to: dir.path("seg.wav"))
        let path = dir.path("list.mp3")
        try Self.playlist("concat", naming: "seg.wav").write(toFile: path, atomically: true, encoding: .utf8)
        let decodeError = try #require(Self.error { _ = try AudioDecoder(path: path) })
        #expect(decodeError.code == .notAudio)
        #expect(decodeError.description.contains("allowed audio formats"), "\(decodeError)")
        #expect(Self.error { _ = try MediaProbe.probe(path: path) }?.code == .notAudio)
    }

    @Test("HLS and concat playlists are refused without opening the file they name", arguments: ["hls", "concat"])
    func nothingOpened(kind: String) throws {
        let dir = try TempDir()
        let watch = try FIFOOpenWatch(path: dir.path("seg.wav"))
        let path = dir.path("list.mp3")
        let target = kind == "hls" ? watch.path : "seg.wav"
        try Self.playlist(kind, naming: target).write(toFile: path, atomically: true, encoding: .utf8)
        let error = Self.error { _ = try AudioDecoder(path: path) }
        #expect(!watch.wasOpened(), "FFmpeg opened the file the \(kind) playlist names")
        #expect(error?.code == .notAudio)
    }

    @Test("A path with a colon is a file name, not a protocol")
    func colonInPath() throws {
        let dir = try TempDir()
        let path = dir.path("http:tone.wav")
        try Tool.generate("sine=f=440:r=44100:d=1", to: "file:" + path)
        let info = try MediaProbe.probe(path: path)
        #expect(info.formatName == "wav")
    }
}
