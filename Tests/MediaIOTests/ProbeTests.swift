// MediaProbe against files made by the ffmpeg CLI: container, codec, format, duration, bit rate, start time, tags.
// Also FFmpegVersions and the MediaError message format.

import Foundation
import Testing
@testable import MediaIO

@Suite("Probe and versions")
struct ProbeTests {
    @Test("MP3: codec, layout, bit rate, encoder-delay start time, tags")
    func mp3() throws {
        let dir = try TempDir()
        let path = dir.path("a.mp3")
        try Tool.generate("sine=f=440:r=44100:d=5", to: path,
                          options: ["-ac", "2", "-c:a", "libmp3lame", "-b:a", "192k", "-metadata", "title=Song", "-metadata", "artist=Band"])
        let info = try MediaProbe.probe(path: path)
        #expect(info.formatName == "mp3")
        #expect(info.codecName == "mp3")
        #expect(info.layout == AudioLayout(sampleRate: 44_100, channels: 2))
        #expect(info.bitRate == 192_000)
        #expect(abs(info.startTime - 1_105.0 / 44_100) < 0.000_1, "start \(info.startTime)")
        #expect(abs((info.durationSeconds ?? 0) - 5) < 0.1)
        #expect(info.tags["title"] == "Song")
        #expect(info.tags["artist"] == "Band")
    }

    @Test("WAV, FLAC and M4A basics", arguments: [
        ("a.wav", [String](), "wav", "pcm_s16le", 48_000, 1),
        ("a.flac", [], "flac", "flac", 44_100, 2),
        ("a.m4a", ["-c:a", "aac"], "mov,mp4,m4a,3gp,3g2,mj2", "aac", 44_100, 2),
    ])
    func others(name: String, options: [String], format: String, codec: String, rate: Int, channels: Int) throws {
        let dir = try TempDir()
        let path = dir.path(name)
        try Tool.generate("sine=f=440:r=\(rate):d=3", to: path, options: ["-ac", String(channels)] + options)
        let info = try MediaProbe.probe(path: path)
        #expect(info.formatName == format)
        #expect(info.codecName == codec)
        #expect(info.sampleRate == rate)
        #expect(info.channels == channels)
        #expect(abs((info.durationSeconds ?? 0) - 3) < 0.05)
        #expect(info.startTime == 0)
        // Codable round trip (stages cache probe results).
        let copy = try JSONDecoder().decode(AudioFileInfo.self, from: JSONEncoder().encode(info))
        #expect(copy == info)
    }

    @Test("FFmpegVersions lists the four linked libraries as major.minor.micro")
    func versions() {
        let versions = FFmpegVersions.current
        #expect(Set(versions.keys) == ["libavformat", "libavcodec", "libswresample", "libavutil"])
        for (_, version) in versions {
            let parts = version.split(separator: ".")
            #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil }, "\(version)")
        }
        #expect(FFmpegVersions.ffmpegLibraryVersionString.hasPrefix("libavcodec=\(versions["libavcodec"]!) libavformat="))
        #expect(!FFmpegVersions.release.isEmpty)
    }

    @Test("MediaError messages name the file and read as sentences")
    func messages() {
        #expect(MediaError.truncated("x.wav", endedAt: 12.345, requestedEnd: 20).description
            == "'x.wav' ended at 12.345 s, before the requested end 20.000 s (the file may be truncated)")
        #expect(MediaError.noAudioStream("x.mp3").description == "'x.mp3' has no audio stream")
        #expect(MediaError.notAudio("x.txt", "Invalid data found when processing input").description
            == "'x.txt' is not an audio file FFmpeg can read (Invalid data found when processing input)")
        #expect(MediaError.seconds(0.0005) == "0.001")
        #expect(MediaError.seconds(-1.5) == "-1.500")
    }
}
