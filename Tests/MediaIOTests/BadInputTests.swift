// Files that are not audio, empty, missing, truncated or corrupt: each gives a clear MediaError, never a crash.
// Corrupt-but-mostly-fine files must still decode, as the ffmpeg CLI would.

import Foundation
import Testing
import MediaIO

@Suite("Bad inputs")
struct BadInputTests {
    static func code(_ body: () throws -> Void) -> MediaError? {
        do {
            try body()
            return nil
        } catch let error as MediaError {
            return error
        } catch {
            Issue.record("not a MediaError: \(error)")
            return nil
        }
    }

    static func decodeAll(_ path: String, end: Double? = nil) throws -> Int {
        try AudioDecoder.decode(path: path, layout: .working, start: 0, end: end) { _ in }
    }

    @Test("A text file is not audio")
    func textFile() throws {
        let dir = try TempDir()
        let path = dir.path("x.txt")
        try "just some words, not audio at all\n".write(toFile: path, atomically: true, encoding: .utf8)
        let probeError = try #require(Self.code { _ = try MediaProbe.probe(path: path) })
        #expect(probeError.code == .notAudio)
        #expect(probeError.description == "'\(path)' is not an audio file FFmpeg can read (Invalid data found when processing input)")
        #expect(Self.code { _ = try Self.decodeAll(path) }?.code == .notAudio)
    }

    @Test("An empty file is not audio, and says it is empty")
    func emptyFile() throws {
        let dir = try TempDir()
        let path = dir.path("empty.mp3")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let error = try #require(Self.code { _ = try AudioDecoder(path: path) })
        #expect(error.code == .notAudio)
        #expect(error.description.contains("empty"))
    }

    @Test("A missing file is an io error")
    func missingFile() throws {
        let dir = try TempDir()
        let error = try #require(Self.code { _ = try MediaProbe.probe(path: dir.path("nope.wav")) })
        #expect(error.code == .io)
        #expect(error.description.contains("does not exist"))
    }

    @Test("A video without sound has no audio stream; an image is not an allowed container")
    func imageFile() throws {
        let dir = try TempDir()
        let video = dir.path("x.mp4")
        try Tool.ffmpeg(["-f", "lavfi", "-i", "testsrc=s=32x32:d=1", "-c:v", "mpeg4", video])
        let error = try #require(Self.code { _ = try MediaProbe.probe(path: video) })
        #expect(error.code == .noAudioStream)
        #expect(error.description == "'\(video)' has no audio stream")
        #expect(Self.code { _ = try AudioDecoder(path: video) }?.code == .noAudioStream)
        let path = dir.path("x.png")
        try Tool.ffmpeg(["-f", "lavfi", "-i", "testsrc=s=32x32", "-frames:v", "1", path])
        #expect(Self.code { _ = try MediaProbe.probe(path: path) }?.code == .notAudio)
    }

    @Test("Random bytes named .mp3 fail cleanly")
    func randomBytes() throws {
        let dir = try TempDir()
        let path = dir.path("noise.mp3")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let error = try #require(Self.code { _ = try Self.decodeAll(path) })
        // Depending on the bytes, some demuxer may claim them (then there is no audio stream).
        #expect([.notAudio, .noAudioStream, .decodeFailed].contains(error.code), "\(error)")
    }

    @Test("Files cut in half: decode what is there; asking for the full length is `truncated`", arguments: [
        ("half.wav", [String]()), ("half.mp3", ["-c:a", "libmp3lame", "-b:a", "128k"]), ("half.flac", []), ("half.m4a", ["-c:a", "aac"]),
    ])
    func truncatedFiles(name: String, options: [String]) throws {
        let dir = try TempDir()
        let whole = dir.path("whole-" + name)
        try Tool.generate("sine=f=440:r=44100:d=6", to: whole, options: ["-ac", "2"] + options)
        let data = try Data(contentsOf: URL(fileURLWithPath: whole))
        let path = dir.path(name)
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        let error: MediaError? = Self.code {
            let frames = try Self.decodeAll(path)
            print("\(name): \(frames) frames from half the bytes")
            #expect(frames > 44_100 && frames < 6 * 44_100)
        }
        // MP4 keeps its index at the end: half a file may not open at all, which must be a clean error too.
        if let error { #expect([.notAudio, .decodeFailed].contains(error.code), "\(error)") }
        guard error == nil else { return }
        let truncated = try #require(Self.code { _ = try Self.decodeAll(path, end: 6) })
        #expect(truncated.code == .truncated)
        #expect(truncated.description.hasPrefix("'\(path)' ended at "))
        #expect(truncated.description.hasSuffix(", before the requested end 6.000 s (the file may be truncated)"))
    }

    @Test("An MP3 with a few kilobytes of garbage in the middle still decodes to about its length")
    func corruptMiddle() throws {
        let dir = try TempDir()
        let path = dir.path("damaged.mp3")
        try Tool.generate("sine=f=440:r=44100:d=6", to: path, options: ["-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k"])
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        var generator = SystemRandomNumberGenerator()
        for index in (data.count / 2) ..< (data.count / 2 + 3_000) { data[index] = UInt8.random(in: 0...255, using: &generator) }
        try data.write(to: URL(fileURLWithPath: path))
        let frames = try Self.decodeAll(path)
        print("damaged mp3: \(frames) frames of 264600")
        #expect(abs(frames - 264_600) < 44_100)
    }
}
